package com.supernovaai.e2e.rollout;

import static com.supernovaai.e2e.harness.Stacks.annotate;
import static com.supernovaai.e2e.harness.Stacks.edit;
import static com.supernovaai.e2e.rollout.RolloutTesting.NEVER_READY;
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
import static com.supernovaai.operator.Labels.COLOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.AuditLog;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension.TestNamespace;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.Deployments;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Blue-green rollouts that go wrong: a new color that never becomes ready (crash-loops), a human
 * abort, a second image during a rollout, and the operator killed in the middle of one.
 */
@ExtendWith(KubernetesClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutFaultsIT {

  private static final String DEADLINE = "deadline";
  private static final String ABORT = "abort";
  private static final String REPLACE = "replace";
  private static final String RESTART = "restart";
  private static final String MIGRATION = "migration";

  private static InProcessOperator operator;
  private static AuditLog audit;

  @BeforeAll
  static void startOperatorAndStacks(
      TestCluster cluster, TestNamespace namespace, KubernetesClient client) {
    operator = InProcessOperator.start(cluster, namespace.name());
    audit = cluster.auditLog().map(AuditLog::new).orElse(null);
    RolloutTesting.createAll(
        client,
        List.of(
            RolloutTesting.stack(
                DEADLINE, s -> s.getSpec().getApi().getRollout().setProgressDeadlineSeconds(30)),
            RolloutTesting.stack(
                ABORT, s -> s.getSpec().getApi().getRollout().setAutoPromotion(false)),
            RolloutTesting.stack(REPLACE, s -> {}),
            RolloutTesting.stack(
                RESTART,
                s -> {
                  s.getSpec().getApi().getRollout().setMinReadySeconds(12);
                  s.getSpec().getApi().getRollout().setScaleDownDelaySeconds(15);
                }),
            // A long deadline: only the failed migration can abort it within the test.
            RolloutTesting.stack(
                MIGRATION,
                s -> s.getSpec().getApi().getRollout().setProgressDeadlineSeconds(600))));
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  @Order(1)
  void aColorThatNeverBecomesReadyIsAbortedAtTheDeadlineAndTrafficStays(KubernetesClient client) {
    SuperNovaStack stack = get(client, DEADLINE);
    try (TrafficRecorder traffic = new TrafficRecorder(client, stack)) {
      Instant changed = Instant.now();
      edit(
          client,
          DEADLINE,
          s -> {
            s.getSpec().getApi().setImage("registry.example.com/supernova/api-server:2.0.0-broken");
            s.getSpec().getApi().setPodAnnotations(Map.of(NEVER_READY, "true"));
          });
      SuperNovaStack progressing =
          awaitStack(
              client, DEADLINE, Duration.ofSeconds(30), s -> phase(s) == RolloutPhase.Progressing);
      assertThat(progressing.getStatus().getRollout().getProgress()).endsWith("/3");
      assertThat(Stacks.isReady(progressing)).as("blue still serves").isTrue();

      SuperNovaStack aborted =
          awaitStack(
              client, DEADLINE, Duration.ofSeconds(60), s -> phase(s) == RolloutPhase.Aborted);
      long seconds = Duration.between(changed, Instant.now()).toSeconds();
      assertThat(seconds).isBetween(28L, 50L);
      assertThat(activeColor(aborted)).isEqualTo(StackNames.BLUE);
      assertThat(aborted.getStatus().getRollout().getMessage()).contains("progressDeadlineSeconds");
      var degraded = Stacks.condition(aborted, "Degraded").orElseThrow();
      assertThat(degraded.getStatus()).isEqualTo("True");
      assertThat(degraded.getReason()).isEqualTo("RolloutAborted");
      assertThat(aborted.getStatus().getPhase()).hasToString("Degraded");
      assertThat(serviceColor(client, stack, false)).isEqualTo(StackNames.BLUE);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(deployment(client, stack, StackNames.GREEN).getSpec().getReplicas())
                      .isZero());
      assertThat(eventReasons(client, DEADLINE)).contains("RolloutStarted", "RolloutAborted");
      assertThat(RolloutTesting.meter(operator, "supernova_rollouts_aborted_total", DEADLINE, ""))
          .isEqualTo(1.0);

      // A fixed image: a new rollout that succeeds, and Degraded clears.
      edit(
          client,
          DEADLINE,
          s -> {
            s.getSpec().getApi().setImage("registry.example.com/supernova/api-server:2.0.1");
            s.getSpec().getApi().setPodAnnotations(null);
          });
      SuperNovaStack fixed = awaitIdle(client, DEADLINE, StackNames.GREEN);
      assertThat(Stacks.isTrue(fixed, "Degraded")).isFalse();
      assertThat(fixed.getStatus().getApi().getActiveImage()).endsWith(":2.0.1");
      assertThat(traffic.violations()).isEmpty();
      assertThat(traffic.servingColors()).containsExactly("blue", "green");
    }
  }

  @Test
  @Order(2)
  void theAbortAnnotationAbortsAndTheImageBackClearsIt(KubernetesClient client) {
    SuperNovaStack stack = get(client, ABORT);
    try (TrafficRecorder traffic = new TrafficRecorder(client, stack)) {
      setImage(client, ABORT, "registry.example.com/supernova/api-server:2.0.0");
      awaitStack(
          client,
          ABORT,
          Duration.ofSeconds(60),
          s ->
              phase(s) == RolloutPhase.Progressing
                  && "3/3".equals(s.getStatus().getRollout().getProgress()));
      annotate(client, ABORT, SuperNovaStack.ABORT_ANNOTATION, "true");
      SuperNovaStack aborted =
          awaitStack(client, ABORT, Duration.ofSeconds(20), s -> phase(s) == RolloutPhase.Aborted);
      assertThat(aborted.getStatus().getRollout().getMessage()).contains("abort requested");
      assertThat(Stacks.condition(aborted, "Degraded").orElseThrow().getReason())
          .isEqualTo("RolloutAborted");
      assertThat(activeColor(aborted)).isEqualTo(StackNames.BLUE);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                assertThat(get(client, ABORT).getMetadata().getAnnotations())
                    .doesNotContainKey(SuperNovaStack.ABORT_ANNOTATION);
                assertThat(deployment(client, stack, StackNames.GREEN).getSpec().getReplicas())
                    .isZero();
              });

      // A promote annotation on an aborted rollout promotes nothing.
      annotate(client, ABORT, SuperNovaStack.PROMOTE_ANNOTATION, "true");
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(() -> assertThat(eventReasons(client, ABORT)).contains("PromoteIgnored"));
      assertThat(serviceColor(client, stack, false)).isEqualTo(StackNames.BLUE);

      // Back to the active image: nothing to roll out, Degraded clears, no new pods.
      Map<String, String> bluePods = pods(client, stack, StackNames.BLUE);
      setImage(client, ABORT, RolloutTesting.IMAGE);
      SuperNovaStack back = awaitIdle(client, ABORT, StackNames.BLUE);
      assertThat(Stacks.isTrue(back, "Degraded")).isFalse();
      assertThat(Stacks.isReady(back)).isTrue();
      assertThat(pods(client, stack, StackNames.BLUE)).isEqualTo(bluePods);
      assertThat(traffic.violations()).isEmpty();
      assertThat(traffic.servingColors()).containsExactly("blue");
    }
  }

  @Test
  @Order(3)
  void aSecondImageDuringARolloutReplacesThePreview(KubernetesClient client) {
    SuperNovaStack stack = get(client, REPLACE);
    try (TrafficRecorder traffic = new TrafficRecorder(client, stack)) {
      edit(
          client,
          REPLACE,
          s -> {
            s.getSpec().getApi().setImage("registry.example.com/supernova/api-server:3.0.0-rc1");
            s.getSpec().getApi().setPodAnnotations(Map.of(NEVER_READY, "true"));
          });
      awaitStack(
          client,
          REPLACE,
          Duration.ofSeconds(30),
          s ->
              phase(s) == RolloutPhase.Progressing
                  && s.getStatus().getRollout().getTargetImage().endsWith("rc1"));
      edit(
          client,
          REPLACE,
          s -> {
            s.getSpec().getApi().setImage("registry.example.com/supernova/api-server:3.0.0");
            s.getSpec().getApi().setPodAnnotations(null);
          });
      SuperNovaStack done = awaitIdle(client, REPLACE, StackNames.GREEN);
      assertThat(done.getStatus().getApi().getActiveImage()).endsWith(":3.0.0");
      assertThat(eventReasons(client, REPLACE)).contains("RolloutReplaced", "Promoted");
      assertThat(traffic.violations()).isEmpty();
      assertThat(traffic.servingColors()).containsExactly("blue", "green");
    }
  }

  @Test
  @Order(4)
  void anOperatorKilledMidRolloutResumesWithoutStartingOverOrSwitchingTwice(
      KubernetesClient client, TestNamespace namespace) throws Exception {
    SuperNovaStack stack = get(client, RESTART);
    try (TrafficRecorder traffic = new TrafficRecorder(client, stack)) {
      Instant changed = Instant.now();
      setImage(client, RESTART, "registry.example.com/supernova/api-server:4.0.0");
      SuperNovaStack progressing =
          awaitStack(
              client, RESTART, Duration.ofSeconds(30), s -> phase(s) == RolloutPhase.Progressing);
      String startedAt = progressing.getStatus().getRollout().getStartedAt();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> pods(client, stack, StackNames.GREEN).size() == 3);

      operator.stop();
      Set<String> replicaSets = RolloutTesting.replicaSetUids(client, stack, StackNames.GREEN);
      Map<String, String> greenPods = pods(client, stack, StackNames.GREEN);
      // The gates pass while nobody is watching (minReadySeconds runs out with the operator down).
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  Deployments.promotable(
                      client
                          .apps()
                          .deployments()
                          .withName(StackNames.apiDeployment(stack, StackNames.GREEN))
                          .get(),
                      3));
      assertThat(serviceColor(client, stack, false)).isEqualTo(StackNames.BLUE);
      operator.startAgain();

      SuperNovaStack promoted =
          awaitStack(
              client,
              RESTART,
              Duration.ofSeconds(30),
              s -> StackNames.GREEN.equals(activeColor(s)));
      assertThat(promoted.getStatus().getRollout().getStartedAt())
          .as("resumed, not started over")
          .isEqualTo(startedAt);
      assertThat(RolloutTesting.replicaSetUids(client, stack, StackNames.GREEN))
          .as(
              () ->
                  "no new template for green; writes to it: "
                      + greenWrites(stack, namespace, changed))
          .isEqualTo(replicaSets);
      assertThat(pods(client, stack, StackNames.GREEN)).isEqualTo(greenPods);

      // Killed again during the scale-down delay: the old color goes to 0 once, traffic stays.
      operator.restart();
      awaitIdle(client, RESTART, StackNames.GREEN);
      assertThat(traffic.violations()).isEmpty();
      assertThat(traffic.servingColors()).containsExactly("blue", "green");
      if (audit != null) {
        var serviceWrites =
            RolloutTesting.operatorWrites(
                audit,
                namespace.name(),
                changed,
                w ->
                    "services".equals(w.resource())
                        && StackNames.apiService(stack).equals(w.name()));
        assertThat(serviceWrites).as("one switch of the active Service").hasSize(1);
        var blueScaleDowns =
            RolloutTesting.operatorWrites(
                audit,
                namespace.name(),
                changed,
                w ->
                    "deployments".equals(w.resource())
                        && StackNames.apiDeployment(stack, StackNames.BLUE).equals(w.name()));
        assertThat(blueScaleDowns).as("the old color is scaled down once").hasSize(1);
      }
    }
  }

  @Test
  @Order(5)
  void aFailedSchemaMigrationAbortsAtOnceWithItsMessageAndTrafficStays(KubernetesClient client) {
    SuperNovaStack stack = get(client, MIGRATION);
    try (TrafficRecorder traffic = new TrafficRecorder(client, stack)) {
      edit(
          client,
          MIGRATION,
          s -> {
            s.getSpec().getApi().setImage("registry.example.com/supernova/api-server:5.0.0");
            s.getSpec().getApi().setPodAnnotations(Map.of(NEVER_READY, "true"));
          });
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  RolloutTesting.allApiPods(client, stack).stream()
                      .anyMatch(
                          p ->
                              StackNames.GREEN.equals(p.getMetadata().getLabels().get(COLOR))
                                  && p.getStatus().getPodIP() != null));

      // What the kubelet reports after the API container exited as the contract says (kwok runs
      // no container; once its stage gave the pod an IP, none of its stages touch the pod again).
      var failing =
          RolloutTesting.allApiPods(client, stack).stream()
              .filter(p -> StackNames.GREEN.equals(p.getMetadata().getLabels().get(COLOR)))
              .filter(p -> p.getStatus().getPodIP() != null)
              .findFirst()
              .orElseThrow();
      String message =
          "migration failed: V9__drop_legacy_column.sql: ERROR: column \"legacy\" does not exist";
      Instant failed = Instant.now();
      client
          .pods()
          .resource(failing)
          .editStatus(
              p -> {
                p.getStatus()
                    .getContainerStatuses()
                    .get(0)
                    .setLastState(
                        new ContainerStateBuilder()
                            .withNewTerminated()
                            .withExitCode(3)
                            .withReason("Error")
                            .withMessage(message)
                            .withStartedAt(failed.minusSeconds(2).toString())
                            .withFinishedAt(failed.toString())
                            .endTerminated()
                            .build());
                return p;
              });

      SuperNovaStack aborted =
          awaitStack(
              client, MIGRATION, Duration.ofSeconds(30), s -> phase(s) == RolloutPhase.Aborted);
      Instant abortedAt = Instant.now();
      assertThat(aborted.getStatus().getRollout().getReason()).isEqualTo("MigrationFailed");
      assertThat(aborted.getStatus().getRollout().getMessage()).contains(message);
      var degraded = Stacks.condition(aborted, "Degraded").orElseThrow();
      assertThat(degraded.getStatus()).isEqualTo("True");
      assertThat(degraded.getReason()).isEqualTo("MigrationFailed");
      assertThat(degraded.getMessage()).contains(message);
      assertThat(activeColor(aborted)).isEqualTo(StackNames.BLUE);
      assertThat(aborted.getStatus().getApi().getActiveImage()).isEqualTo(RolloutTesting.IMAGE);
      assertThat(serviceColor(client, stack, false)).isEqualTo(StackNames.BLUE);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                assertThat(deployment(client, stack, StackNames.GREEN).getSpec().getReplicas())
                    .isZero();
                assertThat(
                        RolloutTesting.events(client, MIGRATION).stream()
                            .filter(e -> "Warning".equals(e.getType()))
                            .map(e -> e.getReason()))
                    .contains("MigrationFailed");
              });
      assertThat(Stacks.isTrue(get(client, MIGRATION), "Degraded")).isTrue();

      // A fixed image: a new rollout that succeeds, and Degraded clears.
      edit(
          client,
          MIGRATION,
          s -> {
            s.getSpec().getApi().setImage("registry.example.com/supernova/api-server:5.0.1");
            s.getSpec().getApi().setPodAnnotations(null);
          });
      SuperNovaStack fixed = awaitIdle(client, MIGRATION, StackNames.GREEN);
      assertThat(Stacks.isTrue(fixed, "Degraded")).isFalse();
      assertThat(fixed.getStatus().getApi().getActiveImage()).endsWith(":5.0.1");
      assertThat(traffic.violations()).isEmpty();
      assertThat(traffic.servingColors()).containsExactly("blue", "green");
      System.out.printf(
          "%n[rollout] failed migration reported by a pod -> rollout aborted: %d ms%n",
          Duration.between(failed, abortedAt).toMillis());
    }
  }

  /** The writes that shaped green's template since {@code since}, for a failure message. */
  private static String greenWrites(SuperNovaStack stack, TestNamespace namespace, Instant since) {
    if (audit == null) {
      return "(no audit log)";
    }
    String green = StackNames.apiDeployment(stack, StackNames.GREEN);
    return audit
        .writesSince(
            since,
            w ->
                namespace.name().equals(w.namespace())
                    && (green.equals(w.name()) && w.subresource() == null
                        || "replicasets".equals(w.resource()) && w.name().startsWith(green)))
        .stream()
        .map(Object::toString)
        .collect(Collectors.joining("\n  ", "\n  ", ""));
  }
}
