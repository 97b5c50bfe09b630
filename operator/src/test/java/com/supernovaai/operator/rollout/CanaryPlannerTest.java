package com.supernovaai.operator.rollout;

import static com.supernovaai.operator.rollout.RolloutAnnotations.CANARY_STEP;
import static com.supernovaai.operator.rollout.RolloutAnnotations.CANARY_STEP_REACHED_AT;
import static com.supernovaai.operator.rollout.RolloutAnnotations.CANARY_STEP_STARTED_AT;
import static com.supernovaai.operator.rollout.RolloutAnnotations.ROLLBACK_STARTED_AT;
import static com.supernovaai.operator.rollout.RolloutAnnotations.STARTED_AT;
import static com.supernovaai.operator.rollout.RolloutAnnotations.TEMPLATE_HASH;
import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.CanaryPause;
import com.supernovaai.operator.model.CanarySpec;
import com.supernovaai.operator.model.CanaryStep;
import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.RolloutStrategy;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.ColorPlan.Mode;
import com.supernovaai.operator.rollout.RolloutPlan.Action;
import com.supernovaai.operator.rollout.RolloutPlan.Notice;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The canary, step by step, as {@link RolloutPlanner} plans it from what the cluster shows: 4
 * replicas and steps 25 % (30 s), 50 % (manual), then all traffic.
 */
class CanaryPlannerTest {

  private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
  private static final String OLD = "hash-old";
  private static final String NEW = "hash-new";

  @ParameterizedTest(name = "{0}% of {1} replicas: {2} new pods, {3} old, {4}% of the pods")
  @CsvSource({
    "25, 4, 1, 3, 25",
    "50, 4, 2, 2, 50",
    "10, 4, 1, 3, 25", // below one pod's share: still one pod, so the step shows the new version
    "90, 4, 3, 1, 75", // at most all but one below 100 %
    "20, 3, 1, 2, 33",
    "50, 3, 2, 1, 67", // 1.5 rounds half up
    "20, 10, 2, 8, 20",
    "33, 10, 3, 7, 30",
    "50, 1, 1, 1, 50", // one replica: the canary adds a pod
    "100, 4, 4, 1, 80" // 100 %: the switch; the old color keeps its pods until then
  })
  void replicasAreTheNearestWholeShare(
      int weight, int replicas, int canary, int stable, int share) {
    assertThat(CanaryPlanner.canaryReplicas(weight, replicas)).isEqualTo(canary);
    assertThat(CanaryPlanner.stableReplicas(canary, replicas)).isEqualTo(stable);
    assertThat(CanaryPlanner.weightOf(canary, replicas)).isEqualTo(share);
  }

