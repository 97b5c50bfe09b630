package com.supernovaai.e2e.rollout;

import static com.supernovaai.e2e.harness.Stacks.annotate;
import static com.supernovaai.e2e.rollout.RolloutTesting.activeColor;
import static com.supernovaai.e2e.rollout.RolloutTesting.awaitIdle;
import static com.supernovaai.e2e.rollout.RolloutTesting.awaitStack;
import static com.supernovaai.e2e.rollout.RolloutTesting.deployment;
import static com.supernovaai.e2e.rollout.RolloutTesting.eventReasons;
import static com.supernovaai.e2e.rollout.RolloutTesting.get;
import static com.supernovaai.e2e.rollout.RolloutTesting.phase;
import static com.supernovaai.e2e.rollout.RolloutTesting.serviceColor;
import static com.supernovaai.e2e.rollout.RolloutTesting.setImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension.TestNamespace;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.CanaryPause;
import com.supernovaai.operator.model.CanarySpec;
import com.supernovaai.operator.model.CanaryStep;
import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.RolloutStrategy;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Canary rollouts on the control plane: the steps advance (a timed pause, then a manual one that
 * waits for the promote annotation), both colors are behind the active Service during the steps,
 * traffic switches after the last one; a second canary is aborted back to the old color alone.
 * Shares of real requests are measured on the real node ({@code RealNodeTrafficIT}).
 */
@ExtendWith(KubernetesClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutCanaryIT {

  private static final String NAME = "canary";
  private static final String V2 = "registry.example.com/supernova/api-server:1.5.0";
  private static final String V3 = "registry.example.com/supernova/api-server:1.6.0";

  private static InProcessOperator operator;

  @BeforeAll
  static void startOperatorAndStack(
      TestCluster cluster, TestNamespace namespace, KubernetesClient client) {
    operator = InProcessOperator.start(cluster, namespace.name());
    RolloutTesting.createAll(
        client,
        List.of(
            RolloutTesting.stack(
                NAME,
                s -> {
                  var api = s.getSpec().getApi();
                  api.setReplicas(4);
                  var canary = new CanarySpec();
                  canary.setSteps(
                      List.of(
                          new CanaryStep(25, new CanaryPause("2s")),
                          new CanaryStep(50, new CanaryPause())));
                  api.getRollout().setStrategy(RolloutStrategy.Canary);
                  api.getRollout().setCanary(canary);
                })));
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  @Order(1)
  void stepsAdvanceTheManualPauseWaitsAndTrafficSwitchesAfterTheLastStep(KubernetesClient client) {
    Instant begin = Instant.now();
    SuperNovaStack stack = get(client, NAME);
    setImage(client, NAME, V2);

    awaitStack(client, NAME, Duration.ofSeconds(60), step(1, 25));
    assertThat(serviceColor(client, stack, false))
        .as("both colors behind the active Service")
        .isNull();

    // Step 2 reached (2 of 4 pods), then held: its pause waits for the annotation.
    awaitStack(
        client,
        NAME,
        Duration.ofSeconds(60),
        step(2, 50).and(s -> s.getStatus().getRollout().getMessage().contains("paused")));
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> step(2, 50).test(get(client, NAME)));
    assertThat(deployment(client, stack, StackNames.GREEN).getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment(client, stack, StackNames.BLUE).getSpec().getReplicas()).isEqualTo(2);
    assertThat(activeColor(get(client, NAME))).isEqualTo(StackNames.BLUE);

    annotate(client, NAME, SuperNovaStack.PROMOTE_ANNOTATION, "true");
    awaitStack(client, NAME, Duration.ofSeconds(60), s -> StackNames.GREEN.equals(activeColor(s)));
    assertThat(serviceColor(client, stack, false)).isEqualTo(StackNames.GREEN);
    assertThat(deployment(client, stack, StackNames.GREEN).getSpec().getReplicas()).isEqualTo(4);
    awaitIdle(client, NAME, StackNames.GREEN);
    assertThat(eventReasons(client, NAME))
        .containsSubsequence("RolloutStarted", "CanaryStep", "CanaryStep", "Promoted");
    System.out.printf(
        "%n[canary] 4 replicas, steps 25%% (2 s) and 50%% (manual): image change -> idle on the"
            + " new color %d ms%n",
        Duration.between(begin, Instant.now()).toMillis());
  }

  @Test
  @Order(2)
  void anAbortReturnsTheServiceToTheOldColorAloneAndScalesTheCanaryToZero(KubernetesClient client) {
    SuperNovaStack stack = get(client, NAME);
    setImage(client, NAME, V3);
    awaitStack(client, NAME, Duration.ofSeconds(60), step(1, 25));
    assertThat(serviceColor(client, stack, false)).isNull();

    annotate(client, NAME, SuperNovaStack.ABORT_ANNOTATION, "true");
    SuperNovaStack aborted =
        awaitStack(client, NAME, Duration.ofSeconds(60), s -> phase(s) == RolloutPhase.Aborted);
    assertThat(aborted.getStatus().getRollout().getReason()).isEqualTo("AbortRequested");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(serviceColor(client, stack, false)).isEqualTo(StackNames.GREEN);
              assertThat(deployment(client, stack, StackNames.BLUE).getSpec().getReplicas())
                  .isZero();
              assertThat(deployment(client, stack, StackNames.GREEN).getSpec().getReplicas())
                  .isEqualTo(4);
            });
  }

  private static Predicate<SuperNovaStack> step(int step, int weight) {
    return s ->
        phase(s) == RolloutPhase.Progressing
            && Integer.valueOf(step).equals(s.getStatus().getRollout().getCanaryStep())
            && Integer.valueOf(weight).equals(s.getStatus().getRollout().getCanaryWeight());
  }
}
