package com.supernovaai.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What only the operator can see blocks a stack: the stack says so in its Degraded condition and a
 * Warning Event, naming the object and carrying the API server's own words, and recovers by itself
 * once the cause is gone.
 */
@ExtendWith(KubernetesClusterExtension.class)
class StackBlockersIT {

  private static InProcessOperator operator;

  @BeforeAll
  static void startOperator(
      TestCluster cluster, KubernetesClusterExtension.TestNamespace namespace) {
    operator = InProcessOperator.start(cluster, namespace.name());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  /**
   * A Service someone else made under the name the stack derives: never adopted or overwritten; the
   * stack is Degraded naming it until it is deleted.
   */
  @Test
  void aNameTakenByAForeignObjectDegradesNamingItAndRecoversOnceItIsGone(KubernetesClient client) {
    long start = System.nanoTime();
    SuperNovaStack stack = Stacks.loadExample("minimal.yaml");
    stack.getMetadata().setName("taken");
    String serviceName = StackNames.database(stack);
    Service foreign =
        client
            .services()
            .resource(
                new ServiceBuilder()
                    .withNewMetadata()
                    .withName(serviceName)
                    .addToLabels("owner", "someone-else")
                    .endMetadata()
                    .withNewSpec()
                    .addNewPort()
                    .withPort(1234)
                    .endPort()
                    .endSpec()
                    .build())
            .create();
    StackLifecycleIT.create(client, stack);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              SuperNovaStack current = get(client, "taken");
              assertThat(Stacks.condition(current, "Degraded"))
                  .hasValueSatisfying(
                      c -> {
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getReason()).isEqualTo("NameTaken");
                        assertThat(c.getMessage())
                            .contains("Service " + serviceName)
                            .contains("not owned by this stack")
                            // the API server's own words name the object too
                            .contains("services \"" + serviceName + "\"");
                      });
              assertThat(StackInputIT.events(client, "taken"))
                  .anySatisfy(
                      e -> {
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getReason()).isEqualTo("NameTaken");
                        assertThat(e.getMessage()).contains(serviceName);
                      });
            });
    Service after = client.services().withName(serviceName).get();
    assertThat(after.getMetadata().getOwnerReferences())
        .as("the foreign Service is not adopted")
        .isNullOrEmpty();
    assertThat(after.getMetadata().getLabels()).containsOnlyKeys("owner");
    assertThat(after.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(1234));
    assertThat(after.getMetadata().getResourceVersion())
        .as("the foreign Service is never written")
        .isEqualTo(foreign.getMetadata().getResourceVersion());

    client.resource(after).delete();
    // The operator retries a fault on its own (up to 30 s later), then the whole stack starts.
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> Stacks.isReady(get(client, "taken")));
    assertThat(client.services().withName(serviceName).get().getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("taken"));
    assertThat(StackInputIT.events(client, "taken"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Recovered"));
    System.out.printf(
        "StackBlockersIT: name taken -> Degraded -> Ready in %d s%n",
        Duration.ofNanos(System.nanoTime() - start).toSeconds());
    client.resources(SuperNovaStack.class).withName("taken").delete();
  }

  /**
   * An api.envFrom ConfigMap that sets DATABASE_URL would point the API server elsewhere: the stack
   * is Degraded naming the ConfigMap and the key (never the value) until the key is gone.
   */
  @Test
  void anEnvFromKeyThatOverridesAnOperatorVariableDegradesUntilItIsRemoved(
      KubernetesClient client) {
    long start = System.nanoTime();
    client
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("app-settings")
                .endMetadata()
                .addToData("FEATURE_X", "on")
                .addToData("DATABASE_URL", "jdbc:postgresql://elsewhere.example.com/db")
                .build())
        .create();
    SuperNovaStack stack = Stacks.loadExample("minimal.yaml");
    stack.getMetadata().setName("env-clash");
    stack
        .getSpec()
        .getApi()
        .setEnvFrom(
            List.of(
                new EnvFromSourceBuilder()
                    .withNewConfigMapRef()
                    .withName("app-settings")
                    .endConfigMapRef()
                    .build()));
    StackLifecycleIT.create(client, stack);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(Stacks.condition(get(client, "env-clash"), "Degraded"))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.getStatus()).isEqualTo("True");
                          assertThat(c.getReason()).isEqualTo("EnvFromOverridesOperatorVariables");
                          assertThat(c.getMessage())
                              .contains(
                                  "ConfigMap app-settings (spec.api.envFrom[0]) sets DATABASE_URL")
                              .doesNotContain("elsewhere");
                        }));

    client
        .configMaps()
        .withName("app-settings")
        .edit(
            c -> {
              c.getData().remove("DATABASE_URL");
              return c;
            });
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> Stacks.isReady(get(client, "env-clash")));
    System.out.printf(
        "StackBlockersIT: envFrom override -> Degraded -> Ready in %d s%n",
        Duration.ofNanos(System.nanoTime() - start).toSeconds());
    client.resources(SuperNovaStack.class).withName("env-clash").delete();
  }

  private static SuperNovaStack get(KubernetesClient client, String name) {
    return client.resources(SuperNovaStack.class).withName(name).get();
  }
}
