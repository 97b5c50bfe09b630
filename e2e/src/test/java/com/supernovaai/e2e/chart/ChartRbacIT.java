package com.supernovaai.e2e.chart;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.chart.RbacGrants.Permission;
import com.supernovaai.e2e.cluster.AuditLog;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension.TestNamespace;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.Crds;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.PrometheusOperatorCrds;
import com.supernovaai.e2e.harness.ServiceAccounts;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.BackupVerifySpec;
import com.supernovaai.operator.model.BootstrapSpec;
import com.supernovaai.operator.model.DeletionPolicy;
import com.supernovaai.operator.model.FromBackupSpec;
import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.StorageSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.runtime.OperatorConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chart's RBAC, measured: the operator runs with the token of the chart's ServiceAccount and
 * exactly the chart's rendered (Cluster)Roles, through a full run (create, blue-green rollout,
 * backup, a volume that grows, options switched off, restore into a new stack, delete with both
 * deletion policies). The API server's audit log then says which permissions it used. The test
 * fails both ways: a permission used but not granted (or refused with 403: the operator breaks),
 * and a permission granted but never used (power nobody needs), except the short list below of what
 * such a run cannot exercise.
 */
@ExtendWith(KubernetesClusterExtension.class)
// Alone, after the parallel classes: its cluster-wide run watches every namespace (it would
// reconcile their stacks beside their own operators), and it installs the Prometheus Operator CRDs,
// which MonitoringIT needs absent at its start.
@Isolated
class ChartRbacIT {

  private static final Logger LOG = LoggerFactory.getLogger(ChartRbacIT.class);

  /** The chart's two ways of granting: values.yaml's watchNamespaces empty or not. */
  enum Mode {
    NAMESPACED,
    CLUSTER_WIDE
  }

  /** Granted, and needed, but not exercised by a run on this cluster; each says why. */
  private record Unexercised(String apiGroup, String resource, Set<String> verbs, String reason) {

    boolean covers(Permission p) {
      return apiGroup.equals(p.apiGroup())
          && resource.equals(p.resource())
          && verbs.contains(p.verb());
    }
  }

  private static final List<Unexercised> UNEXERCISED =
      List.of(
          new Unexercised(
              "ops.supernova-ai.com",
              "supernovastacks",
              Set.of("get"),
              "java-operator-sdk re-reads a stack when patching its finalizer meets a conflict"
                  + " (409), which a run without concurrent writers does not provoke"),
          new Unexercised(
              "ops.supernova-ai.com",
              "supernovastacks/finalizers",
              Set.of("update"),
              "checked only by the OwnerReferencesPermissionEnforcement admission plugin"
                  + " (OpenShift) for owner references with blockOwnerDeletion; not a request of"
                  + " the operator's, so never in the audit log"),
          new Unexercised(
              "apps",
              "statefulsets",
              Set.of("get"),
              "SelectorMigration reads the live StatefulSet before replacing one made by an"
                  + " older operator (SelectorMigrationIT)"),
          new Unexercised(
              "apps",
              "deployments",
              Set.of("get"),
              "SelectorMigration reads the live Deployment before replacing one made by an"
                  + " older operator (SelectorMigrationIT)"),
          new Unexercised(
              "",
              "endpoints",
              Set.of("get", "list", "watch", "create", "patch"),
              "held only to be granted: a replicated database's Role gives Patroni these (RBAC"
                  + " lets an object grant only what its creator holds)"),
          new Unexercised(
              "",
              "pods",
              Set.of("patch"),
              "held only to be granted to Patroni in a replicated database's Role"),
          new Unexercised(
              "rbac.authorization.k8s.io",
              "roles",
              Set.of("create", "patch"),
              "made for a replicated database (database.instances > 1) only, which this run,"
                  + " on kwok nodes without Patroni, does not create"),
          new Unexercised(
              "rbac.authorization.k8s.io",
              "rolebindings",
              Set.of("create", "patch"),
              "made for a replicated database (database.instances > 1) only"),
          new Unexercised(
              "coordination.k8s.io",
              "leases",
              Set.of("update"),
              "never requested (fabric8 renews the Lease with a patch), but java-operator-sdk"
                  + " refuses to start leader election unless a SelfSubjectRulesReview shows get,"
                  + " create and update on leases (LeaderElectionManager.checkLeaseAccess)"));

