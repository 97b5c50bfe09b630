package com.supernovaai.e2e.rollout;

import static com.supernovaai.e2e.harness.Stacks.annotate;
import static com.supernovaai.e2e.rollout.RolloutTesting.activeColor;
import static com.supernovaai.e2e.rollout.RolloutTesting.awaitIdle;
import static com.supernovaai.e2e.rollout.RolloutTesting.awaitStack;
import static com.supernovaai.e2e.rollout.RolloutTesting.deployment;
import static com.supernovaai.e2e.rollout.RolloutTesting.eventReasons;
import static com.supernovaai.e2e.rollout.RolloutTesting.get;
import static com.supernovaai.e2e.rollout.RolloutTesting.phase;
import static com.supernovaai.e2e.rollout.RolloutTesting.pods;
import static com.supernovaai.e2e.rollout.RolloutTesting.serviceColor;
import static com.supernovaai.e2e.rollout.RolloutTesting.setImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension.TestNamespace;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.Stacks;
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
import java.util.Map;
import java.util.Set;
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
 * traffic switches after the last one; a second canary is aborted back to the old color alone; a
 * third, promoted, is rolled back inside the scale-down delay without steps. Shares of real
 * requests are measured on the real node ({@code RealNodeTrafficIT}).
 */
@ExtendWith(KubernetesClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutCanaryIT {

  private static final String NAME = "canary";
  private static final String V2 = "registry.example.com/supernova/api-server:1.5.0";
  private static final String V3 = "registry.example.com/supernova/api-server:1.6.0";
  private static final String V4 = "registry.example.com/supernova/api-server:1.7.0";

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

  @Test
  @Order(3)
  void goingBackInsideTheDelayAfterAPromotionSwitchesBackWithoutStepsOnceTheOldColorIsWhole(
      KubernetesClient client) {
    // Green serves V2 with 4 pods. A canary to V4 in one step of 50 % leaves green the 2 pods of
    // that step once blue is promoted.
    SuperNovaStack stack = get(client, NAME);
    Stacks.edit(
        client,
        NAME,
        s -> {
          s.getSpec().getApi().setImage(V4);
          s.getSpec().getApi().getRollout().setScaleDownDelaySeconds(60);
          s.getSpec()
              .getApi()
              .getRollout()
              .getCanary()
              .setSteps(List.of(new CanaryStep(50, new CanaryPause("2s"))));
        });
    awaitStack(client, NAME, Duration.ofSeconds(60), s -> StackNames.BLUE.equals(activeColor(s)));
    Map<String, String> keptPods =
        await("the old color keeps the last step's pods")
            .atMost(Duration.ofSeconds(15))
            .until(() -> pods(client, stack, StackNames.GREEN), p -> p.size() == 2);
    long stepEvents = eventReasons(client, NAME).stream().filter("CanaryStep"::equals).count();

    try (TrafficRecorder traffic = new TrafficRecorder(client, stack)) {
      // From when the endpoints show the promotion (blue alone) on.
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> {
                var states = traffic.states();
                return states
                    .get(states.size() - 1)
                    .endpointColors()
                    .equals(Set.of(StackNames.BLUE));
              });
      int violationsBefore = traffic.violations().size();
      Instant back = Instant.now();
      setImage(client, NAME, V2);
      SuperNovaStack rollingBack =
          awaitStack(
              client,
              NAME,
              Duration.ofSeconds(20),
              s -> phase(s) == RolloutPhase.Progressing && s.getStatus().getRollout() != null);
      assertThat(rollingBack.getStatus().getRollout().getMessage())
          .startsWith("Rolling back to green (" + V2 + ") without steps");
      assertThat(rollingBack.getStatus().getRollout().getCanaryStep()).isNull();

      awaitStack(
          client,
          NAME,
          Duration.ofSeconds(60),
          s -> StackNames.GREEN.equals(activeColor(s)) && phase(s) == RolloutPhase.Switched);
      Instant switched = traffic.awaitFirstSelected(StackNames.GREEN, back);
      var violations = traffic.violations();
      assertThat(violations.subList(violationsBefore, violations.size()))
          .as("one color at a time, never no endpoint")
          .isEmpty();
      // Capacity never dropped: when the endpoints turned green, all 4 green pods were ready.
      TrafficRecorder.State firstGreen =
          await()
              .atMost(Duration.ofSeconds(15))
              .until(
                  () ->
                      traffic.states().stream()
                          .filter(x -> x.endpointColors().equals(Set.of(StackNames.GREEN)))
                          .findFirst(),
                  java.util.Optional::isPresent)
              .orElseThrow();
      assertThat(firstGreen.readyEndpoints()).hasSize(4).containsAll(keptPods.keySet());
      assertThat(deployment(client, stack, StackNames.BLUE).getSpec().getReplicas())
          .as("the color rolled back from is kept whole for the next window")
          .isEqualTo(4);
      List<String> reasons = eventReasons(client, NAME);
      assertThat(reasons).contains("RolledBack");
      assertThat(reasons.stream().filter("CanaryStep"::equals).count())
          .as("no canary step during the rollback")
          .isEqualTo(stepEvents);
      System.out.printf(
          "%n[canary] rollback after the promotion, old color 2 -> 4 pods: image back -> Service"
              + " on the old color %d ms%n",
          Duration.between(back, switched).toMillis());
    }
  }

  private static Predicate<SuperNovaStack> step(int step, int weight) {
    return s ->
        phase(s) == RolloutPhase.Progressing
            && Integer.valueOf(step).equals(s.getStatus().getRollout().getCanaryStep())
            && Integer.valueOf(weight).equals(s.getStatus().getRollout().getCanaryWeight());
  }
}
