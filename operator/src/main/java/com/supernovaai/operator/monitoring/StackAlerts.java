package com.supernovaai.operator.monitoring;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.config.PatroniConfig;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.schedule.CronPeriod;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroupBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alerts of one stack, as PrometheusRule groups. Every expression is scoped to the stack: the
 * API's series by namespace and the metrics Service (the ServiceMonitor's {@code service} target
 * label), the operator's per-stack series by their {@code namespace} and {@code name} labels
 * (scraped with honorLabels by the chart's ServiceMonitor), so stacks never alert for each other.
 */
public final class StackAlerts {

  public static final String API_ERRORS = "SuperNovaApiHighErrorRate";
  public static final String API_LATENCY = "SuperNovaApiHighLatency";
  public static final String API_NOT_SCRAPED = "SuperNovaApiNotScraped";
  public static final String DATABASE_DOWN = "SuperNovaDatabaseDown";
  public static final String REDIS_DEGRADED = "SuperNovaRedisDegraded";
  public static final String BACKUP_OVERDUE = "SuperNovaBackupOverdue";
  public static final String DRILL_FAILED = "SuperNovaRestoreDrillFailed";
  public static final String WAL_ARCHIVING_FAILING = "SuperNovaWalArchivingFailing";
  public static final String REPLICA_LAGGING = "SuperNovaDatabaseReplicaLagging";
  public static final String REPLICA_MISSING = "SuperNovaDatabaseReplicaMissing";
  public static final String FAILOVER = "SuperNovaDatabaseFailover";
  public static final String REDIS_REPLICA_MISSING = "SuperNovaRedisReplicaMissing";
  public static final String REDIS_FAILOVER = "SuperNovaRedisFailover";

  /**
   * Replica lag that alerts: Patroni's maximum_lag_on_failover, past which the replica would not be
   * promoted, so a failover has one candidate less (or none).
   */
  public static final long REPLICA_LAG_BYTES = PatroniConfig.MAXIMUM_LAG_ON_FAILOVER_BYTES;

  /** How long after a failover its alert stays on (seconds). */
  public static final long FAILOVER_RECENT_SECONDS = 900;

  /** Share of API requests answered 5xx that alerts. */
  public static final double ERROR_RATIO = 0.05;

  /** p99 API latency (seconds) that alerts. */
  public static final double P99_SECONDS = 1.0;

  /** Label that names the stack on every alert (with the namespace the series carry). */
  public static final String STACK_LABEL = "supernova_stack";

  /** Requests that are not users': kubelet probes and Prometheus itself. */
  private static final String NOT_PROBES = "uri!~\"/health.*|/metrics\"";

  private StackAlerts() {}

  /**
   * The groups for the stack: the API's (from the ServiceMonitor's series, so only with {@code
   * apiScraped}) and the backups' (from the operator's series, only with backups on).
   */
  public static List<RuleGroup> groups(SuperNovaStack stack, boolean apiScraped) {
    List<RuleGroup> groups = new ArrayList<>();
    if (apiScraped) {
      groups.add(group(stack, "api", apiRules(stack)));
    }
    List<Rule> backups = new ArrayList<>(backupRules(stack));
    backups.addAll(archivingRules(stack));
    if (!backups.isEmpty()) {
      groups.add(group(stack, "backup", backups));
    }
    List<Rule> database = databaseRules(stack);
    if (!database.isEmpty()) {
      groups.add(group(stack, "database", database));
    }
    List<Rule> redis = redisRules(stack);
    if (!redis.isEmpty()) {
      groups.add(group(stack, "redis", redis));
    }
    return groups;
  }

  static List<Rule> apiRules(SuperNovaStack stack) {
    String ns = StackNames.namespace(stack);
    String scope =
        "namespace=\"" + ns + "\",service=\"" + StackNames.apiMetricsService(stack) + "\"";
    String requests = "http_server_requests_seconds_count{" + scope;
    String id = id(stack);
    return List.of(
        rule(
            stack,
            API_ERRORS,
            "sum by (namespace) (rate("
                + requests
                + ",status=~\"5..\","
                + NOT_PROBES
                + "}[5m]))\n  / sum by (namespace) (rate("
                + requests
                + ","
                + NOT_PROBES
                + "}[5m])) > "
                + ERROR_RATIO,
            "10m",
            "critical",
            "API of " + id + " answers {{ $value | humanizePercentage }} of requests with 5xx",
            "More than "
                + percent(ERROR_RATIO)
                + " of the API's requests failed with 5xx for 10 minutes. Which endpoints and colors:"
                + " sum by (uri, status, ops_supernova_ai_com_color)"
                + " (rate(http_server_requests_seconds_count{"
                + scope
                + ",status=~\"5..\"}[5m])). Look at the stack's conditions and the API's log:"
                + describe(stack)
                + "; kubectl logs -n "
                + ns
                + " -l app.kubernetes.io/instance="
                + StackNames.stack(stack)
                + ",app.kubernetes.io/component=api --tail=100"),
        rule(
            stack,
            API_LATENCY,
            "histogram_quantile(0.99, sum by (namespace, le) (rate(http_server_requests_seconds_bucket{"
                + scope
                + ","
                + NOT_PROBES
                + "}[5m]))) > "
                + P99_SECONDS,
            "10m",
            "warning",
            "p99 latency of the API of " + id + " is {{ $value | humanizeDuration }}",
            "The 99th percentile of API request durations has been above "
                + P99_SECONDS
                + " s for 10 minutes. Slow endpoints: histogram_quantile(0.99, sum by (uri, le)"
                + " (rate(http_server_requests_seconds_bucket{"
                + scope
                + "}[5m]))). Check the database (hikaricp_connections_pending) and the pods' CPU"
                + " (kubectl top pods -n "
                + ns
                + ");"
                + describe(stack)),
        rule(
            stack,
            API_NOT_SCRAPED,
            // Not absent(up == 1): absent() keeps the labels of a plain selector only.
            "max by (namespace, service) (up{" + scope + "}) == 0\n  or absent(up{" + scope + "})",
            "10m",
            "critical",
            "Prometheus reaches no API pod of " + id,
            "No API pod of the stack answered a scrape for 10 minutes: the pods are down, or a"
                + " NetworkPolicy or the Prometheus's selectors keep it out (spec.monitoring.labels)."
                + describe(stack)
                + "; kubectl get endpointslices -n "
                + ns
                + " -l kubernetes.io/service-name="
                + StackNames.apiMetricsService(stack)),
        rule(
            stack,
            DATABASE_DOWN,
            "sum by (namespace) (rate("
                + requests
                + ",uri=\"/health/ready\",status=\"503\"}[5m]))\n  / sum by (namespace) (rate("
                + requests
                + ",uri=\"/health/ready\"}[5m])) > 0.5",
            "5m",
            "critical",
            "The API of " + id + " cannot reach its database",
            "Most readiness checks of the API pods answer 503 (PostgreSQL unreachable within"
                + " 2 s), so the pods are out of the Service and users get errors. Check the"
                + " database (DatabaseReady and PoolerReady conditions): "
                + describe(stack)
                + "; kubectl get pods -n "
                + ns
                + " -l app.kubernetes.io/instance="
                + StackNames.stack(stack)),
        rule(
            stack,
            REDIS_DEGRADED,
            "max by (namespace) (supernova_redis_degraded{" + scope + "}) > 0",
            "5m",
            "warning",
            "The API of " + id + " runs without Redis",
            "At least one API pod has not reached Redis for 5 minutes: the cache is bypassed, rate"
                + " limits are per replica and live push is off; data is safe. Check Redis"
                + " (RedisReady condition): "
                + describe(stack)));
  }

  static List<Rule> backupRules(SuperNovaStack stack) {
    var backup = stack.getSpec().getBackup();
    if (backup == null || !Boolean.TRUE.equals(backup.getEnabled())) {
      return List.of();
    }
    String scope =
        "namespace=\""
            + StackNames.namespace(stack)
            + "\",name=\""
            + StackNames.stack(stack)
            + "\"";
    String id = id(stack);
    List<Rule> rules = new ArrayList<>();
    if (!Boolean.TRUE.equals(backup.getSuspend())) {
      long overdue = overdueSeconds(backup.getSchedule());
      rules.add(
          rule(
              stack,
              BACKUP_OVERDUE,
              "time() - max by (namespace, name) (supernova_backup_last_success_timestamp_seconds{"
                  + scope
                  + "}) > "
                  + overdue,
              "10m",
              "warning",
              "No successful backup of " + id + " for {{ $value | humanizeDuration }}",
              "Two scheduled backups (\""
                  + backup.getSchedule()
                  + "\") passed without a success. The BackupHealthy condition and the Jobs say why:"
                  + describe(stack)
                  + "; kubectl get cronjobs,jobs -n "
                  + StackNames.namespace(stack)
                  + " -l app.kubernetes.io/instance="
                  + StackNames.stack(stack)));
    }
    if (backup.getVerify() != null) {
      rules.add(
          rule(
              stack,
              DRILL_FAILED,
              "max by (namespace, name) (supernova_backup_verified{" + scope + "}) == 0",
              null,
              "critical",
              "The last restore drill of " + id + " failed",
              "The newest backup could not be restored into a scratch database: restoring from it"
                  + " may fail too. status.backup and the drill Job's log say why:"
                  + describe(stack)
                  + "; kubectl logs -n "
                  + StackNames.namespace(stack)
                  + " job/<the newest "
                  + StackNames.backupVerify(stack)
                  + " Job>"));
    }
    return rules;
  }

  /** With spec.backup.objectStore (whether or not the scheduled dumps are on). */
  static List<Rule> archivingRules(SuperNovaStack stack) {
    var backup = stack.getSpec().getBackup();
    if (backup == null
        || backup.getObjectStore() == null
        || stack.getSpec().getDatabase().hasExternal()) {
      return List.of();
    }
    String scope =
        "namespace=\""
            + StackNames.namespace(stack)
            + "\",name=\""
            + StackNames.stack(stack)
            + "\"";
    return List.of(
        rule(
            stack,
            WAL_ARCHIVING_FAILING,
            // The condition is False only after a segment waited maxWalLagSeconds (2 minutes by
            // default): 3 more make 5.
            "max by (namespace, name) (supernova_wal_archiving{" + scope + "}) == 0",
            "3m",
            "critical",
            "WAL of "
                + id(stack)
                + " is not reaching the object store: "
                + "a lost volume would lose the writes since the last archived segment",
            "ContinuousArchiving is False: completed WAL segments wait on the database volume"
                + " instead of being pushed to spec.backup.objectStore. How long:"
                + " supernova_wal_archive_lag_seconds{"
                + scope
                + "}; how many: supernova_wal_segments_waiting. The condition's message and the"
                + " pgbackrest container's log say why (store unreachable, credentials, TLS):"
                + describe(stack)
                + "; kubectl logs -n "
                + StackNames.namespace(stack)
                + " "
                + StackNames.database(stack)
                + "-0 -c pgbackrest --tail=50. Runbook: docs/operations.md, \"WAL archiving is"
                + " failing\"."));
  }

  /** The replicated database's alerts, from the operator's series (status.database). */
  static List<Rule> databaseRules(SuperNovaStack stack) {
    var database = stack.getSpec().getDatabase();
    if (database.hasExternal() || !database.replicated()) {
      return List.of();
    }
    String scope =
        "namespace=\""
            + StackNames.namespace(stack)
            + "\",name=\""
            + StackNames.stack(stack)
            + "\"";
    String id = id(stack);
    String members =
        "; kubectl get pods -n "
            + StackNames.namespace(stack)
            + " -l app.kubernetes.io/instance="
            + StackNames.stack(stack)
            + ",app.kubernetes.io/component=database -L role";
    return List.of(
        rule(
            stack,
            REPLICA_LAGGING,
            "max by (namespace, name, instance) (supernova_database_replica_lag_bytes{"
                + scope
                + "}) > "
                + REPLICA_LAG_BYTES,
            "5m",
            "warning",
            "Replica {{ $labels.instance }} of " + id + " is {{ $value | humanize1024 }}B behind",
            "The replica has been more than "
                + REPLICA_LAG_BYTES / 1024
                + " KiB of WAL behind the primary for 5 minutes: Patroni will not promote it"
                + " (maximum_lag_on_failover), and reads sent to it (api.readFromReplicas) go to"
                + " the primary while it lags. Look at its log and at pg_stat_replication on the"
                + " primary (a slow disk or network, a long query holding replay back):"
                + describe(stack)
                + members),
        rule(
            stack,
            REPLICA_MISSING,
            "max by (namespace, name) (supernova_database_replicas{"
                + scope
                + "})\n  < max by (namespace, name) (supernova_database_replicas_expected{"
                + scope
                + "})",
            "5m",
            "warning",
            "{{ $value }} replicas of " + id + " replicate, fewer than it should have",
            "Fewer members than database.instances - 1 have replicated from the primary for 5"
                + " minutes: a replica's pod is down, being rebuilt, or cannot follow (a failed"
                + " pg_rewind waits for a human). A failover has fewer candidates, and with"
                + " database.synchronous writes may stop being synchronous. status.database lists"
                + " the members:"
                + describe(stack)
                + members),
        rule(
            stack,
            FAILOVER,
            "time() - max by (namespace, name)"
                + " (supernova_database_last_failover_timestamp_seconds{"
                + scope
                + "}) < "
                + FAILOVER_RECENT_SECONDS,
            null,
            "warning",
            "The database of " + id + " failed over {{ $value | humanizeDuration }} ago",
            "A replica was promoted (the timeline grew): the primary's pod or node was lost or"
                + " restarted. Writes and the API followed the new primary by themselves; find out"
                + " why the old one went (its pod's events and previous log), and check it"
                + " rejoined as a replica. status.database.primary names the new primary:"
                + describe(stack)
                + members));
  }

  /** The sentinel-mode Redis's alerts, from the operator's series (status.redis). */
  static List<Rule> redisRules(SuperNovaStack stack) {
    var redis = stack.getSpec().getRedis();
    if (redis.hasExternal() || !redis.sentinel()) {
      return List.of();
    }
    String scope =
        "namespace=\""
            + StackNames.namespace(stack)
            + "\",name=\""
            + StackNames.stack(stack)
            + "\"";
    String id = id(stack);
    String pods =
        "; kubectl get pods -n "
            + StackNames.namespace(stack)
            + " -l app.kubernetes.io/instance="
            + StackNames.stack(stack)
            + ",app.kubernetes.io/component=redis -L "
            + Labels.REDIS_ROLE;
    return List.of(
        rule(
            stack,
            REDIS_REPLICA_MISSING,
            "max by (namespace, name) (supernova_redis_replicas{"
                + scope
                + "})\n  < max by (namespace, name) (supernova_redis_replicas_expected{"
                + scope
                + "})",
            "5m",
            "warning",
            "Redis of " + id + " has {{ $value }} ready replicas, fewer than it should",
            "A Redis pod of the stack has not been a ready replica for 5 minutes: it is down,"
                + " restarting, or has no role label (its role-label container cannot reach the"
                + " API server). The Sentinels have fewer replicas to promote, and with no replica"
                + " at all the master refuses writes (min-replicas-to-write 1) and the API serves"
                + " without its cache. status.redis names the master:"
                + describe(stack)
                + pods),
        rule(
            stack,
            REDIS_FAILOVER,
            "time() - max by (namespace, name)"
                + " (supernova_redis_last_failover_timestamp_seconds{"
                + scope
                + "}) < "
                + FAILOVER_RECENT_SECONDS,
            null,
            "warning",
            "The Redis master of " + id + " moved {{ $value | humanizeDuration }} ago",
            "The Sentinels promoted a replica: the master's pod or node was lost, restarted or"
                + " hung. The API followed by itself; writes the old master took in its last second"
                + " may be lost (replication is asynchronous). Find out why it went (its pod's"
                + " events and previous log) and check that it came back as a replica."
                + " status.redis.master names the new master:"
                + describe(stack)
                + pods));
  }

  /**
   * Two of the longest gaps between runs of the schedule, plus an hour (the CronJob's starting
   * deadline): the BackupHealthy condition's own "overdue". Two days when the schedule cannot be
   * read.
   */
  static long overdueSeconds(String schedule) {
    var cron = CronPeriod.parse(schedule);
    if (cron.isEmpty()) {
      return Duration.ofDays(2).toSeconds();
    }
    // A week and a day cover every pattern of days of the week; a fixed start keeps it pure.
    Instant at = Instant.parse("2024-01-01T00:00:00Z");
    Instant end = at.plus(Duration.ofDays(8));
    Duration longest = Duration.ZERO;
    var next = cron.get().next(at);
    while (next.isPresent() && next.get().isBefore(end)) {
      var after = cron.get().next(next.get());
      if (after.isEmpty()) {
        break;
      }
      Duration gap = Duration.between(next.get(), after.get());
      if (gap.compareTo(longest) > 0) {
        longest = gap;
      }
      next = after;
    }
    if (longest.isZero()) {
      return Duration.ofDays(2).toSeconds();
    }
    return longest.multipliedBy(2).plusHours(1).toSeconds();
  }

  private static RuleGroup group(SuperNovaStack stack, String part, List<Rule> rules) {
    return new RuleGroupBuilder()
        .withName("supernova-" + StackNames.stack(stack) + "-" + part)
        .withRules(rules)
        .build();
  }

  private static Rule rule(
      SuperNovaStack stack,
      String alert,
      String expr,
      String forDuration,
      String severity,
      String summary,
      String description) {
    return new RuleBuilder()
        .withAlert(alert)
        .withExpr(new IntOrString(expr))
        .withFor(forDuration)
        .withLabels(Map.of("severity", severity, STACK_LABEL, StackNames.stack(stack)))
        .withAnnotations(Map.of("summary", summary, "description", description))
        .build();
  }

  private static String id(SuperNovaStack stack) {
    return StackNames.namespace(stack) + "/" + StackNames.stack(stack);
  }

  private static String describe(SuperNovaStack stack) {
    return " kubectl describe sns -n "
        + StackNames.namespace(stack)
        + " "
        + StackNames.stack(stack);
  }

  private static String percent(double ratio) {
    return Math.round(ratio * 100) + " %";
  }
}
