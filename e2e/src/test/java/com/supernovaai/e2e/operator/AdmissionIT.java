package com.supernovaai.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.harness.Crds;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The living list of what the API server refuses at {@code kubectl apply}, one row per mistake: the
 * stack (or the update, for transitions), the field the refusal names and a fragment of what it
 * says is allowed. Rows that look close but are valid keep the rules from over-refusing.
 * docs/validation.md lists the same refusals by field.
 *
 * <p>Only the CRD is installed (no operator): creations are server-side dry runs; a transition
 * creates a paused stack, then dry-runs the update.
 */
@ExtendWith(KubernetesClusterExtension.class)
class AdmissionIT {

  private static final String IMAGE = "registry.example.com/supernova/api-server:1.4.2";
  private static final String API = "api: {image: " + IMAGE + "}";
  // Patroni is not in the default timescale/timescaledb image: a replicated stack names one.
  private static final String PATRONI_IMAGE = "localhost/supernova/postgres:16";

  private static long started;

  /** A stack the API server must refuse: its spec (flow YAML), field and message fragment. */
  record Refused(String name, String spec, String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  /** A stack the API server must accept although it is close to a refused one. */
  record Accepted(String why, String name, String spec) {
    @Override
    public String toString() {
      return why;
    }
  }

  /** An update of a valid stack: refused (field and message set) or accepted (both null). */
  record Update(String why, String before, String patch, String field, String message) {
    @Override
    public String toString() {
      return why;
    }
  }

  static Refused refused(String spec, String field, String message) {
    return new Refused("invalid", spec, field, message);
  }

  static Stream<Refused> refusals() {
    return Stream.of(
        // metadata.name: everything the operator creates is named after it.
        new Refused(
            "a234567890123456789012345678901234567x9",
            "{" + API + "}",
            "metadata.name",
            "at most 38"),
        new Refused("1stack", "{" + API + "}", "metadata.name", "start with a lowercase letter"),
        new Refused("my.stack", "{" + API + "}", "metadata.name", "DNS-1035 label"),
        // Required fields and existing shape rules.
        refused("{api: {}}", "spec.api.image", "Required value"),
        refused(
            "{api: {image: " + IMAGE + ", autoscaling: {minReplicas: 5, maxReplicas: 2}}}",
            "spec.api.autoscaling",
            "maxReplicas must be greater than or equal to minReplicas"),
        // Images.
        refused("{api: {image: 'Registry/API:1'}}", "spec.api.image", "image reference"),
        refused("{api: {image: 'api server:1'}}", "spec.api.image", "image reference"),
        refused("{api: {image: 'https://registry/api:1'}}", "spec.api.image", "image reference"),
        refused(
            "{" + API + ", database: {image: 'timescaledb:2.17 -pg16'}}",
            "spec.database.image",
            "image reference"),
        refused(
            "{" + API + ", pooler: {image: 'pgbouncer:'}}", "spec.pooler.image", "image reference"),
        refused("{" + API + ", redis: {image: 'redis::7'}}", "spec.redis.image", "image reference"),
        refused("{" + API + ", backup: {image: ''}}", "spec.backup.image", "at least 1"),
        refused("{" + API + ", frontend: {replicas: 2}}", "spec.frontend.image", "Required value"),
        refused(
            "{" + API + ", frontend: {image: 'Frontend:1'}}",
            "spec.frontend.image",
            "image reference"),
        refused(
            "{" + API + ", frontend: {image: nginx, resources: {limits: {memory: lots}}}}",
            "spec.frontend.resources",
            "non-negative Kubernetes quantities"),
        // Compute resources.
        refused(
            "{api: {image: " + IMAGE + ", resources: {limits: {cpu: lots}}}}",
            "spec.api.resources",
            "non-negative Kubernetes quantities"),
        refused(
            "{" + API + ", database: {resources: {requests: {memory: -1Gi}}}}",
            "spec.database.resources",
            "non-negative Kubernetes quantities"),
        refused(
            "{" + API + ", redis: {resources: {requests: {memory: 2Gi}, limits: {memory: 1Gi}}}}",
            "spec.redis.resources",
            "each request must be less than or equal to its limit"),
        refused(
            "{api: {image: " + IMAGE + ", resources: {limits: {memory: 4Gi}}}}",
            "spec.api.resources",
            "with autoscaling enabled, api.resources must give cpu and memory"),
        // Sizes.
        refused(
            "{" + API + ", database: {storage: {size: lots}}}",
            "spec.database.storage.size",
            "should match"),
        // Replicas and failover.
        refused("{" + API + ", database: {instances: 10}}", "spec.database.instances", "9"),
        refused("{" + API + ", database: {instances: 0}}", "spec.database.instances", "1"),
        refused("{" + API + ", database: {instances: 3}}", "spec.database.image", "runs Patroni"),
        refused(
            "{" + API + ", database: {synchronous: true}}",
            "spec.database.synchronous",
            "set database.instances to 2 or more"),
        refused(
            "{"
                + API
                + ", database: {instances: 3, external: {host: db.example.com,"
                + " credentialsSecret: db}}}",
            "spec.database.instances",
            "not allowed with database.external"),
        refused(
            "{api: {image: " + IMAGE + ", readFromReplicas: true}}",
            "spec.api.readFromReplicas",
            "set database.instances to 2 or more"),
        refused(
            "{api: {image: "
                + IMAGE
                + ", readFromReplicas: true}, database: {external: {host: db.example.com,"
                + " credentialsSecret: db}}}",
            "spec.api.readFromReplicas",
            "not available with database.external"),
        // Cron schedules.
        refused(
            "{" + API + ", backup: {schedule: every night}}",
            "spec.backup.schedule",
            "5-field cron expression"),
        refused(
            "{" + API + ", backup: {schedule: \"*/0 2 * * *\"}}",
            "spec.backup.schedule",
            "5-field cron expression"),
        refused(
            "{" + API + ", backup: {schedule: \"0 2 31 2 *\"}}",
            "spec.backup.schedule",
            "matches no date"),
        refused(
            "{" + API + ", backup: {schedule: \"0 2 31 apr,jun *\"}}",
            "spec.backup.schedule",
            "matches no date"),
        // Rollout and disruption budget.
        refused(
            "{api: {image: "
                + IMAGE
                + ", rollout: {minReadySeconds: 600, progressDeadlineSeconds: 600}}}",
            "spec.api.rollout.progressDeadlineSeconds",
            "greater than minReadySeconds"),
        // Canary (strategy Canary needs the HPA off: it would undo the replica ratio).
        refused(
            "{api: {image: "
                + IMAGE
                + ", autoscaling: {enabled: false}, rollout: {strategy: Canary, canary: {steps:"
                + " [{weight: 50}, {weight: 20}]}}}}",
            "spec.api.rollout.canary.steps",
            "weights must be strictly increasing"),
        refused(
            "{api: {image: "
                + IMAGE
                + ", autoscaling: {enabled: false}, rollout: {strategy: Canary, canary: {steps:"
                + " [{weight: 20}, {weight: 20}]}}}}",
            "spec.api.rollout.canary.steps",
            "weights must be strictly increasing"),
        refused(
            "{api: {image: "
                + IMAGE
                + ", autoscaling: {enabled: false}, rollout: {strategy: Canary, canary: {steps:"
                + " [{weight: 0}]}}}}",
            "spec.api.rollout.canary.steps[0].weight",
            "greater than or equal to 1"),
        refused(
            "{api: {image: "
                + IMAGE
                + ", autoscaling: {enabled: false}, rollout: {strategy: Canary, canary: {steps:"
                + " [{weight: 20, pause: {duration: '30'}}]}}}}",
            "spec.api.rollout.canary.steps[0].pause.duration",
            "whole number of seconds, minutes or hours"),
        refused(
            "{api: {image: "
                + IMAGE
                + ", autoscaling: {enabled: false}, rollout: {strategy: Canary, canary: {steps:"
                + " [{weight: 20, pause: {duration: 1m30s}}]}}}}",
            "spec.api.rollout.canary.steps[0].pause.duration",
            "whole number of seconds, minutes or hours"),
        refused(
            "{api: {image: " + IMAGE + ", rollout: {canary: {steps: [{weight: 20}]}}}}",
            "spec.api.rollout.canary",
            "only read with strategy: Canary"),
        refused(
            "{api: {image: "
                + IMAGE
                + ", autoscaling: {enabled: false}, rollout: {strategy: Canary}}}",
            "spec.api.rollout.strategy",
            "strategy Canary needs canary.steps"),
        refused(
            "{api: {image: "
                + IMAGE
                + ", resources: {requests: {cpu: 1, memory: 1Gi}}, rollout: {strategy: Canary,"
                + " canary: {steps: [{weight: 20}]}}}}",
            "spec.api.rollout.strategy",
            "Canary needs autoscaling.enabled: false"),
        refused(
            "{api: {image: " + IMAGE + ", podDisruptionBudget: {maxUnavailable: 0}}}",
            "spec.api.podDisruptionBudget.maxUnavailable",
            "greater than or equal to 1"),
        // Names, annotations and labels copied into child objects.
        refused(
            "{api: {image: " + IMAGE + ", podAnnotations: {'sidecar inject': 'true'}}}",
            "spec.api.podAnnotations",
            "annotation keys"),
        refused(
            "{api: {image: " + IMAGE + ", scheduling: {nodeSelector: {'a/b/c': x}}}}",
            "spec.api.scheduling.nodeSelector",
            "label keys"),
        refused(
            "{api: {image: " + IMAGE + ", scheduling: {priorityClassName: High}}}",
            "spec.api.scheduling.priorityClassName",
            "Kubernetes object name"),
        refused(
            "{" + API + ", ingress: {enabled: true, host: api.example.com, className: 'Nginx'}}",
            "spec.ingress.className",
            "Kubernetes object name"),
        refused(
            "{"
                + API
                + ", ingress: {enabled: true, host: api.example.com, annotations: {'a b': c}}}",
            "spec.ingress.annotations",
            "annotation keys"),
        refused(
            "{"
                + API
                + ", ingress: {enabled: true, host: api.example.com, tls: {secretName: a_b}}}",
            "spec.ingress.tls.secretName",
            "Kubernetes object name"),
        refused(
            "{" + API + ", ingress: {trustedProxies: ['10.244.0.0/16', 'ingress-nginx']}}",
            "spec.ingress.trustedProxies",
            "IPv4 or IPv6 CIDR"),
        refused(
            "{" + API + ", ingress: {trustedProxies: ['10.244.0.1']}}",
            "spec.ingress.trustedProxies",
            "with its prefix length"),
        // External services: free text that flows into a URL or a config file.
        refused(
            "{"
                + API
                + ", database: {storage: {size: 10Gi}, external: {host: db.example.com,"
                + " credentialsSecret: db}}}",
            "spec.database",
            "database.external and database.storage are mutually exclusive"),
        refused(
            "{"
                + API
                + ", database: {external: {host: 'db.example.com:5432', credentialsSecret: db}}}",
            "spec.database.external.host",
            "DNS name (e.g. db.example.com) or an IPv4 address"),
        refused(
            "{" + API + ", database: {external: {host: 'postgres://db', credentialsSecret: db}}}",
            "spec.database.external.host",
            "DNS name"),
        refused(
            "{"
                + API
                + ", database: {external: {host: db, database: 'app?ssl=false',"
                + " credentialsSecret: db}}}",
            "spec.database.external.database",
            "plain database name"),
        refused(
            "{" + API + ", database: {external: {host: db, credentialsSecret: 'DB Secret'}}}",
            "spec.database.external.credentialsSecret",
            "Kubernetes object name"),
        refused(
            "{" + API + ", redis: {external: {url: 'redis://:s3cret@redis.example.com:6379'}}}",
            "spec.redis.external.url",
            "must not carry credentials"),
        refused(
            "{" + API + ", redis: {external: {url: 'http://redis.example.com:6379'}}}",
            "spec.redis.external.url",
            "redis:// or rediss:// URL"),
        refused(
            "{"
                + API
                + ", database: {parameters: {work_mem: 64MB}, external: {host: db,"
                + " credentialsSecret: db}}}",
            "spec.database.external",
            "not allowed with database.external"),
        refused(
            "{" + API + ", redis: {maxMemory: 1gb, external: {url: 'redis://redis:6379'}}}",
            "spec.redis.external",
            "not allowed with redis.external"),
        // redis.mode: sentinel runs the three pods; an external Redis or no volume leave it none.
        refused(
            "{" + API + ", redis: {mode: sentinel, external: {url: 'redis://redis:6379'}}}",
            "spec.redis.mode",
            "not allowed with redis.external"),
        refused(
            "{" + API + ", redis: {mode: sentinel, persistence: {enabled: false}}}",
            "spec.redis.persistence.enabled",
            "needs redis.persistence.enabled: true"),
        refused("{" + API + ", redis: {mode: cluster}}", "spec.redis.mode", "sentinel"),
        refused(
            "{" + API + ", redis: {mode: sentinel, image: 'redis:7.2'}}",
            "spec.redis.image",
            "have no curl"),
        // database.parameters: written into postgresql.conf as they are.
        refused(
            "{" + API + ", database: {parameters: {port: '5433'}}}",
            "spec.database.parameters",
            "must not set port, listen_addresses, hba_file"),
        refused(
            "{" + API + ", database: {parameters: {listen_addresses: \"'localhost'\"}}}",
            "spec.database.parameters",
            "the operator sets them"),
        refused(
            "{" + API + ", database: {parameters: {hba_file: /tmp/hba.conf}}}",
            "spec.database.parameters",
            "the operator sets them"),
        refused(
            "{" + API + ", database: {parameters: {shared_preload_libraries: pg_stat_statements}}}",
            "spec.database.parameters",
            "shared_preload_libraries must include timescaledb"),
        refused(
            "{" + API + ", database: {parameters: {work_mem: \"4MB\\nport = 1\"}}}",
            "spec.database.parameters",
            "values must be on one line"),
        refused(
            "{" + API + ", database: {parameters: {'work mem': 4MB}}}",
            "spec.database.parameters",
            "postgresql.conf names"),
        refused(
            "{" + API + ", database: {parameters: {max_connections: many}}}",
            "spec.database.parameters",
            "max_connections must be a whole number"),
        // Totals that do not fit.
        refused(
            "{" + API + ", pooler: {replicas: 4, maxDatabaseConnections: 50}}",
            "spec.pooler.maxDatabaseConnections",
            "at most the database's max_connections"),
        refused("{" + API + ", redis: {maxMemory: 2gb}}", "spec.redis.maxMemory", "less than"),
        refused(
            "{" + API + ", redis: {maxMemory: 600mb, resources: {limits: {memory: 512Mi}}}}",
            "spec.redis.maxMemory",
            "less than the Redis container's memory limit"),
        refused("{" + API + ", redis: {maxMemory: '0'}}", "spec.redis.maxMemory", "more than 0"),
        refused(
            "{" + API + ", backup: {schedule: '@weekly', retentionDays: 3}}",
            "spec.backup.retentionDays",
            "longest interval between two backups"),
        refused(
            "{" + API + ", backup: {schedule: '0 2 1 * *', retentionDays: 30}}",
            "spec.backup.retentionDays",
            "31 for a monthly one"),
        // WAL archiving to object storage.
        refused(
            "{"
                + API
                + ", backup: {objectStore: "
                + objectStore("endpoint: 'http://s3.local:9000'")
                + "}}",
            "spec.backup.objectStore.endpoint",
            "S3 over TLS only"),
        refused(
            "{"
                + API
                + ", backup: {objectStore: "
                + objectStore("endpoint: 'https://s3.local/bucket'")
                + "}}",
            "spec.backup.objectStore.endpoint",
            "without a path"),
        refused(
            "{" + API + ", backup: {objectStore: " + objectStore("bucket: My_Bucket") + "}}",
            "spec.backup.objectStore.bucket",
            "S3 bucket name"),
        refused(
            "{" + API + ", backup: {objectStore: " + objectStore("path: 'prod/../other'") + "}}",
            "spec.backup.objectStore.path",
            "absolute path in the bucket"),
        refused(
            "{" + API + ", backup: {objectStore: " + objectStore("retentionDays: 0") + "}}",
            "spec.backup.objectStore.retentionDays",
            "should be greater than or equal to 1"),
        refused(
            "{" + API + ", backup: {objectStore: " + objectStore("maxWalLagSeconds: 10") + "}}",
            "spec.backup.objectStore.maxWalLagSeconds",
            "should be greater than or equal to 30"),
        refused(
            "{" + API + ", backup: {objectStore: {endpoint: 'https://s3.local', bucket: wal}}}",
            "spec.backup.objectStore.credentialsSecret",
            "Required value"),
        refused(
            "{"
                + API
                + ", database: {external: {host: db.example.com, credentialsSecret: db}},"
                + " backup: {objectStore: "
                + objectStore("")
                + "}}",
            "spec.backup.objectStore",
            "external database is archived by whoever runs it"),
        // Point-in-time recovery into a new stack.
        refused(
            "{"
                + API
                + ", database: {image: '"
                + PATRONI_IMAGE
                + "', bootstrap: {fromBackup: {file: latest}, fromObjectStore: "
                + fromObjectStore("")
                + "}}}",
            "spec.database.bootstrap",
            "exactly one source"),
        refused(
            "{" + API + ", database: {bootstrap: {fromObjectStore: " + fromObjectStore("") + "}}}",
            "spec.database.image",
            "runs pgBackRest, which the default image"),
        refused(
            "{"
                + API
                + ", database: {external: {host: db.example.com, credentialsSecret: db},"
                + " image: '"
                + PATRONI_IMAGE
                + "', bootstrap: {fromObjectStore: "
                + fromObjectStore("")
                + "}}}",
            "spec.database.bootstrap.fromObjectStore",
            "not allowed with database.external"),
        refused(
            "{"
                + API
                + ", database: {instances: 3, image: '"
                + PATRONI_IMAGE
                + "', bootstrap: {fromObjectStore: "
                + fromObjectStore("")
                + "}}}",
            "spec.database.bootstrap.fromObjectStore",
            "needs database.instances 1"),
        refused(
            "{"
                + API
                + ", database: {image: '"
                + PATRONI_IMAGE
                + "', bootstrap: {fromObjectStore: "
                + fromObjectStore("targetTime: '2026-12-02 09:41:07'")
                + "}}}",
            "spec.database.bootstrap.fromObjectStore.targetTime",
            "RFC 3339 time with a zone"),
        refused(
            "{"
                + API
                + ", database: {image: '"
                + PATRONI_IMAGE
                + "', bootstrap: {fromObjectStore: {endpoint: 'https://s3.local', bucket: wal,"
                + " credentialsSecret: {name: s3}}}}}",
            "spec.database.bootstrap.fromObjectStore.path",
            "Required value"),
        refused(
            "{"
                + API
                + ", database: {image: '"
                + PATRONI_IMAGE
                + "', bootstrap: {fromObjectStore: "
                + fromObjectStore("")
                + "}}, backup: {objectStore: "
                + objectStore("path: /prod/supernova")
                + "}}",
            "spec.backup.objectStore.path",
            "very archive database.bootstrap.fromObjectStore restores from"),
        // Variables the operator sets.
        refused(
            "{api: {image: " + IMAGE + ", env: [{name: DATABASE_URL, value: 'jdbc:x'}]}}",
            "spec.api.env",
            "must not set a variable the operator sets"),
        refused(
            "{api: {image: " + IMAGE + ", env: [{name: LOG_LEVEL, value: DEBUG}]}}",
            "spec.api.env",
            "api.logLevel"),
        refused(
            "{api: {image: " + IMAGE + ", env: [{name: DATABASE_READ_URL, value: 'jdbc:x'}]}}",
            "spec.api.env",
            "must not set a variable the operator sets"),
        // The operator sets it from the image (issue 15): /version must tell the truth.
        refused(
            "{api: {image: " + IMAGE + ", env: [{name: SUPERNOVA_VERSION, value: dev}]}}",
            "spec.api.env",
            "must not set a variable the operator sets"),
        refused(
            "{api: {image: " + IMAGE + ", envFrom: [{prefix: DATABASE_, secretRef: {name: s}}]}}",
            "spec.api.envFrom",
            "prefix must not be the start of a variable the operator sets"));
  }

  /** A valid objectStore in flow YAML with one field replaced or added. */
  /** A valid fromObjectStore (a source archive and a target time) with one field replaced. */
  static String fromObjectStore(String field) {
    var fields =
        new LinkedHashMap<String, String>(
            Map.of(
                "endpoint", "'https://s3.local'",
                "bucket", "wal",
                "path", "/prod/supernova",
                "targetTime", "'2026-12-02T09:41:07Z'",
                "credentialsSecret", "{name: s3}"));
    if (!field.isEmpty()) {
      String[] kv = field.split(": ", 2);
      fields.put(kv[0], kv[1]);
    }
    return fields.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }

  static String objectStore(String field) {
    var fields =
        new LinkedHashMap<String, String>(
            Map.of(
                "endpoint", "'https://s3.local'",
                "bucket", "wal",
                "credentialsSecret", "{name: s3}"));
    if (!field.isEmpty()) {
      String[] kv = field.split(": ", 2);
      fields.put(kv[0], kv[1]);
    }
    return fields.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }

  static Stream<Accepted> acceptances() {
    return Stream.of(
        new Accepted(
            "a name of exactly 38 characters",
            "a23456789012345678901234567890123456x8",
            "{" + API + "}"),
        new Accepted(
            "an image by digest on a registry with a port",
            "digest",
            "{api: {image: "
                + "'localhost:5000/supernova/api-server@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'}}"),
        new Accepted("an image without registry or tag", "short", "{api: {image: supernova}}"),
        new Accepted(
            "three synchronous instances",
            "replicated",
            "{"
                + API
                + ", database: {image: '"
                + PATRONI_IMAGE
                + "', instances: 3, synchronous: true}}"),
        new Accepted(
            "three instances archiving to an object store",
            "replicated-archiving",
            "{"
                + API
                + ", database: {image: '"
                + PATRONI_IMAGE
                + "', instances: 3}, backup: {objectStore: "
                + objectStore("")
                + "}}"),
        new Accepted(
            "point-in-time recovery into a stack archiving to another path",
            "restored",
            "{"
                + API
                + ", database: {image: '"
                + PATRONI_IMAGE
                + "', bootstrap: {fromObjectStore: "
                + fromObjectStore("targetTime: '2026-12-02T10:41:07.25+01:00'")
                + "}}, backup: {objectStore: "
                + objectStore("path: /prod/supernova-restored")
                + "}}"),
        new Accepted(
            "reads from the replicas of three instances",
            "replica-reads",
            "{api: {image: "
                + IMAGE
                + ", readFromReplicas: true}, database: {image: '"
                + PATRONI_IMAGE
                + "', instances: 3}}"),
        new Accepted(
            "trusted proxies in IPv4 and IPv6",
            "proxies",
            "{" + API + ", ingress: {trustedProxies: ['10.244.0.0/16', 'fd00:10:244::/56']}}"),
        new Accepted(
            "a request equal to its limit, integer CPUs",
            "equal",
            "{api: {image: "
                + IMAGE
                + ", resources: {requests: {cpu: 2, memory: 2Gi},"
                + " limits: {cpu: 2, memory: 2Gi}}}}"),
        new Accepted(
            "only limits (requests default to them) with autoscaling; only memory without it",
            "limits-only",
            "{api: {image: "
                + IMAGE
                + ", resources: {limits: {cpu: 2, memory: 4Gi}}},"
                + " pooler: {resources: {limits: {memory: 256Mi}}}}"),
        new Accepted(
            "a canary with timed, manual and no pauses up to 100 %",
            "canary",
            "{api: {image: "
                + IMAGE
                + ", replicas: 4, autoscaling: {enabled: false}, rollout: {strategy: Canary,"
                + " canary: {steps: [{weight: 1, pause: {duration: 90s}}, {weight: 25, pause:"
                + " {duration: 5m}}, {weight: 50, pause: {}}, {weight: 75}, {weight: 100, pause:"
                + " {duration: 1h}}]}}}}"),
        new Accepted(
            "progressDeadlineSeconds one more than minReadySeconds",
            "deadline",
            "{api: {image: "
                + IMAGE
                + ", rollout: {minReadySeconds: 599, progressDeadlineSeconds: 600}}}"),
        new Accepted(
            "annotations and node labels with prefixes",
            "labels",
            "{api: {image: "
                + IMAGE
                + ", podAnnotations: {'sidecar.istio.io/inject': 'true'},"
                + " scheduling: {nodeSelector: {'kubernetes.io/arch': amd64}}}}"),
        new Accepted(
            "an external database by IPv4 address and a database name with '-'",
            "external-ip",
            "{"
                + API
                + ", database: {external: {host: 10.0.0.12, database: my-app_db,"
                + " credentialsSecret: db}}}"),
        new Accepted(
            "a rediss URL with a database number",
            "rediss",
            "{"
                + API
                + ", redis: {external: {url: 'rediss://redis.example.com:6380/2',"
                + " credentialsSecret: redis}}}"),
        new Accepted(
            "extra preload libraries with timescaledb, a raised max_connections",
            "parameters",
            "{"
                + API
                + ", database: {parameters: {shared_preload_libraries:"
                + " \"'timescaledb,pg_stat_statements'\", max_connections: '300',"
                + " 'timescaledb.max_background_workers': '16'}}}"),
        new Accepted(
            "four poolers that fit a raised max_connections",
            "poolers",
            "{"
                + API
                + ", pooler: {replicas: 4, maxDatabaseConnections: 50},"
                + " database: {parameters: {max_connections: '210'}}}"),
        new Accepted(
            "a Redis maxMemory just under the default limit",
            "redis-memory",
            "{" + API + ", redis: {maxMemory: 1900mb}}"),
        new Accepted(
            "a monthly backup kept 31 days, a weekly one 7",
            "retention",
            "{" + API + ", backup: {schedule: '0 2 1 * *', retentionDays: 31}}"),
        new Accepted(
            "an object store on a port, with its own CA, keys and path",
            "archive",
            "{"
                + API
                + ", backup: {objectStore: {endpoint: 'https://seaweedfs.storage.svc:8333/',"
                + " bucket: wal.archive-1, path: /prod/supernova, region: eu-central-1,"
                + " credentialsSecret: {name: s3, accessKeyIdKey: id, secretAccessKeyKey: key},"
                + " caSecret: {name: s3-ca}, retentionDays: 1}}}"),
        new Accepted(
            "env and envFrom of the user's own",
            "env",
            "{api: {image: "
                + IMAGE
                + ", env: [{name: OPENAI_API_KEY, value: k}],"
                + " envFrom: [{prefix: APP_, secretRef: {name: s}}, {configMapRef: {name: c}}]}}"));
  }

  static Stream<Update> updates() {
    return Stream.of(
        new Update(
            "switching Redis from standalone to sentinel",
            "{" + API + "}",
            "spec: {redis: {mode: sentinel}}",
            "spec.redis.mode",
            "cannot be changed on an existing stack"),
        new Update(
            "scaling a Patroni cluster from 3 to 5 instances",
            "{"
                + API
                + ", database: {image: '"
                + PATRONI_IMAGE
                + "', instances: 3, synchronous: true}}",
            "spec: {database: {instances: 5}}",
            null,
            null),
        new Update(
            "scaling a Patroni cluster from 3 to 2 instances",
            "{" + API + ", database: {image: '" + PATRONI_IMAGE + "', instances: 3}}",
            "spec: {database: {instances: 2}}",
            null,
            null),
        new Update(
            "switching synchronous replication on for a running cluster",
            "{" + API + ", database: {image: '" + PATRONI_IMAGE + "', instances: 3}}",
            "spec: {database: {synchronous: true}}",
            "spec.database.synchronous",
            "cannot change on an existing stack yet"),
        new Update(
            "going from one instance to three",
            "{" + API + "}",
            "spec: {database: {image: '" + PATRONI_IMAGE + "', instances: 3}}",
            "spec.database.instances",
            "cannot go from 1 to more on an existing stack"),
        new Update(
            "going from three instances to one",
            "{" + API + ", database: {image: '" + PATRONI_IMAGE + "', instances: 3}}",
            "spec: {database: {instances: 1}}",
            "spec.database.instances",
            "cannot go from more than 1 down to 1"),
        new Update(
            "shrinking the database volume",
            "{" + API + ", database: {storage: {size: 20Gi}}}",
            "spec: {database: {storage: {size: 10Gi}}}",
            "spec.database.storage.size",
            "storage size may grow but never shrink"),
        new Update(
            "growing the database volume",
            "{" + API + ", database: {storage: {size: 20Gi}}}",
            "spec: {database: {storage: {size: 30Gi}}}",
            null,
            null),
        new Update(
            "a PostgreSQL major version change",
            "{" + API + ", database: {image: 'timescale/timescaledb:2.17.2-pg16'}}",
            "spec: {database: {image: 'timescale/timescaledb:2.17.2-pg17'}}",
            "spec.database.image",
            "major version of database.image cannot change in place (16 to 17)"),
        new Update(
            "a postgres major version change",
            "{" + API + ", database: {image: 'localhost/supernova/postgres:15'}}",
            "spec: {database: {image: 'localhost/supernova/postgres:16.4'}}",
            "spec.database.image",
            "(15 to 16)"),
        new Update(
            "a TimescaleDB version change on the same PostgreSQL major",
            "{" + API + ", database: {image: 'timescale/timescaledb:2.17.2-pg16'}}",
            "spec: {database: {image: 'timescale/timescaledb:2.18.0-pg16'}}",
            null,
            null),
        new Update(
            "switching to an external database",
            "{" + API + "}",
            "spec: {database: {external: {host: db.example.com, credentialsSecret: db}}}",
            "spec.database.external",
            "cannot be added or removed on an existing stack"),
        new Update(
            "switching back from an external database",
            "{" + API + ", database: {external: {host: db.example.com, credentialsSecret: db}}}",
            "spec: {database: {external: null}}",
            "spec.database.external",
            "cannot be added or removed"),
        new Update(
            "switching to an external Redis",
            "{" + API + "}",
            "spec: {redis: {external: {url: 'redis://redis.example.com:6379'}}}",
            "spec.redis.external",
            "cannot be added or removed"),
        new Update(
            "adding bootstrap.fromBackup to an existing stack",
            "{" + API + "}",
            "spec: {database: {bootstrap: {fromBackup: {file: latest}}}}",
            "spec.database.bootstrap",
            "only be set when the stack is created"),
        new Update(
            "fixing the file of a bootstrap set at creation",
            "{" + API + ", database: {bootstrap: {fromBackup: {file: a.dump}}}}",
            "spec: {database: {bootstrap: {fromBackup: {file: b.dump}}}}",
            null,
            null),
        new Update(
            "changing the target time of a point-in-time recovery",
            "{"
                + API
                + ", database: {image: '"
                + PATRONI_IMAGE
                + "', bootstrap: {fromObjectStore: "
                + fromObjectStore("")
                + "}}}",
            "spec: {database: {bootstrap: {fromObjectStore: {targetTime: '2026-12-02T09:50:00Z'}}}}",
            "spec.database.bootstrap.fromObjectStore",
            "fromObjectStore cannot change"),
        new Update(
            "adding fromObjectStore to a stack made with fromBackup",
            "{"
                + API
                + ", database: {image: '"
                + PATRONI_IMAGE
                + "', bootstrap: {fromBackup: {file: a.dump}}}}",
            "spec: {database: {bootstrap: {fromBackup: null, fromObjectStore: "
                + fromObjectStore("")
                + "}}}",
            "spec.database.bootstrap.fromObjectStore",
            "only be set when the stack is created"),
        new Update(
            "a storage size below the defaulted volume",
            "{" + API + "}",
            "spec: {database: {storage: {size: 50Gi}}}",
            "spec.database.storage",
            "at least the default 100Gi"),
        new Update(
            "a storage size that grows the defaulted volume",
            "{" + API + "}",
            "spec: {database: {storage: {size: 150Gi}}}",
            null,
            null),
        new Update(
            "a storage class for the defaulted backup volume",
            "{" + API + "}",
            "spec: {backup: {storage: {size: 200Gi, storageClassName: fast}}}",
            "spec.backup.storage",
            "no storageClassName"),
        new Update(
            "removing database.storage",
            "{" + API + ", database: {storage: {size: 500Gi}}}",
            "spec: {database: {storage: null}}",
            "spec.database.storage",
            "cannot be removed once set"),
        new Update(
            "adding a storageClassName to a set storage",
            "{" + API + ", database: {storage: {size: 20Gi}}}",
            "spec: {database: {storage: {storageClassName: fast}}}",
            "spec.database.storage.storageClassName",
            "cannot be added or removed"));
  }

  @BeforeAll
  static void installCrd(KubernetesClient client) {
    started = System.nanoTime();
    Crds.install(client);
  }

  @AfterAll
  static void printTime() {
    System.out.printf(
        "AdmissionIT: %d rows in %.1f s%n",
        refusals().count() + acceptances().count() + updates().count(),
        (System.nanoTime() - started) / 1e9);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusesAtAdmissionNamingTheField(Refused row, KubernetesClient client) {
    assertRefused(
        () -> stacks(client).resource(stack(client, row.name(), row.spec())).dryRun().create(),
        row.spec(),
        row.field(),
        row.message());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptances")
  void acceptsWhatLooksCloseButIsValid(Accepted row, KubernetesClient client) {
    var accepted = stacks(client).resource(stack(client, row.name(), row.spec())).dryRun().create();
    assertThat(accepted.getMetadata().getName()).isEqualTo(row.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updates")
  void refusesUpdatesTheOperatorCannotCarryOut(Update row, KubernetesClient client) {
    String name = "update-" + Integer.toHexString(row.why().hashCode() & 0xfffffff);
    GenericKubernetesResource before = stack(client, name, row.before());
    // Paused: only admission is under test, no operator runs here anyway.
    before.getMetadata().setAnnotations(Map.of(SuperNovaStack.PAUSE_ANNOTATION, "true"));
    stacks(client).resource(before).create();
    try {
      String patch =
          client
              .getKubernetesSerialization()
              .asJson(client.getKubernetesSerialization().unmarshal(row.patch(), Map.class));
      Runnable update =
          () ->
              stacks(client)
                  .withName(name)
                  .dryRun()
                  .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      if (row.field() == null) {
        update.run();
      } else {
        assertRefused(update::run, row.patch(), row.field(), row.message());
      }
    } finally {
      stacks(client).withName(name).delete();
    }
  }

  @Test
  void everyExampleParsesStrictlyAndPassesServerSideDryRun(KubernetesClient client)
      throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(Stacks.example(""))) {
      examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(4);
    for (Path file : examples) {
      SuperNovaStack stack = Stacks.loadExample(file.getFileName().toString());
      stack.getMetadata().setNamespace(client.getNamespace());
      SuperNovaStack accepted = client.resource(stack).dryRun().create();
      assertThat(accepted.getSpec().getApi().getImage())
          .as("%s as the API server admits it", file.getFileName())
          .isEqualTo(stack.getSpec().getApi().getImage());
    }
  }

  private static void assertRefused(Runnable call, String input, String field, String message) {
    assertThatThrownBy(call::run, input)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).as(input).isEqualTo(422);
              assertThat(e.getMessage()).as(input).contains(field).contains(message);
            });
  }

  /** Untyped, so that what the Java model would refuse or default reaches the API server as is. */
  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      stacks(KubernetesClient client) {
    return client
        .genericKubernetesResources(
            SuperNovaStack.GROUP + "/" + SuperNovaStack.VERSION, SuperNovaStack.KIND)
        .inNamespace(client.getNamespace());
  }

  private static GenericKubernetesResource stack(
      KubernetesClient client, String name, String specYaml) {
    String yaml =
        "apiVersion: "
            + SuperNovaStack.GROUP
            + "/"
            + SuperNovaStack.VERSION
            + "\nkind: "
            + SuperNovaStack.KIND
            + "\nmetadata: {name: '"
            + name
            + "'}\nspec: "
            + specYaml
            + "\n";
    return client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
  }
}