  /**
   * Granted to every authenticated user by Kubernetes' default roles (system:basic-user): asking
   * the API what one may do.
   */
  private static final Set<String> GRANTED_TO_EVERYONE =
      Set.of(
          "authorization.k8s.io/selfsubjectaccessreviews",
          "authorization.k8s.io/selfsubjectrulesreviews",
          "authentication.k8s.io/selfsubjectreviews");

  private static final String SOURCE = "full";
  private static final String RESTORED = "restored";

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theChartGrantsWhatAFullRunUsesAndNothingMore(
      Mode mode, KubernetesClient admin, TestNamespace namespace, TestCluster cluster)
      throws Exception {
    assumeThat(cluster.auditLog())
        .as("the permissions are read from the local control plane's audit log")
        .isPresent();
    long start = System.nanoTime();
    String suffix = mode == Mode.NAMESPACED ? "ns" : "cw";
    String release =
        "rbac-" + suffix + "-" + namespace.name().substring(namespace.name().length() - 6);
    String stacks = namespace.name() + "-stacks-" + suffix;
    List<String> values = new ArrayList<>(List.of("--set", "fullnameOverride=" + release));
    if (mode == Mode.NAMESPACED) {
      values.addAll(List.of("--set", "watchNamespaces={" + stacks + "}"));
    }
    List<HasMetadata> rbac =
        ChartRender.render(release, namespace.name(), values).stream()
            .filter(ChartRbacIT::isRbacOrServiceAccount)
            .toList();
    String serviceAccount =
        rbac.stream()
            .filter(ServiceAccount.class::isInstance)
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();

    Crds.install(admin);
    PrometheusOperatorCrds.install(admin); // spec.monitoring's objects
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(stacks).endMetadata().build())
        .create();
    rbac.forEach(o -> admin.resource(o).create());
    try {
      // Leader election as the chart runs it: the Lease in the release's namespace, where the
      // chart's -leader-election Role is.
      OperatorConfig config =
          (mode == Mode.NAMESPACED
                  ? OperatorConfig.forNamespaces(stacks)
                  : OperatorConfig.forNamespaces())
              .withLeaderElection(namespace.name(), release, null);
      // A run that breaks (a missing permission often does) is still analysed: the 403s name what
      // is missing.
      Throwable runFailure = null;
      try (InProcessOperator operator =
          InProcessOperator.startWith(
              ServiceAccounts.client(admin, namespace.name(), serviceAccount), config)) {
        fullRun(admin, stacks);
      } catch (Exception | AssertionError e) {
        runFailure = e;
      }
      LOG.info("ChartRbacIT [{}]: full run took {} s", mode, seconds(start));

      List<AuditLog.Request> requests =
          new AuditLog(cluster.auditLog().get())
              .requestsOf(ServiceAccounts.userName(namespace.name(), serviceAccount));
      Set<Permission> used =
          requests.stream().flatMap(ChartRbacIT::permissions).collect(Collectors.toSet());
      LOG.info(
          "ChartRbacIT [{}]: the operator, as {}, made {} requests; permissions used:\n{}",
          mode,
          serviceAccount,
          requests.size(),
          table(used));
      assertThat(requests).as("the audit log has the operator's requests").isNotEmpty();

      RbacGrants grants = RbacGrants.forServiceAccount(rbac, namespace.name(), serviceAccount);
      Set<String> refused =
          requests.stream()
              .filter(r -> r.code() == 403 && "forbid".equals(r.authorization()))
              .map(r -> permission(r) + " (" + r.name() + ")")
              .collect(Collectors.toCollection(TreeSet::new));
      Set<String> notGranted =
          used.stream()
              .filter(p -> !grants.allows(p))
              .filter(p -> !GRANTED_TO_EVERYONE.contains(p.groupResource()))
              .map(Permission::toString)
              .collect(Collectors.toCollection(TreeSet::new));
      List<String> unused =
          grants.unused(used, p -> UNEXERCISED.stream().anyMatch(u -> u.covers(p)));
      SoftAssertions softly = new SoftAssertions();
      if (runFailure != null) {
        softly.fail("the full run did not finish: " + runFailure, runFailure);
      }
      softly
          .assertThat(refused)
          .as("the chart grants less than the operator needs: refused with 403")
          .isEmpty();
      softly.assertThat(notGranted).as("used, but granted by no rule of the chart").isEmpty();
      softly
          .assertThat(unused)
          .as(
              "granted by the chart but never used in a full run: remove it, or say in"
                  + " UNEXERCISED why a run cannot use it")
          .isEmpty();
      for (Unexercised u : UNEXERCISED) {
        softly
            .assertThat(
                u.verbs().stream()
                    .filter(v -> !grants.grantsAnywhere(u.apiGroup(), u.resource(), v)))
            .as(
                "UNEXERCISED lists %s/%s, which the chart no longer grants",
                u.apiGroup(), u.resource())
            .isEmpty();
      }
      softly.assertAll();
    } finally {
      admin.namespaces().withName(stacks).delete(); // not awaited: nothing runs there any more
      rbac.stream()
          .filter(o -> o instanceof ClusterRole || o instanceof ClusterRoleBinding)
          .forEach(o -> admin.resource(o).delete());
      LOG.info("ChartRbacIT [{}]: {} s in all", mode, seconds(start));
    }
  }

  /**
   * What a user does with stacks over their life, each step awaited so the operator does its part.
   */
  private static void fullRun(KubernetesClient admin, String namespace) {
    long start = System.nanoTime();
    SuperNovaStack source = Stacks.withBackupAwayFromNow(Stacks.loadExample("minimal.yaml"));
    source.getMetadata().setName(SOURCE);
    source.getMetadata().setNamespace(namespace);
    var api = source.getSpec().getApi();
    api.setReplicas(1);
    api.getAutoscaling().setMinReplicas(1);
    api.getAutoscaling().setMaxReplicas(2);
    api.getRollout().setMinReadySeconds(1);
    api.getRollout().setScaleDownDelaySeconds(1);
    api.getRollout().setProgressDeadlineSeconds(60);
    BackupVerifySpec drill = new BackupVerifySpec();
    drill.setSchedule("0 4 * * 0");
    source.getSpec().getBackup().setVerify(drill);
    source.getSpec().getMonitoring().setServiceMonitor(true);
    source.getSpec().getMonitoring().setPrometheusRule(true);
    source.getSpec().getIngress().setEnabled(true);
    source.getSpec().getIngress().setHost("rbac.example.com");
    StorageSpec storage = new StorageSpec();
    storage.setSize("1Gi");
    source.getSpec().getDatabase().setStorage(storage);
    // The API's own settings from a ConfigMap and a Secret: the operator reads their keys (never
    // the values) to refuse one that overrides a variable it sets.
    admin
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("app-settings")
                .endMetadata()
                .addToData("FEATURE_FLAGS", "beta")
                .build())
        .create();
    admin
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("app-secrets")
                .endMetadata()
                .addToStringData("PARTNER_TOKEN", UUID.randomUUID().toString())
                .build())
        .create();
    api.setEnvFrom(
        List.of(
            new EnvFromSourceBuilder()
                .withNewConfigMapRef()
                .withName("app-settings")
                .endConfigMapRef()
                .build(),
            new EnvFromSourceBuilder()
                .withNewSecretRef()
                .withName("app-secrets")
                .endSecretRef()
                .build()));
    admin.resource(source).create();
    // A stack on an external database reads the user's credentials Secret.
    SuperNovaStack external = Stacks.loadExample("external-database.yaml");
    external.getMetadata().setNamespace(namespace);
    external.getSpec().getApi().setReplicas(1);
    external.getSpec().getApi().getAutoscaling().setEnabled(false);
    admin
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(external.getSpec().getDatabase().getExternal().getCredentialsSecret())
                .endMetadata()
                .addToStringData("username", "supernova")
                .addToStringData("password", UUID.randomUUID().toString())
                .build())
        .create();
    admin.resource(external).create();
    awaitReady(admin, namespace, SOURCE);
    mark("stack Ready", start);

    // A blue-green rollout to a new image, promoted automatically.
    edit(
        admin,
        namespace,
        SOURCE,
        s -> s.getSpec().getApi().setImage("registry.example.com/supernova/api-server:1.5.0"));
    await("rolled out to green")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              SuperNovaStack s = get(admin, namespace, SOURCE);
              return s.getStatus() != null
                  && s.getStatus().getApi() != null
                  && StackNames.GREEN.equals(s.getStatus().getApi().getActiveColor())
                  && s.getStatus().getRollout() != null
                  && s.getStatus().getRollout().getPhase() == RolloutPhase.Idle;
            });

    mark("rolled out", start);

    // A backup asked for by annotation, run to completion.
    Stacks.requestBackup(admin, namespace, SOURCE);
    await("a backup-now Job completed")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                admin.batch().v1().jobs().inNamespace(namespace).list().getItems().stream()
                    .filter(j -> j.getMetadata().getName().startsWith(SOURCE + "-backup-now-"))
                    .anyMatch(ChartRbacIT::succeeded));

    mark("backup done", start);

    // A new stack restored from that backup (deleted later with deletionPolicy Delete, the
    // source with the default, Retain).
    SuperNovaStack restored = Stacks.withBackupAwayFromNow(Stacks.loadExample("minimal.yaml"));
    restored.getMetadata().setName(RESTORED);
    restored.getMetadata().setNamespace(namespace);
    restored.getSpec().getApi().setReplicas(1);
    restored.getSpec().getApi().getAutoscaling().setEnabled(false);
    FromBackupSpec from = new FromBackupSpec();
    from.setClaimName(StackNames.backupVolume(source));
    from.setFile(FromBackupSpec.LATEST);
    BootstrapSpec bootstrap = new BootstrapSpec();
    bootstrap.setFromBackup(from);
    restored.getSpec().getDatabase().setBootstrap(bootstrap);
    restored.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
    admin.resource(restored).create();

    // The user rotates the database passwords by editing the credentials Secret.
    String password =
        Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(UTF_8));
    admin
        .secrets()
        .inNamespace(namespace)
        .withName(StackNames.databaseCredentials(source))
        .edit(
            secret -> {
              secret.getData().put("password", password);
              return secret;
            });
    await("the new password applied")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                password.equals(
                    admin
                        .secrets()
                        .inNamespace(namespace)
                        .withName(StackNames.databaseCredentialsApplied(source))
                        .get()
                        .getData()
                        .get("password")));

    mark("password rotated", start);

    // The database volume grows; the options are switched off (their objects are deleted).
    edit(
        admin,
        namespace,
        SOURCE,
        s -> {
          s.getSpec().getDatabase().getStorage().setSize("2Gi");
          s.getSpec().getApi().getAutoscaling().setEnabled(false);
          s.getSpec().getApi().getPodDisruptionBudget().setEnabled(false);
          s.getSpec().getNetworkPolicy().setEnabled(false);
          s.getSpec().getBackup().setVerify(null);
          s.getSpec().getPooler().setEnabled(false);
          s.getSpec().getIngress().setEnabled(false);
          s.getSpec().getMonitoring().setServiceMonitor(false);
          s.getSpec().getMonitoring().setPrometheusRule(false);
          s.getSpec().getRedis().getPersistence().setEnabled(false);
          s.getSpec().getApi().setCacheTtlSeconds(60); // a changed ConfigMap
        });
    await("the volume grown and the switched-off objects gone")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                admin
                        .persistentVolumeClaims()
                        .inNamespace(namespace)
                        .withLabel(Labels.INSTANCE, SOURCE)
                        .withLabel(Labels.COMPONENT, Labels.COMPONENT_DATABASE)
                        .list()
                        .getItems()
                        .stream()
                        .allMatch(
                            c ->
                                new Quantity("2Gi")
                                    .equals(
                                        c.getSpec().getResources().getRequests().get("storage")))
                    && noneLeft(admin.autoscaling().v2().horizontalPodAutoscalers(), namespace)
                    && noneLeft(admin.network().v1().ingresses(), namespace)
                    && noneLeft(admin.resources(ServiceMonitor.class), namespace)
                    && noneLeft(admin.resources(PrometheusRule.class), namespace)
                    && noneLeft(admin.policy().v1().podDisruptionBudget(), namespace)
                    && noneLeft(admin.network().v1().networkPolicies(), namespace)
                    && noneLeft(admin.apps().statefulSets(), namespace, Labels.COMPONENT_REDIS)
                    && noneLeft(admin.apps().deployments(), namespace, Labels.COMPONENT_POOLER)
                    && admin
                            .batch()
                            .v1()
                            .cronjobs()
                            .inNamespace(namespace)
                            .withName(StackNames.backupVerify(source))
                            .get()
                        == null);
    awaitReady(admin, namespace, SOURCE);
    mark("volume grown, options switched off", start);

    awaitReady(admin, namespace, RESTORED);
    awaitReady(admin, namespace, external.getMetadata().getName());
    mark("restored and external stacks Ready", start);
    assertThat(Stacks.isTrue(get(admin, namespace, RESTORED), "DatabaseRestored"))
        .as("the restore ran")
        .isTrue();

    admin.resources(SuperNovaStack.class).inNamespace(namespace).withName(SOURCE).delete();
    admin.resource(external).delete();
    admin.resources(SuperNovaStack.class).inNamespace(namespace).withName(RESTORED).delete();
    await("both stacks deleted (their finalizers removed by the operator)")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                admin
                    .resources(SuperNovaStack.class)
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .isEmpty());
    mark("stacks deleted", start);
  }

  /** No object of this kind left that belongs to the source stack. */
  private static <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>>
      boolean noneLeft(MixedOperation<T, L, R> objects, String namespace) {
    return objects
        .inNamespace(namespace)
        .withLabel(Labels.INSTANCE, SOURCE)
        .list()
        .getItems()
        .isEmpty();
  }

  /** No object of this kind and component left that belongs to the source stack. */
  private static <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>>
      boolean noneLeft(MixedOperation<T, L, R> objects, String namespace, String component) {
    return objects
        .inNamespace(namespace)
        .withLabel(Labels.INSTANCE, SOURCE)
        .withLabel(Labels.COMPONENT, component)
        .list()
        .getItems()
        .isEmpty();
  }

  private static boolean succeeded(Job job) {
    return job.getStatus() != null
        && job.getStatus().getSucceeded() != null
        && job.getStatus().getSucceeded() > 0;
  }

  private static void awaitReady(KubernetesClient admin, String namespace, String name) {
    await(name + " Ready")
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .pollInterval(Duration.ofMillis(250))
        .until(() -> Stacks.isReady(get(admin, namespace, name)));
  }

  private static SuperNovaStack get(KubernetesClient admin, String namespace, String name) {
    return admin.resources(SuperNovaStack.class).inNamespace(namespace).withName(name).get();
  }

  private static void edit(
      KubernetesClient admin, String namespace, String name, Consumer<SuperNovaStack> change) {
    await("edit " + name)
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(
            () -> {
              admin
                  .resources(SuperNovaStack.class)
                  .inNamespace(namespace)
                  .withName(name)
                  .edit(
                      s -> {
                        change.accept(s);
                        return s;
                      });
              return true;
            });
  }

  private static boolean isRbacOrServiceAccount(HasMetadata o) {
    return o instanceof ServiceAccount
        || o instanceof Role
        || o instanceof RoleBinding
        || o instanceof ClusterRole
        || o instanceof ClusterRoleBinding;
  }

  private static Permission permission(AuditLog.Request r) {
    String resource = r.subresource() == null ? r.resource() : r.resource() + "/" + r.subresource();
    return new Permission(r.apiGroup(), resource, r.verb(), r.namespace());
  }

  /**
   * What a request needed: its verb, and create as well for a patch that created the object (201):
   * a server-side apply of a missing object is authorized as a create too, yet audited as a patch.
   */
  private static Stream<Permission> permissions(AuditLog.Request r) {
    Permission p = permission(r);
    return "patch".equals(r.verb()) && r.code() == 201
        ? Stream.of(p, new Permission(p.apiGroup(), p.resource(), "create", p.namespace()))
        : Stream.of(p);
  }

  /** "group/resource scope: verbs", one line each, sorted: what the operator does. */
  private static String table(Set<Permission> used) {
    Map<String, Set<String>> rows = new TreeMap<>();
    for (Permission p : used) {
      String scope = p.namespace() == null ? "cluster-wide" : "in a namespace";
      rows.computeIfAbsent(
              String.format("  %-48s %-15s", p.groupResource(), scope), k -> new TreeSet<>())
          .add(p.verb());
    }
    return rows.entrySet().stream()
        .map(e -> e.getKey() + " " + String.join(",", e.getValue()))
        .collect(Collectors.joining("\n"));
  }

  private static void mark(String step, long startNanos) {
    LOG.info("ChartRbacIT: {} after {} s", step, seconds(startNanos));
  }

  private static long seconds(long startNanos) {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
  }
}