  @Test
  void aNewTemplateStartsAtTheFirstStepWithBothColorsBehindTheActiveService() {
    var plan = plan(stack(), blue(4), null, service("blue"), T0);

    assertThat(plan.action()).isEqualTo(Action.STARTED);
    assertThat(plan.activeColor()).isEqualTo("blue");
    assertThat(plan.canaryColor()).isEqualTo("green");
    assertThat(plan.green().mode()).isEqualTo(Mode.RENDER);
    assertThat(plan.green().replicas()).isEqualTo(1);
    assertThat(plan.green().annotations())
        .containsEntry(TEMPLATE_HASH, NEW)
        .containsEntry(STARTED_AT, T0.toString())
        .containsEntry(CANARY_STEP, "0")
        .containsEntry(CANARY_STEP_STARTED_AT, T0.toString())
        .doesNotContainKey(CANARY_STEP_REACHED_AT);
    // No new pod is available yet: the old color keeps all four.
    assertThat(plan.blue()).isEqualTo(ColorPlan.keep(4));
    assertThat(plan.status().getPhase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(plan.status().getCanaryStep()).isEqualTo(1);
    assertThat(plan.status().getCanaryWeight()).isEqualTo(25);
    assertThat(plan.status().getProgress()).isEqualTo("0/1");
    assertThat(plan.notices()).extracting(Notice::reason).containsExactly("RolloutStarted");
  }

  @Test
  void aStepsPodsAvailableShiftTheOldColorAndStartThePause() {
    var green = ready(canary(1, 0, T0, null));
    Instant now = T0.plusSeconds(20);
    var plan = plan(stack(), blue(4), green, bothColors(), now);

    assertThat(plan.action()).isEqualTo(Action.NONE);
    assertThat(plan.canaryColor()).isEqualTo("green");
    assertThat(plan.green().replicas()).isEqualTo(1);
    assertThat(plan.green().annotations()).containsEntry(CANARY_STEP_REACHED_AT, now.toString());
    assertThat(plan.blue()).as("one old pod fewer per new one available").isEqualTo(keep(3));
    assertThat(plan.notices())
        .extracting(Notice::reason, Notice::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "CanaryStep",
                "Canary step 1/2 (25%) of "
                    + Stacks.IMAGE
                    + ": 1 of 4 API pods behind the active Service"));
    assertThat(plan.status().getMessage()).contains("paused until " + now.plusSeconds(30));
    assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(31));
  }

  @Test
  void aStepIsReachedOnlyOnceTheOldColorHasTheRestOfThePods() {
    // The old color was scaled up with the canary's start (api.replicas 2 -> 4): 2 of 3 ready.
    var blue = deployment("blue", Map.of(TEMPLATE_HASH, OLD), 3);
    status(blue, 2);
    var plan = plan(stack(), blue, ready(canary(1, 0, T0, null)), bothColors(), T0.plusSeconds(20));
    assertThat(plan.green().annotations()).doesNotContainKey(CANARY_STEP_REACHED_AT);
    assertThat(plan.notices()).isEmpty();
    assertThat(plan.status().getProgress()).isEqualTo("1/1");
  }

  @Test
  void duringThePauseNothingMovesAndNoEventRepeats() {
    var green = ready(canary(1, 0, T0, T0.plusSeconds(20)));
    var plan = plan(stack(), blue(3), green, bothColors(), T0.plusSeconds(40));
    assertThat(plan.green().replicas()).isEqualTo(1);
    assertThat(plan.blue()).isEqualTo(keep(3));
    assertThat(plan.notices()).isEmpty();
    assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(11));
  }

  @Test
  void afterThePauseTheNextStepGrowsTheNewColorAndTheOldShrinksOnlyAsItsPodsComeUp() {
    var green = ready(canary(1, 0, T0, T0.plusSeconds(20)));
    Instant now = T0.plusSeconds(50);
    var plan = plan(stack(), blue(3), green, bothColors(), now);
    assertThat(plan.green().replicas()).isEqualTo(2);
    assertThat(plan.green().annotations())
        .containsEntry(CANARY_STEP, "1")
        .containsEntry(CANARY_STEP_STARTED_AT, now.toString())
        .doesNotContainKey(CANARY_STEP_REACHED_AT);
    assertThat(plan.blue()).as("1 new pod available of 2").isEqualTo(keep(3));
    assertThat(plan.status().getCanaryStep()).isEqualTo(2);
    assertThat(plan.status().getCanaryWeight()).isEqualTo(50);
    assertThat(plan.status().getProgress()).isEqualTo("1/2");
  }

  @Test
  void aManualPauseWaitsForThePromoteAnnotationWhichMovesOnOneStep() {
    var green = ready(canary(2, 1, T0, T0.plusSeconds(60)));
    var waiting = plan(stack(), blue(2), green, bothColors(), T0.plusSeconds(600));
    assertThat(waiting.green().replicas()).isEqualTo(2);
    assertThat(waiting.blue()).isEqualTo(keep(2));
    assertThat(waiting.requeueAfter()).isNull();
    assertThat(waiting.status().getMessage()).contains("paused: annotate");

    var stack = stack();
    stack.getMetadata().getAnnotations().put(SuperNovaStack.PROMOTE_ANNOTATION, "true");
    var promoted = plan(stack, blue(2), green, bothColors(), T0.plusSeconds(601));
    assertThat(promoted.consumedAnnotations()).containsExactly(SuperNovaStack.PROMOTE_ANNOTATION);
    // Past the last step: the new color gets all replicas; the old keeps its pods until the switch.
    assertThat(promoted.green().replicas()).isEqualTo(4);
    assertThat(promoted.blue()).isEqualTo(ColorPlan.keep(null));
    assertThat(promoted.canaryColor()).isEqualTo("green");
    assertThat(promoted.activeColor()).isEqualTo("blue");
    assertThat(promoted.status().getCanaryStep()).isEqualTo(3);
    assertThat(promoted.status().getCanaryWeight()).isEqualTo(100);
  }

  @Test
  void withAllReplicasOfTheNewColorAvailableTrafficSwitchesToItAlone() {
    var green = ready(canary(4, 2, T0, null));
    var plan = plan(stack(), blue(2), green, bothColors(), T0.plusSeconds(700));
    assertThat(plan.action()).isEqualTo(Action.PROMOTED);
    assertThat(plan.activeColor()).isEqualTo("green");
    assertThat(plan.canaryColor()).isNull();
    assertThat(plan.green().replicas()).isEqualTo(4);
    assertThat(plan.blue()).as("kept for the rollback window").isEqualTo(ColorPlan.keep(null));
    assertThat(plan.promotedAt()).isEqualTo(T0.plusSeconds(700).toString());
    assertThat(plan.status().getPhase()).isEqualTo(RolloutPhase.Switched);
    assertThat(plan.timeToPromotion()).isEqualTo(Duration.ofSeconds(700));
  }

  @Test
  void thePromoteAnnotationCutsATimedPauseShortButWaitsForTheStepToBeReached() {
    var stack = stack();
    stack.getMetadata().getAnnotations().put(SuperNovaStack.PROMOTE_ANNOTATION, "true");
    var coming = notReady(canary(1, 0, T0, null));
    var early = plan(stack, blue(4), coming, bothColors(), T0.plusSeconds(5));
    assertThat(early.consumedAnnotations()).isEmpty();
    assertThat(early.green().replicas()).isEqualTo(1);

    var reached = ready(canary(1, 0, T0, T0.plusSeconds(20)));
    var cut = plan(stack, blue(3), reached, bothColors(), T0.plusSeconds(25));
    assertThat(cut.consumedAnnotations()).containsExactly(SuperNovaStack.PROMOTE_ANNOTATION);
    assertThat(cut.green().replicas()).as("step 2 at once, not also past it").isEqualTo(2);
    assertThat(cut.status().getCanaryStep()).isEqualTo(2);
  }

  @Test
  void anAbortTakesTheNewColorOutOfTheServiceFirstThenScalesItDown() {
    var stack = stack();
    stack.getMetadata().getAnnotations().put(SuperNovaStack.ABORT_ANNOTATION, "true");
    var green = ready(canary(2, 1, T0, T0.plusSeconds(60)));

    var draining = plan(stack, blue(2), green, bothColors(), T0.plusSeconds(100));
    assertThat(draining.canaryColor()).as("the Service selects the old color alone").isNull();
    assertThat(draining.activeColor()).isEqualTo("blue");
    assertThat(draining.green()).as("its pods stay this pass").isEqualTo(ColorPlan.keep(null));
    assertThat(draining.blue()).as("the old color back to full size").isEqualTo(keep(4));
    assertThat(draining.action()).isEqualTo(Action.NONE);
    assertThat(draining.consumedAnnotations()).as("acted upon next pass").isEmpty();
    assertThat(draining.requeueAfter()).isEqualTo(Duration.ofSeconds(1));

    var aborted = plan(stack, blue(4), green, service("blue"), T0.plusSeconds(101));
    assertThat(aborted.action()).isEqualTo(Action.ABORTED);
    assertThat(aborted.canaryColor()).isNull();
    assertThat(aborted.green().replicas()).isZero();
    assertThat(aborted.green().annotations())
        .containsEntry(RolloutAnnotations.ABORTED, Reasons.ABORT_REQUESTED);
    assertThat(aborted.status().getPhase()).isEqualTo(RolloutPhase.Aborted);
    assertThat(aborted.consumedAnnotations()).contains(SuperNovaStack.ABORT_ANNOTATION);
  }

  @Test
  void aNewVersionThatNeverGetsReadyKeepsItsStepsShareAndIsAbortedAtTheStepsDeadline() {
    var never = notReady(canary(1, 0, T0, null));
    var waiting = plan(stack(), blue(4), never, bothColors(), T0.plusSeconds(200));
    assertThat(waiting.green().replicas()).as("never more than its step's share").isEqualTo(1);
    assertThat(waiting.blue()).as("no capacity lost to it").isEqualTo(keep(4));
    assertThat(waiting.action()).isEqualTo(Action.NONE);

    var late = plan(stack(), blue(4), never, bothColors(), T0.plusSeconds(600));
    assertThat(late.status().getReason()).isEqualTo(Reasons.PROGRESS_DEADLINE_EXCEEDED);
    assertThat(late.green().mode()).as("out of the Service first").isEqualTo(Mode.KEEP);
    var aborted = plan(stack(), blue(4), never, service("blue"), T0.plusSeconds(601));
    assertThat(aborted.action()).isEqualTo(Action.ABORTED);
    assertThat(aborted.green().replicas()).isZero();
  }

  @Test
  void theSpecBackToTheActiveImageCancelsTheCanaryAfterTakingItOutOfTheService() {
    var green = ready(canary(1, 0, T0, T0.plusSeconds(20)));
    var draining = plan(stack(), blue(3), green, bothColors(), T0.plusSeconds(25), OLD);
    assertThat(draining.canaryColor()).isNull();
    assertThat(draining.green()).isEqualTo(ColorPlan.keep(null));
    assertThat(draining.notices()).isEmpty();

    var cancelled = plan(stack(), blue(3), green, service("blue"), T0.plusSeconds(26), OLD);
    assertThat(cancelled.action()).isEqualTo(Action.CANCELLED);
    assertThat(cancelled.green().replicas()).isZero();
    assertThat(cancelled.blue().replicas()).isEqualTo(4);
  }

  // --- instant rollback after a canary: green serves the promoted template (OLD here), blue
  // keeps the 2 pods of the last step of the template the spec asks for again (NEW).

  private static final Instant PROMOTED = T0.plusSeconds(700);

  @Test
  void goingBackToTheKeptColorInsideTheDelayScalesItToFullSizeWhileTrafficStays() {
    Instant now = PROMOTED.plusSeconds(10);
    var plan = plan(stack(), kept(2, 2), promotedGreen(), promotedService(), now);

    assertThat(plan.action()).isEqualTo(Action.NONE);
    assertThat(plan.activeColor())
        .as("traffic stays until the kept color is whole")
        .isEqualTo("green");
    assertThat(plan.canaryColor()).as("no steps: never both colors behind the Service").isNull();
    assertThat(plan.green()).as("the serving color keeps all its pods").isEqualTo(keep(4));
    assertThat(plan.blue().mode()).isEqualTo(Mode.RENDER);
    assertThat(plan.blue().replicas()).isEqualTo(4);
    assertThat(plan.blue().annotations())
        .containsEntry(TEMPLATE_HASH, NEW)
        .containsEntry(ROLLBACK_STARTED_AT, now.toString())
        .containsEntry(STARTED_AT, T0.toString())
        .doesNotContainKeys(CANARY_STEP, CANARY_STEP_STARTED_AT);
    assertThat(plan.status().getPhase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(plan.status().getCanaryStep()).isNull();
    assertThat(plan.status().getProgress()).isEqualTo("2/4");
    assertThat(plan.status().getMessage())
        .isEqualTo(
            "Rolling back to blue ("
                + Stacks.IMAGE
                + ") without steps: 2/4 pods available; traffic stays on green until all are");
    assertThat(plan.notices()).isEmpty();
    assertThat(plan.requeueAfter()).isEqualTo(BlueGreenPlanner.POLL);
  }

  @Test
  void whileTheKeptColorsNewPodsComeUpTrafficDoesNotMove() {
    var blue = rollingBack(PROMOTED.plusSeconds(10));
    status(blue, 3);
    var plan = plan(stack(), blue, promotedGreen(), promotedService(), PROMOTED.plusSeconds(15));
    assertThat(plan.activeColor()).isEqualTo("green");
    assertThat(plan.blue().replicas()).isEqualTo(4);
    assertThat(plan.status().getProgress()).isEqualTo("3/4");
    assertThat(plan.action()).isEqualTo(Action.NONE);
  }

  @Test
  void onceAllItsPodsAreAvailableTrafficSwitchesBackAtOnce() {
    Instant now = PROMOTED.plusSeconds(25);
    var plan =
        plan(
            stack(),
            ready(rollingBack(PROMOTED.plusSeconds(10))),
            promotedGreen(),
            promotedService(),
            now);

    assertThat(plan.action()).isEqualTo(Action.ROLLED_BACK);
    assertThat(plan.activeColor()).isEqualTo("blue");
    assertThat(plan.canaryColor()).isNull();
    assertThat(plan.blue().replicas()).isEqualTo(4);
    assertThat(plan.blue().annotations())
        .containsEntry(STARTED_AT, PROMOTED.plusSeconds(10).toString())
        .doesNotContainKey(ROLLBACK_STARTED_AT);
    assertThat(plan.green()).as("kept whole for the next window").isEqualTo(ColorPlan.keep(null));
    assertThat(plan.promotedAt()).isEqualTo(now.toString());
    assertThat(plan.previousImage()).isEqualTo(Stacks.IMAGE);
    assertThat(plan.timeToPromotion()).as("not a promotion").isNull();
    assertThat(plan.status().getPhase()).isEqualTo(RolloutPhase.Switched);
    assertThat(plan.status().getMessage()).contains("green is kept at full size until");
    assertThat(plan.notices())
        .extracting(Notice::reason, Notice::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "RolledBack", "Traffic switched back from green to blue (" + Stacks.IMAGE + ")"));
  }

  @Test
  void aKeptColorAlreadyAtFullSizeSwitchesBackInTheSamePass() {
    var plan =
        plan(
            stack(),
            ready(canary(4, 1, T0, T0)),
            promotedGreen(),
            promotedService(),
            PROMOTED.plusSeconds(5));
    assertThat(plan.action()).isEqualTo(Action.ROLLED_BACK);
    assertThat(plan.activeColor()).isEqualTo("blue");
  }

  @Test
  void aRollbackThatBeganInsideTheDelayStaysOneAfterTheDelayEnds() {
    // scaleDownDelaySeconds 30: the window closed at PROMOTED + 30 s.
    var plan =
        plan(
            stack(),
            rollingBack(PROMOTED.plusSeconds(25)),
            promotedGreen(),
            promotedService(),
            PROMOTED.plusSeconds(40));
    assertThat(plan.action()).isEqualTo(Action.NONE);
    assertThat(plan.canaryColor()).as("not a new canary").isNull();
    assertThat(plan.blue().replicas()).isEqualTo(4);
    assertThat(plan.blue().annotations())
        .containsEntry(ROLLBACK_STARTED_AT, PROMOTED.plusSeconds(25).toString());
  }

  @Test
  void aKeptColorThatCannotComeBackWithinTheDeadlineIsAbortedAndTrafficNeverMoved() {
    var blue = rollingBack(PROMOTED.plusSeconds(10));
    status(blue, 2);
    var plan = plan(stack(), blue, promotedGreen(), promotedService(), PROMOTED.plusSeconds(310));
    assertThat(plan.action()).isEqualTo(Action.ABORTED);
    assertThat(plan.activeColor()).isEqualTo("green");
    assertThat(plan.green()).isEqualTo(keep(4));
    assertThat(plan.blue().replicas()).isZero();
    assertThat(plan.status().getReason()).isEqualTo(Reasons.PROGRESS_DEADLINE_EXCEEDED);
  }

  @Test
  void anAbortDuringTheScaleUpKeepsTrafficWhereItIs() {
    var stack = stack();
    stack.getMetadata().getAnnotations().put(SuperNovaStack.ABORT_ANNOTATION, "true");
    var plan =
        plan(
            stack,
            rollingBack(PROMOTED.plusSeconds(10)),
            promotedGreen(),
            promotedService(),
            PROMOTED.plusSeconds(12));
    assertThat(plan.action()).isEqualTo(Action.ABORTED);
    assertThat(plan.activeColor()).isEqualTo("green");
    assertThat(plan.blue().replicas()).isZero();
    assertThat(plan.status().getReason()).isEqualTo(Reasons.ABORT_REQUESTED);
  }

  @Test
  void theSpecBackToTheServingImageDuringTheScaleUpKeepsTheOldColorForTheRestOfTheWindow() {
    var blue = rollingBack(PROMOTED.plusSeconds(10));
    status(blue, 3);
    var plan =
        plan(stack(), blue, promotedGreen(), promotedService(), PROMOTED.plusSeconds(15), OLD);
    assertThat(plan.activeColor()).isEqualTo("green");
    assertThat(plan.blue()).as("still the rollback target").isEqualTo(ColorPlan.keep(null));
    assertThat(plan.action()).isEqualTo(Action.NONE);
  }

  @Test
  void afterTheCanarysPromotionTheStatusSaysHowManyPodsAreKeptAndHowToRollBack() {
    var plan = plan(stack(), blue(2), ready(canary(4, 2, T0, null)), bothColors(), PROMOTED);
    assertThat(plan.status().getMessage())
        .isEqualTo(
            "Traffic on green ("
                + Stacks.IMAGE
                + "); blue keeps its 2 pods until "
                + PROMOTED.plusSeconds(30)
                + ": setting spec.api.image back scales it to full size and switches back,"
                + " without steps");
  }

  @Test
  void anOperatorRestartedMidPauseResumesTheStepAndItsPause() {
    var green = ready(canary(1, 0, T0, T0.plusSeconds(20)));
    // What a restarted operator reads is the cluster: the same plan as before the restart.
    var plan = plan(stack(), blue(3), green, bothColors(), T0.plusSeconds(45));
    assertThat(plan.green().annotations())
        .containsEntry(CANARY_STEP, "0")
        .containsEntry(CANARY_STEP_REACHED_AT, T0.plusSeconds(20).toString());
    assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(6));
  }

  // --- helpers

  private static SuperNovaStack stack() {
    var stack = Stacks.minimal();
    stack.getMetadata().setAnnotations(new HashMap<>());
    stack.getSpec().getApi().getAutoscaling().setEnabled(false);
    stack.getSpec().getApi().setReplicas(4);
    var rollout = stack.getSpec().getApi().getRollout();
    rollout.setStrategy(RolloutStrategy.Canary);
    rollout.setProgressDeadlineSeconds(300);
    var canary = new CanarySpec();
    canary.setSteps(
        List.of(new CanaryStep(25, new CanaryPause("30s")), new CanaryStep(50, new CanaryPause())));
    rollout.setCanary(canary);
    return stack;
  }

  /** Green, serving since {@link #PROMOTED} the template that blue ran before the canary. */
  private static Deployment promotedGreen() {
    return ready(deployment("green", Map.of(TEMPLATE_HASH, OLD, STARTED_AT, T0.toString()), 4));
  }

  private static Service promotedService() {
    var service = service("green");
    service
        .getMetadata()
        .setAnnotations(
            Map.of(
                RolloutAnnotations.PROMOTED_AT,
                PROMOTED.toString(),
                RolloutAnnotations.PREVIOUS_IMAGE,
                Stacks.IMAGE));
    return service;
  }

  /** Blue as the canary left it: the last step's {@code replicas}, kept for rollback. */
  private static Deployment kept(int replicas, int available) {
    return status(canary(replicas, 1, T0, T0.plusSeconds(60)), available);
  }

  /** Blue being scaled back to 4 pods since {@code since}, 2 of them available. */
  private static Deployment rollingBack(Instant since) {
    Map<String, String> annotations = new HashMap<>();
    annotations.put(TEMPLATE_HASH, NEW);
    annotations.put(STARTED_AT, T0.toString());
    annotations.put(ROLLBACK_STARTED_AT, since.toString());
    return status(deployment("blue", annotations, 4), 2);
  }

  private static ColorPlan keep(int replicas) {
    return ColorPlan.keep(replicas);
  }

  private static RolloutPlan plan(
      SuperNovaStack stack, Deployment blue, Deployment green, Service service, Instant now) {
    return plan(stack, blue, green, service, now, NEW);
  }

  private static RolloutPlan plan(
      SuperNovaStack stack,
      Deployment blue,
      Deployment green,
      Service service,
      Instant now,
      String hash) {
    return RolloutPlanner.plan(
        new RolloutInput(stack, hash, blue, green, service, List.of(), "supernovastack", now));
  }

  /** The old color, serving, at {@code replicas} ready pods. */
  private static Deployment blue(int replicas) {
    return ready(deployment("blue", Map.of(TEMPLATE_HASH, OLD), replicas));
  }

  /** The canary color at step {@code step}, begun at {@code started}. */
  private static Deployment canary(int replicas, int step, Instant started, Instant reachedAt) {
    Map<String, String> annotations = new HashMap<>();
    annotations.put(TEMPLATE_HASH, NEW);
    annotations.put(STARTED_AT, started.toString());
    annotations.put(CANARY_STEP, Integer.toString(step));
    annotations.put(CANARY_STEP_STARTED_AT, started.toString());
    if (reachedAt != null) {
      annotations.put(CANARY_STEP_REACHED_AT, reachedAt.toString());
    }
    return deployment("green", annotations, replicas);
  }

  private static Deployment deployment(String color, Map<String, String> annotations, int n) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("prod-api-" + color)
        .withNamespace("supernova")
        .withGeneration(2L)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withReplicas(n)
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("api-server")
        .withImage(Stacks.IMAGE)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Deployment ready(Deployment d) {
    return status(d, d.getSpec().getReplicas());
  }

  private static Deployment notReady(Deployment d) {
    return status(d, 0);
  }

  private static Deployment status(Deployment d, int available) {
    int n = d.getSpec().getReplicas();
    d.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(2L)
            .withReplicas(n)
            .withUpdatedReplicas(n)
            .withReadyReplicas(available)
            .withAvailableReplicas(available)
            .withUnavailableReplicas(n - available)
            .build());
    return d;
  }

  private static Service service(String color) {
    return service(Map.of(Labels.INSTANCE, "prod", Labels.COLOR, color));
  }

  /** The active Service during a canary: no color in its selector. */
  private static Service bothColors() {
    return service(Map.of(Labels.INSTANCE, "prod"));
  }

  private static Service service(Map<String, String> selector) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("prod-api")
        .withNamespace("supernova")
        .endMetadata()
        .withNewSpec()
        .withSelector(selector)
        .endSpec()
        .build();
  }
}
