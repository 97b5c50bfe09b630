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

import com.supernovaai.e2e.cluster.AuditLog;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension.TestNamespace;
import com.supernovaai.e2e.cluster.ReplicaWrites;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Blue-green rollouts that succeed: automatic and manual promotion, rollback within the scale-down
 * delay, and an HPA that keeps its replica counts through all of it.
 */
@ExtendWith(KubernetesClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutBlueGreenIT {

  private static final String AUTO = "auto";
  private static final String MANUAL = "manual";
  private static final String ROLLBACK = "rollback";
  private static final String HPA = "hpa";

  private static InProcessOperator operator;
  private static AuditLog audit;
  private static TestCluster cluster;

  @BeforeAll
  static void startOperatorAndStacks(
      TestCluster cluster, TestNamespace namespace, KubernetesClient client) {
    RolloutBlueGreenIT.cluster = cluster;
    operator = InProcessOperator.start(cluster, namespace.name());
    audit = cluster.auditLog().map(AuditLog::new).orElse(null);
    RolloutTesting.createAll(
        client,
        List.of(
            RolloutTesting.stack(AUTO, s -> {}),
            RolloutTesting.stack(
                MANUAL, s -> s.getSpec().getApi().getRollout().setAutoPromotion(false)),
            RolloutTesting.stack(
                ROLLBACK, s -> s.getSpec().getApi().getRollout().setScaleDownDelaySeconds(300)),
            RolloutTesting.stack(
                HPA,
                s -> {
                  var autoscaling = s.getSpec().getApi().getAutoscaling();
                  autoscaling.setEnabled(true);
                  autoscaling.setMinReplicas(3);
                  autoscaling.setMaxReplicas(10);
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
  void fullRolloutBlueToGreenToBlueKeepsTrafficOnReadyPodsOfOneColor(
      KubernetesClient client, TestNamespace namespace) {
    SuperNovaStack stack = get(client, AUTO);
    assertThat(serviceColor(client, stack, false)).isEqualTo(StackNames.BLUE);
    assertThat(serviceColor(client, stack, true)).isEqualTo(StackNames.BLUE);

    try (TrafficRecorder traffic = new TrafficRecorder(client, stack)) {
      // blue -> green
      Instant changed = Instant.now();
      setImage(client, AUTO, "registry.example.com/supernova/api-server:1.5.0");
      SuperNovaStack rolling =
          awaitStack(
              client,
              AUTO,
              Duration.ofSeconds(60),
              s -> phase(s) == RolloutPhase.Progressing || StackNames.GREEN.equals(activeColor(s)));
      if (phase(rolling) == RolloutPhase.Progressing) {
        assertThat(rolling.getStatus().getApi().getPreviewColor()).isEqualTo(StackNames.GREEN);
        assertThat(Stacks.isTrue(rolling, "Progressing")).isTrue();
        assertThat(rolling.getStatus().getRollout().getTargetImage()).endsWith(":1.5.0");
      }
      SuperNovaStack promoted =
          awaitStack(
              client, AUTO, Duration.ofSeconds(90), s -> StackNames.GREEN.equals(activeColor(s)));
      Instant switched = traffic.awaitFirstSelected(StackNames.GREEN, changed);
      assertThat(promoted.getStatus().getApi().getActiveImage()).endsWith(":1.5.0");
      assertThat(deployment(client, stack, StackNames.BLUE).getSpec().getReplicas())
          .as("the old color stays at full size during the scale-down delay")
          .isEqualTo(3);
      SuperNovaStack idle = awaitIdle(client, AUTO, StackNames.GREEN);
      Instant idleAt = Instant.now();
      assertThat(idle.getStatus().getRollout().getPromotedAt()).isNotNull();
      assertThat(Stacks.isTrue(idle, "Ready")).isTrue();
      assertThat(deployment(client, stack, StackNames.GREEN).getSpec().getReplicas()).isEqualTo(3);
      assertThat(serviceColor(client, stack, true)).isEqualTo(StackNames.GREEN);
      assertThat(eventReasons(client, AUTO))
          .containsSubsequence("RolloutStarted", "Promoted", "ScaledDown");

      List<AuditLog.Write> writes =
          audit == null
              ? List.of()
              : RolloutTesting.operatorWrites(audit, namespace.name(), changed, w -> true).stream()
                  .filter(w -> !w.time().isAfter(idleAt))
                  .toList();

      // green -> blue
      Instant back = Instant.now();
      setImage(client, AUTO, RolloutTesting.IMAGE);
      awaitStack(client, AUTO, Duration.ofSeconds(90), s -> StackNames.BLUE.equals(activeColor(s)));
      awaitIdle(client, AUTO, StackNames.BLUE);
      Instant switchedBack = traffic.awaitFirstSelected(StackNames.BLUE, back);

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(traffic.servingColors()).containsExactly("blue", "green", "blue"));
      assertThat(traffic.violations()).as("every state of the active Service").isEmpty();

      System.out.printf(
          "%n[rollout] 3-replica API, minReadySeconds=2: image change -> promotion %d ms "
              + "(blue->green), %d ms (green->blue); states observed: %d %s%n",
          Duration.between(changed, switched).toMillis(),
          Duration.between(back, switchedBack).toMillis(),
          traffic.states().size(),
          traffic.selectorCounts());
      if (audit != null) {
        System.out.printf(
            "[rollout] API writes by the operator for one full rollout (change -> old color at 0):"
                + " %d %s%n",
            writes.size(), RolloutTesting.breakdown(writes));
        assertThat(
                writes.stream()
                    .filter(
                        w ->
                            "services".equals(w.resource())
                                && StackNames.apiService(stack).equals(w.name())))
            .as("the active Service switches in one write")
            .hasSize(1);
      }
    }

    assertThat(RolloutTesting.meter(operator, "supernova_rollouts_started_total", AUTO, ""))
        .isEqualTo(2.0);
    assertThat(RolloutTesting.meter(operator, "supernova_rollouts_promoted_total", AUTO, ""))
        .isEqualTo(2.0);
    assertThat(
            RolloutTesting.meter(
                operator, "supernova_rollout_time_to_promotion_seconds", AUTO, "_count"))
        .isEqualTo(2.0);
  }

  @Test
  @Order(2)
  void manualPromotionWaitsForTheAnnotation(KubernetesClient client) throws Exception {
    SuperNovaStack stack = get(client, MANUAL);
    setImage(client, MANUAL, "registry.example.com/supernova/api-server:1.5.0");
    SuperNovaStack waiting =
        awaitStack(
            client,
            MANUAL,
            Duration.ofSeconds(60),
            s ->
                phase(s) == RolloutPhase.Progressing
                    && "3/3".equals(s.getStatus().getRollout().getProgress()));
    assertThat(waiting.getStatus().getRollout().getMessage())
        .contains(SuperNovaStack.PROMOTE_ANNOTATION);
    assertThat(serviceColor(client, stack, true)).isEqualTo(StackNames.GREEN);
    Thread.sleep(4000);
    assertThat(serviceColor(client, stack, false)).as("no promotion by itself").isEqualTo("blue");
    assertThat(activeColor(get(client, MANUAL))).isEqualTo(StackNames.BLUE);

    annotate(client, MANUAL, SuperNovaStack.PROMOTE_ANNOTATION, "true");
    SuperNovaStack promoted =
        awaitStack(
            client, MANUAL, Duration.ofSeconds(30), s -> StackNames.GREEN.equals(activeColor(s)));
    assertThat(serviceColor(client, stack, false)).isEqualTo(StackNames.GREEN);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                !get(client, MANUAL)
                    .getMetadata()
                    .getAnnotations()
                    .containsKey(SuperNovaStack.PROMOTE_ANNOTATION));
    assertThat(promoted.getStatus().getApi().getActiveImage()).endsWith(":1.5.0");

    // Nothing pending: the annotation is removed with an Event and changes nothing.
    awaitIdle(client, MANUAL, StackNames.GREEN);
    annotate(client, MANUAL, SuperNovaStack.PROMOTE_ANNOTATION, "true");
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              assertThat(get(client, MANUAL).getMetadata().getAnnotations())
                  .doesNotContainKey(SuperNovaStack.PROMOTE_ANNOTATION);
              assertThat(eventReasons(client, MANUAL)).contains("PromoteIgnored");
            });
    assertThat(activeColor(get(client, MANUAL))).isEqualTo(StackNames.GREEN);
    assertThat(serviceColor(client, stack, false)).isEqualTo(StackNames.GREEN);
  }

  @Test
  @Order(3)
  void rollbackWithinTheScaleDownDelayIsInstantAndStartsNoPods(KubernetesClient client) {
    SuperNovaStack stack = get(client, ROLLBACK);
    Map<String, String> bluePods = pods(client, stack, StackNames.BLUE);
    assertThat(bluePods).hasSize(3);
    try (TrafficRecorder traffic = new TrafficRecorder(client, stack)) {
      setImage(client, ROLLBACK, "registry.example.com/supernova/api-server:1.5.0-bad");
      SuperNovaStack promoted =
          awaitStack(
              client,
              ROLLBACK,
              Duration.ofSeconds(90),
              s -> StackNames.GREEN.equals(activeColor(s)) && phase(s) == RolloutPhase.Switched);
      assertThat(pods(client, stack, StackNames.BLUE)).as("old color kept").isEqualTo(bluePods);
      Map<String, String> greenPods = pods(client, stack, StackNames.GREEN);
      assertThat(promoted.getStatus().getApi().getActiveImage()).endsWith(":1.5.0-bad");
      assertThat(promoted.getStatus().getApi().getPreviousColor()).isEqualTo(StackNames.BLUE);

      // The README's rollback: spec.api.image := status.api.previousImage.
      String previousImage = promoted.getStatus().getApi().getPreviousImage();
      assertThat(previousImage).isEqualTo(RolloutTesting.IMAGE);
      Instant rollback = Instant.now();
      setImage(client, ROLLBACK, previousImage);
      SuperNovaStack back =
          awaitStack(
              client,
              ROLLBACK,
              Duration.ofSeconds(20),
              s -> StackNames.BLUE.equals(activeColor(s)));
      Instant switched = traffic.awaitFirstSelected(StackNames.BLUE, rollback);
      assertThat(back.getStatus().getApi().getActiveImage()).isEqualTo(RolloutTesting.IMAGE);
      assertThat(back.getStatus().getApi().getPreviousImage())
          .as("the image left by the rollback, to roll forward again")
          .endsWith(":1.5.0-bad");
      assertThat(pods(client, stack, StackNames.BLUE))
          .as("rollback reuses the old color's pods")
          .isEqualTo(bluePods);
      assertThat(pods(client, stack, StackNames.GREEN))
          .as("the rolled-back color is kept for the delay, not restarted")
          .isEqualTo(greenPods);
      assertThat(eventReasons(client, ROLLBACK)).contains("RolledBack");
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(traffic.servingColors()).endsWith("green", "blue"));
      assertThat(traffic.violations()).isEmpty();
      System.out.printf(
          "%n[rollout] rollback within the scale-down delay: image change -> traffic back %d ms%n",
          Duration.between(rollback, switched).toMillis());
    }
  }

  @Test
  @Order(4)
  void hpaSetReplicaCountsSurviveReconcilesAndPromotion(
      KubernetesClient client, TestNamespace namespace) throws Exception {
    SuperNovaStack stack = get(client, HPA);
    // The real HPA raises the replica count when its minimum goes up (no metrics needed for that).
    Stacks.edit(client, HPA, s -> s.getSpec().getApi().getAutoscaling().setMinReplicas(4));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> deployment(client, stack, StackNames.BLUE).getSpec().getReplicas() == 4);
    Stacks.edit(client, HPA, s -> s.getSpec().getApi().getAutoscaling().setMinReplicas(3));
    Thread.sleep(2000);
    annotate(client, HPA, "supernova.test/poke", Instant.now().toString());
    Thread.sleep(4000);
    assertThat(deployment(client, stack, StackNames.BLUE).getSpec().getReplicas())
        .as("HPA-set count after a reconcile")
        .isEqualTo(4);

    Instant changed = Instant.now();
    try (TrafficRecorder traffic = new TrafficRecorder(client, stack)) {
      setImage(client, HPA, "registry.example.com/supernova/api-server:1.5.0");
      SuperNovaStack rolling =
          awaitStack(
              client,
              HPA,
              Duration.ofSeconds(60),
              s -> phase(s) == RolloutPhase.Progressing || StackNames.GREEN.equals(activeColor(s)));
      if (phase(rolling) == RolloutPhase.Progressing) {
        assertThat(rolling.getStatus().getRollout().getPreviewReplicas())
            .as("preview sized like the active color now")
            .isEqualTo(4);
      }
      awaitStack(client, HPA, Duration.ofSeconds(90), s -> StackNames.GREEN.equals(activeColor(s)));
      HorizontalPodAutoscaler hpa =
          client
              .autoscaling()
              .v2()
              .horizontalPodAutoscalers()
              .withName(StackNames.apiAutoscaler(stack))
              .get();
      assertThat(hpa.getSpec().getScaleTargetRef().getName())
          .isEqualTo(StackNames.apiDeployment(stack, StackNames.GREEN));
      // Leaving spec.replicas to the HPA must not reset it to 1 at the switch.
      for (int i = 0; i < 10; i++) {
        assertThat(deployment(client, stack, StackNames.GREEN).getSpec().getReplicas())
            .isEqualTo(4);
        Thread.sleep(300);
      }
      awaitIdle(client, HPA, StackNames.GREEN);
      assertThat(traffic.violations()).isEmpty();
    }
    if (audit != null) {
      assertNoOperatorWriteToReplicasOfTheAutoscaledColor(stack, namespace, changed);
    }

    // The HPA scales green twice in quick succession (5, then 6), through the scale subresource and
    // as the HPA's own user, before the operator's cache can catch up; a reconcile keeps 6.
    Instant scaled = Instant.now();
    try (KubernetesClient autoscaler = actingAs(ReplicaWrites.AUTOSCALER)) {
      var green =
          autoscaler
              .apps()
              .deployments()
              .inNamespace(namespace.name())
              .withName(StackNames.apiDeployment(stack, StackNames.GREEN));
      green.scale(5);
      green.scale(6);
    }
    annotate(client, HPA, "supernova.test/poke", Instant.now().toString());
    Thread.sleep(5000);
    // Each operator write carrying spec.replicas, at whatever value its cache held, makes the
    // operator a co-owner again and can override a newer count of the HPA.
    List<AuditLog.Write> sets =
        audit == null
            ? List.of()
            : ReplicaWrites.setsAfterAutoscaler(
                audit.writesSince(scaled, w -> namespace.name().equals(w.namespace())),
                InProcessOperator.USER);
    if (audit != null) {
      System.out.printf(
          "%n[rollout] HPA scaled green to 5 then 6: operator writes to API Deployments %s;"
              + " carrying spec.replicas: %s%n",
          RolloutTesting.breakdown(
              RolloutTesting.operatorWrites(
                  audit, namespace.name(), scaled, w -> "deployments".equals(w.resource()))),
          sets.stream()
              .map(w -> w.summary() + " replicas=" + ReplicaWrites.replicas(w).get())
              .toList());
    }
    assertThat(deployment(client, stack, StackNames.GREEN).getSpec().getReplicas())
        .as("the HPA's last count")
        .isEqualTo(6);
    assertThat(Stacks.isReady(get(client, HPA))).isTrue();
    assertThat(sets).as("operator writes of spec.replicas after the HPA sized it").isEmpty();
  }

  /** A client acting as {@code user} (impersonated by the cluster's admin credentials). */
  private static KubernetesClient actingAs(String user) {
    Config config = Config.fromKubeconfig(cluster.kubeconfigYaml());
    config.setImpersonateUsername(user);
    config.setImpersonateGroups("system:masters");
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * The HPA targets blue until the active Service switches to green, and green from then on: the
   * operator must write spec.replicas of neither while the HPA scales it (writes to green before
   * the switch size the preview; blue's scale-down after the switch is no longer the HPA's).
   */
  private static void assertNoOperatorWriteToReplicasOfTheAutoscaledColor(
      SuperNovaStack stack, TestNamespace namespace, Instant since) {
    Instant switched =
        RolloutTesting.operatorWrites(
                audit,
                namespace.name(),
                since,
                w ->
                    "services".equals(w.resource())
                        && StackNames.apiService(stack).equals(w.name()))
            .stream()
            .map(AuditLog.Write::time)
            .findFirst()
            .orElseThrow();
    String blue = StackNames.apiDeployment(stack, StackNames.BLUE);
    String green = StackNames.apiDeployment(stack, StackNames.GREEN);
    List<AuditLog.Write> deploymentWrites =
        RolloutTesting.operatorWrites(
            audit, namespace.name(), since, w -> "deployments".equals(w.resource()));
    List<AuditLog.Write> autoscaled =
        deploymentWrites.stream()
            .filter(
                w ->
                    blue.equals(w.name()) && w.time().isBefore(switched)
                        || green.equals(w.name()) && !w.time().isBefore(switched))
            .filter(RolloutTesting::touchesReplicas)
            .toList();
    System.out.printf(
        "%n[rollout] HPA stack, one promotion: operator writes to API Deployments %s; touching"
            + " spec.replicas of the autoscaled color: %d%n",
        RolloutTesting.breakdown(deploymentWrites), autoscaled.size());
    assertThat(autoscaled).as("operator writes to replicas the HPA owns").isEmpty();
  }
}
