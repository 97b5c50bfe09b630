package com.supernovaai.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.AuditLog;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension.TestNamespace;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.e2e.harness.Workloads;
import com.supernovaai.operator.FieldManagers;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.DeletionPolicy;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.reconciler.StackDeletionReconciler;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** A stack's life as a user sees it: apply, Ready, self-healing, an idle operator, deletion. */
@ExtendWith(KubernetesClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackLifecycleIT {

  private static InProcessOperator operator;

  @BeforeAll
  static void startOperator(TestCluster cluster, TestNamespace namespace) {
    operator = InProcessOperator.start(cluster, namespace.name());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  @Order(1)
  void minimalExampleBecomesReadyWithEveryComponent(KubernetesClient client, TestCluster cluster)
      throws Exception {
    SuperNovaStack stack =
        create(client, Stacks.withBackupAwayFromNow(Stacks.loadExample("minimal.yaml")));
    SuperNovaStack ready = awaitReady(client, stack);

    assertThat(ready.getStatus().getPhase()).hasToString("Ready");
    for (String type : List.of("DatabaseReady", "PoolerReady", "RedisReady", "ApiReady")) {
      assertThat(Stacks.isTrue(ready, type)).as(type).isTrue();
    }
    assertThat(ready.getStatus().getEndpoints().getApi()).contains(StackNames.apiService(stack));

    // Generated secrets, the database, pooler, Redis, the API and the backup job all exist.
    for (String secret :
        List.of(
            StackNames.databaseCredentials(stack),
            StackNames.redisCredentials(stack),
            StackNames.jwtSecret(stack),
            StackNames.apiAdminSecret(stack),
            StackNames.poolerUserlist(stack))) {
      assertThat(client.secrets().withName(secret).get()).as("secret " + secret).isNotNull();
    }
    assertThat(client.apps().statefulSets().withName(StackNames.database(stack)).get()).isNotNull();
    ConfigMap dbConfig = client.configMaps().withName(StackNames.databaseConfig(stack)).get();
    assertThat(String.join("\n", dbConfig.getData().values()))
        .contains("shared_preload_libraries")
        .contains("timescaledb");
    assertThat(client.apps().deployments().withName(StackNames.pooler(stack)).get()).isNotNull();
    assertThat(client.apps().statefulSets().withName(StackNames.redis(stack)).get()).isNotNull();
    Deployment api =
        client
            .apps()
            .deployments()
            .withName(StackNames.apiDeployment(stack, StackNames.BLUE))
            .get();
    Container container = api.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(stack.getSpec().getApi().getImage());
    assertThat(envNames(client, container))
        .contains(
            "DATABASE_URL",
            "DATABASE_USER",
            "DATABASE_PASSWORD",
            "REDIS_URL",
            "REDIS_PASSWORD",
            "JWT_SECRET_KEY",
            "SUPERNOVA_PORT",
            "SUPERNOVA_ADMIN_USERNAME",
            "SUPERNOVA_ADMIN_PASSWORD",
            "SUPERNOVA_SELF_REGISTRATION");
    // The first administrator: a generated password, passed by reference; registration is off.
    assertThat(
            Base64.getDecoder()
                .decode(
                    client
                        .secrets()
                        .withName(StackNames.apiAdminSecret(stack))
                        .get()
                        .getData()
                        .get("password")))
        .hasSize(32);
    assertThat(
            client
                .configMaps()
                .withName(StackNames.apiConfig(stack))
                .get()
                .getData()
                .get("SUPERNOVA_SELF_REGISTRATION"))
        .isEqualTo("false");
    assertThat(container.getEnv())
        .allSatisfy(
            env ->
                assertThat(env.getValue() == null ? "" : env.getValue())
                    .as("no secret value inline in " + env.getName())
                    .doesNotContainIgnoringCase("password="));
    assertThat(client.services().withName(StackNames.apiService(stack)).get()).isNotNull();
    assertThat(
            client
                .autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .withName(StackNames.apiAutoscaler(stack))
                .get())
        .isNotNull();
    assertThat(
            client
                .policy()
                .v1()
                .podDisruptionBudget()
                .withName(StackNames.apiDisruptionBudget(stack))
                .get())
        .isNotNull();
    assertThat(
            client
                .batch()
                .v1()
                .cronjobs()
                .withName(StackNames.backupCronJob(stack))
                .get()
                .getSpec()
                .getConcurrencyPolicy())
        .isEqualTo("Forbid");
    assertThat(client.network().v1().networkPolicies().list().getItems()).isNotEmpty();

    // What `kubectl get sns` shows.
    String table = cluster.kubectl(client.getNamespace(), "get", "sns");
    assertThat(table.lines().findFirst().orElseThrow()).contains("READY").contains("PHASE");
    assertThat(table).containsPattern("minimal\\s+True\\s+Ready");
  }

  @Test
  @Order(2)
  void productionExampleBecomesReady(KubernetesClient client) {
    SuperNovaStack example = Stacks.withBackupAwayFromNow(Stacks.loadExample("production.yaml"));
    // A user's 0, which the Deployment API omits when it stores it: idleOperatorWritesNothing
    // then checks that the operator does not patch it back on every reconcile.
    example.getSpec().getApi().getRollout().setMinReadySeconds(0);
    SuperNovaStack stack = create(client, example);
    awaitReady(client, stack);

    HorizontalPodAutoscaler hpa =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .withName(StackNames.apiAutoscaler(stack))
            .get();
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(20);
    assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds())
        .isEqualTo(300);
    // Created at the HPA's minimum by the operator's apply alone: no hand-over write at the
    // creation (the writes this saves are counted by e2e/bench, not here).
    String apiName = StackNames.apiDeployment(stack, StackNames.BLUE);
    Deployment api = client.apps().deployments().withName(apiName).get();
    assertThat(api.getSpec().getReplicas()).isEqualTo(3);
    assertThat(api.getMetadata().getGeneration())
        .as("created at its size, never resized (its ReplicaSet not made at one pod and scaled)")
        .isEqualTo(1);
    assertThat(replicasHolders(api)).containsExactly(FieldManagers.OPERATOR);
    // Its first apply after the creation leaves spec.replicas to the HPA: it hands them over
    // first, or the apply would reset them to 1.
    int deadline = api.getSpec().getProgressDeadlineSeconds() + 60;
    Stacks.edit(
        client,
        stack.getMetadata().getName(),
        s -> s.getSpec().getApi().getRollout().setProgressDeadlineSeconds(deadline));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                        .apps()
                        .deployments()
                        .withName(apiName)
                        .get()
                        .getSpec()
                        .getProgressDeadlineSeconds()
                    == deadline);
    api = client.apps().deployments().withName(apiName).get();
    assertThat(api.getSpec().getReplicas()).as("kept, not reset by the apply").isEqualTo(3);
    assertThat(replicasHolders(api)).containsExactly(FieldManagers.HPA_HANDOVER);
    awaitReady(client, stack);

    // The Ingress the API server accepted routes the public API only (issue 15): no /metrics,
    // /version or readiness details for the internet; the rest goes to the frontend.
    var ingress = client.network().v1().ingresses().withName(StackNames.apiIngress(stack)).get();
    assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths())
        .extracting(
            p -> p.getPath() + " " + p.getPathType() + " " + p.getBackend().getService().getName())
        .containsExactly(
            "/api Prefix prod-api",
            "/auth Prefix prod-api",
            "/ws Prefix prod-api",
            "/health Exact prod-api",
            "/ Prefix prod-frontend");
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600");
    // The frontend: its Deployment, Service and disruption budget (two replicas).
    assertThat(client.apps().deployments().withName(StackNames.frontend(stack)).get()).isNotNull();
    assertThat(client.services().withName(StackNames.frontend(stack)).get()).isNotNull();
    assertThat(
            client.policy().v1().podDisruptionBudget().withName(StackNames.frontend(stack)).get())
        .isNotNull();

    // /version tells the truth: the serving color's pods get the image's tag.
    String image = stack.getSpec().getApi().getImage();
    Deployment blue =
        client
            .apps()
            .deployments()
            .withName(StackNames.apiDeployment(stack, StackNames.BLUE))
            .get();
    assertThat(blue.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .filteredOn(e -> e.getName().equals("SUPERNOVA_VERSION"))
        .extracting(e -> e.getValue())
        .containsExactly(image.substring(image.lastIndexOf(':') + 1));
  }

  @Test
  @Order(3)
  void childObjectsChangedByHandArePutBack(KubernetesClient client) {
    SuperNovaStack stack = client.resources(SuperNovaStack.class).withName("minimal").get();
    String hpaName = StackNames.apiAutoscaler(stack);
    int maxReplicas =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .withName(hpaName)
            .get()
            .getSpec()
            .getMaxReplicas();

    client.apps().deployments().withName(StackNames.pooler(stack)).delete();
    // As `kubectl patch` sends it: a merge patch without resourceVersion (an edit's read-modify-
    // write raced the HPA controller's status update in a CI run: 409 Conflict).
    client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .withName(hpaName)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"maxReplicas\":" + (maxReplicas + 7) + "}}");

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(client.apps().deployments().withName(StackNames.pooler(stack)).get())
                  .as("pooler Deployment re-created")
                  .isNotNull();
              assertThat(
                      client
                          .autoscaling()
                          .v2()
                          .horizontalPodAutoscalers()
                          .withName(hpaName)
                          .get()
                          .getSpec()
                          .getMaxReplicas())
                  .as("HPA maxReplicas put back")
                  .isEqualTo(maxReplicas);
            });
    awaitReady(client, stack);
  }

  @Test
  @Order(4)
  void idleOperatorWritesNothing(
      KubernetesClient client, TestCluster cluster, TestNamespace namespace) throws Exception {
    assertThat(cluster.auditLog())
        .as("this check needs the local control plane's audit log")
        .isPresent();
    AuditLog audit = new AuditLog(cluster.auditLog().get());
    for (SuperNovaStack s : client.resources(SuperNovaStack.class).list().getItems()) {
      awaitReady(client, s);
    }
    // Steady state, all at once: the HPAs have scaled the API to their minimum, every Deployment
    // has all its pods available (counted only after rollout.minReadySeconds, and the status patch
    // reporting it is a real change), and no write of the operator for longer than the operator
    // holds back a progress-only status change (StatusWrites.PROGRESS_INTERVAL, 15 s): a count
    // that changed just before is still written then, as the trailing edge of the start-up.
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                Workloads.settled(client, namespace.name())
                    && quiet(audit, namespace.name(), Duration.ofSeconds(20))
                    && Workloads.settled(client, namespace.name()));
    Instant since = Instant.now();

    // Idle, then a forced reconcile of every stack (an annotation bump does not change the spec).
    Thread.sleep(10_000);
    for (SuperNovaStack s : client.resources(SuperNovaStack.class).list().getItems()) {
      client
          .resources(SuperNovaStack.class)
          .withName(s.getMetadata().getName())
          .edit(
              x -> {
                x.getMetadata()
                    .getAnnotations()
                    .put("supernova.test/poke", Instant.now().toString());
                return x;
              });
    }
    Thread.sleep(10_000);

    List<AuditLog.Write> writes =
        audit.writesSince(
            since,
            w -> InProcessOperator.USER.equals(w.user()) && namespace.name().equals(w.namespace()));
    // The writes in the window come first and whole; the ones before it only as one-line summaries,
    // so a CI log that cuts long messages still shows what was written.
    assertThat(writes)
        .as(
            () ->
                "writes of an idle operator: "
                    + writes
                    + "; its last writes before the window: "
                    + lastWritesBefore(audit, namespace.name(), since))
        .isEmpty();
  }

  /**
   * A restart on a converged stack reconciles it once per controller (the stacks' and the deletion
   * one's), and the objects the informers list at start send it no event: the first reconciliation
   * reads them from caches already filled, and their adds, which fabric8 delivers after an informer
   * has started, would each queue another (ListedAtStart). The minimal stack, because it schedules
   * no reconciliation of its own; the production one does (its replicated database is rechecked
   * every 30 s, a fault is retried), and JOSDK counts those timers as events too.
   */
  @Test
  @Order(5)
  void aRestartedOperatorReconcilesAStackOnce() throws Exception {
    operator.restart();
    await().atMost(Duration.ofSeconds(60)).until(() -> reconciliations("minimal") >= 2);
    Thread.sleep(10_000);

    assertThat(reconciliations("minimal")).as("reconciliations since the restart").isEqualTo(2);
    assertThat(childEvents("minimal")).as("events from its objects since the restart").isZero();
  }

  /** JOSDK's count of the reconciliations of {@code stack} the running operator began. */
  private static double reconciliations(String stack) {
    return sum(
        operator.operator().meterRegistry().find("operator.sdk.reconciliations.started"), stack);
  }

  /**
   * JOSDK's count of events from {@code stack}'s objects the running operator received (plain
   * Events; the stack's own are ResourceEvents).
   */
  private static double childEvents(String stack) {
    return sum(
        operator
            .operator()
            .meterRegistry()
            .find("operator.sdk.events.received")
            .tag("event", "Event"),
        stack);
  }

  private static double sum(Search search, String stack) {
    return search.tag("name", stack).counters().stream().mapToDouble(Counter::count).sum();
  }

  @Test
  @Order(6)
  void deletingARetainStackKeepsItsDataAndADeleteStackRemovesIt(KubernetesClient client) {
    SuperNovaStack retained = client.resources(SuperNovaStack.class).withName("minimal").get();
    assertThat(retained.getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.Retain);
    List<String> retainedClaims = claimsOf(client, retained);
    assertThat(retainedClaims).isNotEmpty();
    assertThat(retained.getMetadata().getFinalizers())
        .as("a Retain stack needs no finalizer: nothing waits for its deletion")
        .doesNotContain(StackDeletionReconciler.FINALIZER);
    // As an operator before this one left every stack: the finalizer goes again.
    client
        .resources(SuperNovaStack.class)
        .withName("minimal")
        .edit(
            s -> {
              s.addFinalizer(StackDeletionReconciler.FINALIZER);
              return s;
            });
    await("the finalizer an earlier operator put on a Retain stack removed")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !client
                    .resources(SuperNovaStack.class)
                    .withName("minimal")
                    .get()
                    .hasFinalizer(StackDeletionReconciler.FINALIZER));

    SuperNovaStack deleting = Stacks.loadExample("minimal.yaml");
    deleting.getMetadata().setName("disposable");
    deleting.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
    deleting = create(client, deleting);
    awaitReady(client, deleting);
    List<String> deletedClaims = claimsOf(client, deleting);
    assertThat(deletedClaims).isNotEmpty();
    assertThat(
            client
                .resources(SuperNovaStack.class)
                .withName("disposable")
                .get()
                .hasFinalizer(StackDeletionReconciler.FINALIZER))
        .as("a Delete stack's deletion waits for its cleanup")
        .isTrue();

    client
        .resources(SuperNovaStack.class)
        .withName("minimal")
        .withTimeout(60, TimeUnit.SECONDS)
        .delete();
    client
        .resources(SuperNovaStack.class)
        .withName("disposable")
        .withTimeout(60, TimeUnit.SECONDS)
        .delete();

    SuperNovaStack finalDeleting = deleting;
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              assertThat(client.resources(SuperNovaStack.class).list().getItems())
                  .extracting(s -> s.getMetadata().getName())
                  .doesNotContain("minimal", "disposable");
              assertThat(client.apps().statefulSets().withName(StackNames.database(retained)).get())
                  .as("workloads of a deleted stack are garbage-collected")
                  .isNull();
              assertThat(existingClaims(client))
                  .containsAll(retainedClaims)
                  .doesNotContainAnyElementsOf(deletedClaims);
              assertThat(client.secrets().withName(StackNames.databaseCredentials(retained)).get())
                  .as("Retain keeps the database credentials")
                  .isNotNull();
              assertThat(
                      client
                          .secrets()
                          .withName(StackNames.databaseCredentialsApplied(retained))
                          .get())
                  .as("and the copy the database accepts")
                  .isNotNull();
              assertThat(
                      client
                          .secrets()
                          .withName(StackNames.databaseCredentials(finalDeleting))
                          .get())
                  .as("Delete removes the database credentials")
                  .isNull();
              assertThat(
                      client
                          .secrets()
                          .withName(StackNames.databaseCredentialsApplied(finalDeleting))
                          .get())
                  .as("and their applied copy")
                  .isNull();
              assertThat(client.secrets().withName(StackNames.apiAdminSecret(retained)).get())
                  .as("Retain keeps the API administrator")
                  .isNotNull();
              assertThat(client.secrets().withName(StackNames.apiAdminSecret(finalDeleting)).get())
                  .as("Delete removes the API administrator")
                  .isNull();
            });
  }

  /**
   * A Retain stack created again under the same name comes back on its own data: the same volume
   * claims (not new ones) and the same generated credentials, so the database still opens.
   */
  @Test
  @Order(7)
  void recreatingARetainedStackReusesItsVolumesAndCredentials(KubernetesClient client) {
    SuperNovaStack stack = Stacks.loadExample("minimal.yaml");
    Map<String, String> claimUids =
        client.persistentVolumeClaims().list().getItems().stream()
            .filter(c -> c.getMetadata().getName().contains("minimal-"))
            .collect(
                Collectors.toMap(c -> c.getMetadata().getName(), c -> c.getMetadata().getUid()));
    assertThat(claimUids).as("volumes the deleted stack left").isNotEmpty();
    String credentialsUid =
        client
            .secrets()
            .withName(StackNames.databaseCredentials(stack))
            .get()
            .getMetadata()
            .getUid();

    awaitReady(client, create(client, stack));

    Map<String, String> after =
        client.persistentVolumeClaims().list().getItems().stream()
            .filter(c -> c.getMetadata().getName().contains("minimal-"))
            .collect(
                Collectors.toMap(c -> c.getMetadata().getName(), c -> c.getMetadata().getUid()));
    assertThat(after).as("claims after re-creating the stack").isEqualTo(claimUids);
    assertThat(
            client
                .secrets()
                .withName(StackNames.databaseCredentials(stack))
                .get()
                .getMetadata()
                .getUid())
        .as("the database credentials are the ones the data was made with")
        .isEqualTo(credentialsUid);
  }

  /**
   * Names of the container's environment: its own entries and the keys of ConfigMaps it reads
   * whole.
   */
  private static java.util.Set<String> envNames(KubernetesClient client, Container container) {
    java.util.Set<String> names =
        container.getEnv().stream().map(e -> e.getName()).collect(Collectors.toSet());
    for (var source : container.getEnvFrom()) {
      if (source.getConfigMapRef() != null) {
        names.addAll(
            client
                .configMaps()
                .withName(source.getConfigMapRef().getName())
                .get()
                .getData()
                .keySet());
      }
    }
    return names;
  }

  private static List<String> lastWritesBefore(AuditLog audit, String namespace, Instant before) {
    List<AuditLog.Write> earlier =
        audit.writesSince(
            before.minusSeconds(60),
            w ->
                InProcessOperator.USER.equals(w.user())
                    && namespace.equals(w.namespace())
                    && w.time().isBefore(before));
    return earlier.subList(Math.max(0, earlier.size() - 10), earlier.size()).stream()
        .map(AuditLog.Write::summary)
        .toList();
  }

  /** Waits until the operator has written nothing in the namespace for {@code quietFor}. */
  private static boolean quiet(AuditLog audit, String namespace, Duration quietFor) {
    return audit
        .writesSince(
            Instant.now().minus(quietFor),
            w -> InProcessOperator.USER.equals(w.user()) && namespace.equals(w.namespace()))
        .isEmpty();
  }

  private static List<String> claimsOf(KubernetesClient client, SuperNovaStack stack) {
    return existingClaims(client).stream()
        .filter(name -> name.contains(stack.getMetadata().getName() + "-"))
        .toList();
  }

  private static List<String> existingClaims(KubernetesClient client) {
    return client.persistentVolumeClaims().list().getItems().stream()
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
        .map(c -> c.getMetadata().getName())
        .toList();
  }

  static SuperNovaStack create(KubernetesClient client, SuperNovaStack stack) {
    stack.getMetadata().setNamespace(client.getNamespace());
    if (stack.getMetadata().getAnnotations() == null) {
      stack.getMetadata().setAnnotations(new java.util.HashMap<>());
    }
    return client.resource(stack).create();
  }

  static SuperNovaStack awaitReady(KubernetesClient client, SuperNovaStack stack) {
    String name = stack.getMetadata().getName();
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .pollInterval(Duration.ofMillis(500))
        .until(() -> Stacks.isReady(client.resources(SuperNovaStack.class).withName(name).get()));
    return client.resources(SuperNovaStack.class).withName(name).get();
  }

  /** The field managers whose entries hold spec.replicas of the Deployment. */
  private static List<String> replicasHolders(Deployment deployment) {
    return deployment.getMetadata().getManagedFields().stream()
        .filter(FieldManagers::holdsReplicas)
        .map(ManagedFieldsEntry::getManager)
        .toList();
  }
}
