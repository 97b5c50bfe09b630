package com.supernovaai.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.StorageSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a user can get wrong that only the operator can see: a referenced Secret that does not exist
 * yet, a volume that never binds, and the pause annotation. What the API server refuses at
 * admission is AdmissionIT's table.
 */
@ExtendWith(KubernetesClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackInputIT {

  private static InProcessOperator operator;

  @BeforeAll
  static void startOperator(
      TestCluster cluster, KubernetesClusterExtension.TestNamespace namespace) {
    // Also installs the CRD the admission checks below run against.
    operator = InProcessOperator.start(cluster, namespace.name());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  /**
   * examples/external-database.yaml before its Secret exists: Degraded naming the Secret (never a
   * value), a Warning Event, and Ready by itself once the Secret is created.
   */
  @Test
  @Order(4)
  void missingCredentialsSecretDegradesWithAnEventAndRecoversWhenItAppears(
      KubernetesClient client) {
    SuperNovaStack stack = Stacks.loadExample("external-database.yaml");
    String secretName = stack.getSpec().getDatabase().getExternal().getCredentialsSecret();
    StackLifecycleIT.create(client, stack);
    String name = stack.getMetadata().getName();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              SuperNovaStack current = client.resources(SuperNovaStack.class).withName(name).get();
              assertThat(current.getStatus()).isNotNull();
              assertThat(current.getStatus().getPhase()).hasToString("Degraded");
              assertThat(Stacks.condition(current, "Degraded"))
                  .hasValueSatisfying(
                      c -> {
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getReason()).isEqualTo("CredentialsSecretMissing");
                        assertThat(c.getMessage())
                            .contains(secretName)
                            .contains("spec.database.external.credentialsSecret");
                      });
              assertThat(events(client, name))
                  .anySatisfy(
                      e -> {
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getReason()).isEqualTo("CredentialsSecretMissing");
                        assertThat(e.getMessage()).contains(secretName);
                      });
            });

    String password = "s3cret-" + System.nanoTime();
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(secretName)
                .endMetadata()
                .addToStringData("username", "supernova")
                .addToStringData("password", password)
                .build())
        .create();

    // The operator retries a fault on its own: no event from the user's Secret is needed. Its
    // retry comes up to InProcessOperator.FAULT_RETRY later (30 s by default outside tests), then
    // the whole stack starts.
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> Stacks.isReady(client.resources(SuperNovaStack.class).withName(name).get()));
    SuperNovaStack ready = client.resources(SuperNovaStack.class).withName(name).get();
    assertThat(Stacks.condition(ready, "Degraded"))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
    assertThat(events(client, name))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Recovered"));
    assertThat(client.apps().statefulSets().withName(StackNames.database(ready)).get())
        .as("no database is run for an external one")
        .isNull();
    assertThat(client.getKubernetesSerialization().asJson(ready.getStatus()))
        .as("status never carries the password")
        .doesNotContain(password);
    assertThat(events(client, name))
        .allSatisfy(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain(password));
  }

  /** Paused: a hand-deleted child stays deleted; resumed: it is back. */
  @Test
  @Order(5)
  void pauseStopsAllChangesUntilTheAnnotationIsRemoved(KubernetesClient client) {
    String name = "external-db";
    SuperNovaStack stack = client.resources(SuperNovaStack.class).withName(name).get();
    String pooler = StackNames.pooler(stack);
    setPause(client, name, "true");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              SuperNovaStack current = client.resources(SuperNovaStack.class).withName(name).get();
              assertThat(current.getStatus().getPhase()).hasToString("Paused");
              assertThat(Stacks.isTrue(current, "ReconciliationPaused")).isTrue();
            });

    client.apps().deployments().withName(pooler).delete();
    // A spec change is a reconcile trigger: paused, it must change nothing either.
    mergePatch(client, name, "{\"spec\":{\"pooler\":{\"replicas\":3}}}");
    await()
        .pollDelay(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(client.apps().deployments().withName(pooler).get())
                    .as("the deleted pooler while paused")
                    .isNull());

    setPause(client, name, null);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(client.apps().deployments().withName(pooler).get())
                    .as("the pooler after resuming")
                    .isNotNull()
                    .satisfies(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(3)));
    StackLifecycleIT.awaitReady(client, stack);
  }

  /**
   * A database whose volume never binds (no such StorageClass): the pooler, Redis and the API come
   * up beside it (the API waits for the database in its own start-up; kwok's pods do not), and the
   * stack is not Ready, its status saying which component is missing.
   */
  @Test
  @Order(6)
  void thePoolerRedisAndApiComeUpBesideADatabaseThatDoesNot(KubernetesClient client) {
    SuperNovaStack stack = Stacks.loadExample("minimal.yaml");
    stack.getMetadata().setName("no-volume");
    var storage = new StorageSpec();
    storage.setSize("1Gi");
    storage.setStorageClassName("no-such-class");
    stack.getSpec().getDatabase().setStorage(storage);
    StackLifecycleIT.create(client, stack);

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              SuperNovaStack current = get(client, "no-volume");
              assertThat(Stacks.isTrue(current, "PoolerReady")).as("PoolerReady").isTrue();
              assertThat(Stacks.isTrue(current, "RedisReady")).as("RedisReady").isTrue();
              assertThat(Stacks.condition(current, "DatabaseReady"))
                  .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
              // PoolerReady needs one available pod; every pod comes up all the same.
              var pooler = client.apps().deployments().withName(StackNames.pooler(stack)).get();
              assertThat(pooler.getStatus().getAvailableReplicas())
                  .as("available pooler pods")
                  .isEqualTo(pooler.getSpec().getReplicas());
            });
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .apps()
                          .deployments()
                          .withName(StackNames.apiDeployment(stack, StackNames.BLUE))
                          .get())
                  .as("the API, started before its database is ready")
                  .isNotNull();
              SuperNovaStack current = get(client, "no-volume");
              assertThat(Stacks.isReady(current)).isFalse();
              assertThat(Stacks.condition(current, "Ready"))
                  .hasValueSatisfying(
                      c -> assertThat(c.getMessage()).isEqualTo("Waiting for DatabaseReady"));
            });
    client.resources(SuperNovaStack.class).withName("no-volume").delete();
  }

  private static SuperNovaStack get(KubernetesClient client, String name) {
    return client.resources(SuperNovaStack.class).withName(name).get();
  }

  private static void setPause(KubernetesClient client, String name, String value) {
    String annotation = SuperNovaStack.PAUSE_ANNOTATION;
    mergePatch(
        client,
        name,
        "{\"metadata\":{\"annotations\":{\""
            + annotation
            + "\":"
            + (value == null ? "null" : "\"" + value + "\"")
            + "}}}");
  }

  /** A merge patch, as kubectl annotate and kubectl patch send: no conflict with the operator. */
  private static void mergePatch(KubernetesClient client, String name, String json) {
    client
        .resources(SuperNovaStack.class)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), json);
  }

  static List<Event> events(KubernetesClient client, String stack) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> stack.equals(e.getInvolvedObject().getName()))
        .filter(e -> "SuperNovaStack".equals(e.getInvolvedObject().getKind()))
        .toList();
  }
}
