package com.supernovaai.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.RolloutStrategy;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.ColorPlan.Mode;
import com.supernovaai.operator.rollout.RolloutPlan.Action;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutPlannerTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String OLD = "hash-old";
  private static final String NEW = "hash-new";
  private static final String MANAGER = "supernovastack";
  private static final String V1 = "registry.example.com/supernova/api-server:1.0.0";
  private static final String V2 = "registry.example.com/supernova/api-server:2.0.0";

  // --- steady state

  @Test
  void aNewStackGetsOnlyTheBlueColorWithTheDesiredTemplate() {
    var plan = plan(stack(), NEW, null, null, null);
    assertThat(plan.activeColor()).isEqualTo("blue");
    assertThat(plan.blue().mode()).isEqualTo(Mode.RENDER);
    assertThat(plan.blue().replicas()).isEqualTo(3);
    assertThat(plan.blue().annotations()).containsEntry(RolloutAnnotations.TEMPLATE_HASH, NEW);
    assertThat(plan.green()).isEqualTo(ColorPlan.ABSENT);
    assertThat(plan.status().getPhase()).isEqualTo(RolloutPhase.Idle);
    assertThat(plan.action()).isEqualTo(Action.NONE);
  }

  @Test
  void withAutoscalingTheActiveReplicasAreLeftToTheHpa() {
    var stack = stack();
    stack.getSpec().getApi().getAutoscaling().setEnabled(true);
    var plan = plan(stack, NEW, deployment("blue", NEW, 5, null), null, service("blue", null));
    assertThat(plan.blue().replicas()).isNull();
    assertThat(plan.handoverColor()).isNull();
  }

  @Test
  void withAutoscalingANewStackIsCreatedForTheHpaAtMinReplicas() {
    var stack = stack();
    stack.getSpec().getApi().getAutoscaling().setEnabled(true);
    stack.getSpec().getApi().getAutoscaling().setMinReplicas(4);
    var plan = plan(stack, NEW, null, null, null);
    assertThat(plan.blue().replicas()).as("spec.replicas in the operator's apply").isNull();
    assertThat(plan.blue().sizeAtCreation()).isEqualTo(4);
    assertThat(plan.handoverColor()).isNull();

    // Sized at its creation by the hand-over manager: nothing is left to hand over.
    var created = deployment("blue", NEW, 4, null);
    created
        .getMetadata()
        .setManagedFields(
            java.util.List.of(replicasAppliedBy(RolloutPlanner.HANDOVER_FIELD_MANAGER)));
    var next = plan(stack, NEW, created, null, service("blue", null));
    assertThat(next.blue().replicas()).isNull();
    assertThat(next.blue().sizeAtCreation()).as("only a Deployment not yet made").isNull();
    assertThat(next.handoverColor()).isNull();
  }

  @Test
  void outsideAPromotionThePlanLeavesTheHandOverToTheFirstApplyWithoutReplicas() {
    var stack = stack();
    stack.getSpec().getApi().getAutoscaling().setEnabled(true);
    // Created at its size by the operator's apply (or by an earlier version, or before autoscaling
    // was turned on): rendered without replicas; ApiDeploymentDependent.update hands them over
    // right before the first apply that leaves them out, which most Deployments never have.
    var created = applied(deployment("blue", NEW, 4, null));
    var next = plan(stack, NEW, created, null, service("blue", null));
    assertThat(next.blue().replicas()).isNull();
    assertThat(next.handoverColor()).isNull();
    assertThat(Deployments.needsHandover(created, MANAGER)).isTrue();

    // Handed over once: the operator may still co-own the value; no second hand-over.
    var handedOver = alsoAppliedBy(created, RolloutPlanner.HANDOVER_FIELD_MANAGER);
    assertThat(Deployments.needsHandover(handedOver, MANAGER)).isFalse();
  }

  @Test
  void withoutAutoscalingANewStackIsCreatedAtTheSpecsSize() {
    var plan = plan(stack(), NEW, null, null, null);
    assertThat(plan.blue().replicas()).isEqualTo(3);
    assertThat(plan.blue().sizeAtCreation()).isNull();
  }

  @Test
  void aDeploymentWithoutTemplateHashIsAdoptedInPlace() {
    var plan = plan(stack(), NEW, deployment("blue", null, 3, null), null, service("blue", null));
    assertThat(plan.action()).isEqualTo(Action.NONE);
    assertThat(plan.blue().mode()).isEqualTo(Mode.RENDER);
    assertThat(plan.green()).isEqualTo(ColorPlan.ABSENT);
  }

  // --- a rollout

  @Test
  void aNewTemplateStartsARolloutOnTheIdleColorAtTheActiveSize() {
    var blue = deployment("blue", OLD, 4, null);
    var plan = plan(stack(), NEW, blue, null, service("blue", null));
    assertThat(plan.action()).isEqualTo(Action.STARTED);
    assertThat(plan.activeColor()).isEqualTo("blue");
    assertThat(plan.blue().mode()).isEqualTo(Mode.KEEP);
    assertThat(plan.green().mode()).isEqualTo(Mode.RENDER);
    assertThat(plan.green().replicas()).as("capacity never drops at the switch").isEqualTo(4);
    assertThat(plan.green().annotations())
        .containsEntry(RolloutAnnotations.TEMPLATE_HASH, NEW)
        .containsEntry(RolloutAnnotations.STARTED_AT, NOW.toString());
    assertThat(plan.previewServiceColor()).isEqualTo("green");
    assertThat(plan.previewColor()).isEqualTo("green");
    assertThat(plan.status().getPhase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(plan.status().getProgress()).isEqualTo("0/4");
    assertThat(plan.notices()).extracting(RolloutPlan.Notice::reason).contains("RolloutStarted");
    assertThat(plan.requeueAfter()).isNotNull();
  }

  @Test
  void previewReplicasOverrideTheActiveSize() {
    var stack = stack();
    stack.getSpec().getApi().getRollout().setPreviewReplicas(1);
    var plan = plan(stack, NEW, deployment("blue", OLD, 4, null), null, service("blue", null));
    assertThat(plan.green().replicas()).isEqualTo(1);
  }

  @Test
  void aPreviewNotYetAvailableWaitsAndKeepsItsStartTime() {
    Instant started = NOW.minusSeconds(20);
    var green = deployment("green", NEW, 3, started);
    status(green, 3, 3, 1);
    var plan = plan(stack(), NEW, deployment("blue", OLD, 3, null), green, service("blue", null));
    assertThat(plan.action()).isEqualTo(Action.NONE);
    assertThat(plan.activeColor()).isEqualTo("blue");
    assertThat(plan.status().getStartedAt()).isEqualTo(started.toString());
    assertThat(plan.status().getProgress()).isEqualTo("1/3");
    assertThat(plan.green().annotations())
        .containsEntry(RolloutAnnotations.STARTED_AT, started.toString());
  }

  @Test
  void aPromotablePreviewIsPromotedAutomatically() {
    Instant started = NOW.minusSeconds(20);
    var green = ready(deployment("green", NEW, 3, started));
    var blue = deployment("blue", OLD, 3, null);
    var plan = plan(stack(), NEW, blue, green, service("blue", null));
    assertThat(plan.action()).isEqualTo(Action.PROMOTED);
    assertThat(plan.activeColor()).isEqualTo("green");
    assertThat(plan.promotedAt()).isEqualTo(NOW.toString());
    assertThat(plan.green().mode()).isEqualTo(Mode.RENDER);
    assertThat(plan.green().replicas()).isEqualTo(3);
    assertThat(plan.blue()).as("old color kept at full size").isEqualTo(ColorPlan.keep(null));
    assertThat(plan.status().getPhase()).isEqualTo(RolloutPhase.Switched);
    assertThat(servedImage(plan, stack(), blue, green)).isEqualTo(Stacks.IMAGE);
    assertThat(plan.timeToPromotion()).isEqualTo(Duration.ofSeconds(20));
    assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(31));
  }

  @Test
  void promotionWithAutoscalingHandsTheReplicasToTheHpaAndKeepsTheOldCount() {
    var stack = stack();
    stack.getSpec().getApi().getAutoscaling().setEnabled(true);
    var green = applied(ready(deployment("green", NEW, 4, NOW.minusSeconds(5))));
    var plan = plan(stack, NEW, deployment("blue", OLD, 4, null), green, service("blue", null));
    assertThat(plan.action()).isEqualTo(Action.PROMOTED);
    assertThat(plan.green().replicas()).isNull();
    assertThat(plan.handoverColor()).isEqualTo("green");
    assertThat(plan.blue().replicas()).isNull();
  }

  @Test
  void gatesRequireAllPodsOfTheNewTemplateAvailableAndNoOldOnes() {
    var d = deployment("green", NEW, 3, NOW);
    status(d, 3, 3, 3);
    assertThat(Deployments.promotable(d, 3)).isTrue();
    d.getStatus().setReplicas(4); // an old-template pod is still there
    assertThat(Deployments.promotable(d, 3)).isFalse();
    status(d, 3, 2, 3);
    assertThat(Deployments.promotable(d, 3)).as("updated but one not available").isFalse();
    status(d, 3, 3, 3);
    d.getStatus().setObservedGeneration(1L);
    d.getMetadata().setGeneration(2L);
    assertThat(Deployments.promotable(d, 3)).as("controller has not seen the spec").isFalse();
    status(d, 3, 3, 3);
    assertThat(Deployments.promotable(d, 4)).as("planned size differs").isFalse();
  }

  @Test
  void manualPromotionWaitsForTheAnnotationThenConsumesIt() {
    var stack = stack();
    stack.getSpec().getApi().getRollout().setAutoPromotion(false);
    var green = ready(deployment("green", NEW, 3, NOW.minusSeconds(1000)));
    var blue = deployment("blue", OLD, 3, null);

    var waiting = plan(stack, NEW, blue, green, service("blue", null));
    assertThat(waiting.activeColor()).isEqualTo("blue");
    assertThat(waiting.status().getPhase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(waiting.status().getMessage()).contains(SuperNovaStack.PROMOTE_ANNOTATION);
    assertThat(waiting.action()).as("no deadline once promotable").isEqualTo(Action.NONE);

    stack.getMetadata().getAnnotations().put(SuperNovaStack.PROMOTE_ANNOTATION, "true");
    var promoted = plan(stack, NEW, blue, green, service("blue", null));
    assertThat(promoted.action()).isEqualTo(Action.PROMOTED);
    assertThat(promoted.activeColor()).isEqualTo("green");
    assertThat(promoted.consumedAnnotations()).containsExactly(SuperNovaStack.PROMOTE_ANNOTATION);
  }

  @Test
  void anEarlyPromoteAnnotationStaysUntilTheGatesPass() {
    var stack = stack();
    stack.getSpec().getApi().getRollout().setAutoPromotion(false);
    stack.getMetadata().getAnnotations().put(SuperNovaStack.PROMOTE_ANNOTATION, "true");
    var green = deployment("green", NEW, 3, NOW.minusSeconds(5));
    var plan = plan(stack, NEW, deployment("blue", OLD, 3, null), green, service("blue", null));
    assertThat(plan.action()).isEqualTo(Action.NONE);
    assertThat(plan.consumedAnnotations()).isEmpty();
  }

  @Test
  void aPromoteAnnotationWithNothingPendingIsIgnoredWithAnEvent() {
    var stack = stack();
    stack.getMetadata().getAnnotations().put(SuperNovaStack.PROMOTE_ANNOTATION, "true");
    var plan = plan(stack, NEW, deployment("blue", NEW, 3, null), null, service("blue", null));
    assertThat(plan.action()).isEqualTo(Action.NONE);
    assertThat(plan.activeColor()).isEqualTo("blue");
    assertThat(plan.consumedAnnotations()).containsExactly(SuperNovaStack.PROMOTE_ANNOTATION);
    assertThat(plan.notices()).extracting(RolloutPlan.Notice::reason).contains("PromoteIgnored");
  }

  // --- after the switch

  @Test
  void afterTheSwitchTheOldColorIsKeptUntilTheDelayThenScaledToZero() {
    Instant promoted = NOW.minusSeconds(10);
    var green = ready(deployment("green", NEW, 3, promoted.minusSeconds(30)));
    var blue = ready(deployment("blue", OLD, 3, null));

    var during = plan(stack(), NEW, blue, green, service("green", promoted));
    assertThat(during.activeColor()).isEqualTo("green");
    assertThat(during.blue()).isEqualTo(ColorPlan.keep(null));
    assertThat(during.status().getPhase()).isEqualTo(RolloutPhase.Switched);
    assertThat(during.requeueAfter()).isEqualTo(Duration.ofSeconds(21));
    assertThat(during.action()).isEqualTo(Action.NONE);

    var stackLater = stack();
    var after = plan(stackLater, NEW, blue, green, service("green", promoted), NOW.plusSeconds(30));
    assertThat(after.action()).isEqualTo(Action.SCALED_DOWN);
    assertThat(after.blue().mode()).isEqualTo(Mode.RENDER);
    assertThat(after.blue().replicas()).isZero();
    assertThat(after.status().getPhase()).isEqualTo(RolloutPhase.Idle);
    assertThat(after.activeColor()).as("never switches back").isEqualTo("green");
  }

  @Test
  void settingTheImageBackWithinTheDelayIsAnInstantRollback() {
    Instant promoted = NOW.minusSeconds(10);
    var green = ready(deployment("green", NEW, 3, promoted.minusSeconds(30)));
    var blue = ready(deployment("blue", OLD, 3, null));
    var plan = plan(stack(), OLD, blue, green, service("green", promoted));
    assertThat(plan.action()).isEqualTo(Action.ROLLED_BACK);
    assertThat(plan.activeColor()).isEqualTo("blue");
    assertThat(plan.blue().replicas()).as("same pods, same size").isEqualTo(3);
    assertThat(plan.green()).isEqualTo(ColorPlan.keep(null));
    assertThat(plan.notices()).extracting(RolloutPlan.Notice::reason).contains("RolledBack");
  }

  // --- the documented rollback: spec.api.image := status.api.previousImage

  @Test
  void aPromotionRecordsTheImageItReplacesAsTheRollbackTarget() {
    var stack = stackWithImage(V2);
    var blue = image(deployment("blue", OLD, 3, null), V1);
    var green = image(ready(deployment("green", NEW, 3, NOW.minusSeconds(20))), V2);
    var plan = plan(stack, NEW, blue, green, service("blue", null));
    assertThat(plan.action()).isEqualTo(Action.PROMOTED);
    assertThat(servedImage(plan, stack, blue, green)).isEqualTo(V2);
    assertThat(plan.previousImage()).isEqualTo(V1);
  }

  @Test
  void thePreviousImageIsKeptUntilTheNextSwitchAlsoAfterTheScaleDown() {
    Instant promoted = NOW.minusSeconds(10);
    var stack = stackWithImage(V2);
    var blue = image(ready(deployment("blue", OLD, 3, null)), V1);
    var green = image(ready(deployment("green", NEW, 3, promoted.minusSeconds(30))), V2);
    var service = service("green", promoted, V1);

    assertThat(plan(stack, NEW, blue, green, service).previousImage()).isEqualTo(V1);
    var scaledDown = plan(stack, NEW, blue, green, service, NOW.plusSeconds(30));
    assertThat(scaledDown.action()).isEqualTo(Action.SCALED_DOWN);
    assertThat(scaledDown.previousImage()).isEqualTo(V1);
    var idle = image(deployment("blue", NEW, 0, null), V2);
    assertThat(plan(stack, NEW, idle, green, service, NOW.plusSeconds(60)).previousImage())
        .isEqualTo(V1);
  }

  @Test
  void settingTheImageToThePreviousImageWithinTheDelaySwitchesBackAtOnce() {
    Instant promoted = NOW.minusSeconds(10);
    var blue = image(ready(deployment("blue", OLD, 3, null)), V1);
    var green = image(ready(deployment("green", NEW, 3, promoted.minusSeconds(30))), V2);
    var service = service("green", promoted, V1);
    String target = plan(stackWithImage(V2), NEW, blue, green, service).previousImage();

    // The template of V1 hashes to OLD again: the old color runs exactly what is asked for.
    var rollback = stackWithImage(target);
    var plan = plan(rollback, OLD, blue, green, service);
    assertThat(plan.action()).isEqualTo(Action.ROLLED_BACK);
    assertThat(plan.activeColor()).isEqualTo("blue");
    assertThat(servedImage(plan, rollback, blue, green)).isEqualTo(V1);
    assertThat(plan.blue().replicas()).as("no new pods: the same ones, same size").isEqualTo(3);
    assertThat(plan.green())
        .as("the left color is kept for the delay")
        .isEqualTo(ColorPlan.keep(null));
    assertThat(plan.previousImage()).as("rolling forward again is possible").isEqualTo(V2);
  }

  @Test
  void settingTheImageToThePreviousImageAfterTheDelayIsANormalRollout() {
    Instant promoted = NOW.minusSeconds(100);
    var blue = image(deployment("blue", NEW, 0, null), V2);
    var green = image(ready(deployment("green", NEW, 3, promoted.minusSeconds(30))), V2);
    var plan = plan(stackWithImage(V1), OLD, blue, green, service("green", promoted, V1));
    assertThat(plan.action()).isEqualTo(Action.STARTED);
    assertThat(plan.activeColor())
        .as("traffic stays until the old image is ready")
        .isEqualTo("green");
    assertThat(plan.blue().mode()).isEqualTo(Mode.RENDER);
    assertThat(plan.blue().replicas()).isEqualTo(3);
    assertThat(plan.previousImage()).isEqualTo(V1);
  }

  @Test
  void anAbortDuringPromotionIsIgnoredAndPointsToTheRollback() {
    var stack = stack();
    stack.getMetadata().getAnnotations().put(SuperNovaStack.ABORT_ANNOTATION, "true");
    Instant promoted = NOW.minusSeconds(10);
    var green = ready(deployment("green", NEW, 3, promoted.minusSeconds(30)));
    var blue = ready(deployment("blue", OLD, 3, null));
    var plan = plan(stack, NEW, blue, green, service("green", promoted));
    assertThat(plan.activeColor()).isEqualTo("green");
    assertThat(plan.consumedAnnotations()).containsExactly(SuperNovaStack.ABORT_ANNOTATION);
    assertThat(plan.notices())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.reason()).isEqualTo("AbortIgnored");
              assertThat(n.message()).contains("instant rollback");
            });
  }

  @Test
  void aNewImageDuringTheDelayRollsOutOnTheOldColorWithoutPromotingIt() {
    Instant promoted = NOW.minusSeconds(10);
    var green = ready(deployment("green", NEW, 3, promoted.minusSeconds(30)));
    var blue = ready(deployment("blue", OLD, 3, null));
    var plan = plan(stack(), "hash-third", blue, green, service("green", promoted));
    assertThat(plan.action()).isEqualTo(Action.STARTED);
    assertThat(plan.activeColor()).isEqualTo("green");
    assertThat(plan.blue().annotations())
        .containsEntry(RolloutAnnotations.TEMPLATE_HASH, "hash-third");

    // Next reconciliation: blue runs the third template, started after the switch: a preview.
    var blueThird = ready(deployment("blue", "hash-third", 3, NOW));
    var next = plan(stack(), "hash-third", blueThird, green, service("green", promoted));
    assertThat(next.action()).isEqualTo(Action.PROMOTED);
  }

  // --- abort

  @Test
  void aPreviewNotPromotableByTheDeadlineIsAborted() {
    Instant started = NOW.minusSeconds(61);
    var stack = stack();
    stack.getSpec().getApi().getRollout().setProgressDeadlineSeconds(60);
    var green = deployment("green", NEW, 3, started);
    status(green, 3, 3, 0);
    var plan = plan(stack, NEW, deployment("blue", OLD, 3, null), green, service("blue", null));
    assertThat(plan.action()).isEqualTo(Action.ABORTED);
    assertThat(plan.activeColor()).as("traffic never leaves blue").isEqualTo("blue");
    assertThat(plan.green().replicas()).isZero();
    assertThat(plan.green().annotations())
        .containsEntry(RolloutAnnotations.ABORTED, Reasons.PROGRESS_DEADLINE_EXCEEDED);
    assertThat(plan.status().getPhase()).isEqualTo(RolloutPhase.Aborted);
    assertThat(plan.status().getMessage()).contains("progressDeadlineSeconds");
  }

  @Test
  void theAbortAnnotationAbortsAndIsConsumed() {
    var stack = stack();
    stack.getMetadata().getAnnotations().put(SuperNovaStack.ABORT_ANNOTATION, "true");
    var green = ready(deployment("green", NEW, 3, NOW.minusSeconds(5)));
    var plan = plan(stack, NEW, deployment("blue", OLD, 3, null), green, service("blue", null));
    assertThat(plan.action()).as("abort wins over promotion").isEqualTo(Action.ABORTED);
    assertThat(plan.activeColor()).isEqualTo("blue");
    assertThat(plan.consumedAnnotations()).containsExactly(SuperNovaStack.ABORT_ANNOTATION);
    assertThat(plan.green().annotations())
        .containsEntry(RolloutAnnotations.ABORTED, Reasons.ABORT_REQUESTED);
  }

  @Test
  void anAbortedRolloutStaysAbortedUntilTheSpecChanges() {
    var green = deployment("green", NEW, 0, NOW.minusSeconds(100));
    green.getMetadata().getAnnotations().put(RolloutAnnotations.ABORTED, "AbortRequested");
    var blue = deployment("blue", OLD, 3, null);

    var stays = plan(stack(), NEW, blue, green, service("blue", null));
    assertThat(stays.status().getPhase()).isEqualTo(RolloutPhase.Aborted);
    assertThat(stays.action()).isEqualTo(Action.NONE);
    assertThat(stays.green().replicas()).isZero();

    var retried = plan(stack(), "hash-fixed", blue, green, service("blue", null));
    assertThat(retried.action()).isEqualTo(Action.STARTED);
    assertThat(retried.green().replicas()).isEqualTo(3);

    var rolledBack = plan(stack(), OLD, blue, green, service("blue", null));
    assertThat(rolledBack.status().getPhase()).isEqualTo(RolloutPhase.Idle);
    assertThat(rolledBack.green().annotations()).doesNotContainKey(RolloutAnnotations.ABORTED);
  }

  // --- changes during a rollout

  // --- a new version whose schema migration fails

  @Test
  void aFailedMigrationOfAPreviewPodAbortsAtOnceAndTrafficStays() {
    var stack = stackWithImage(V2);
    var blue = image(ready(deployment("blue", OLD, 3, null)), V1);
    var green = image(status(deployment("green", NEW, 3, NOW.minusSeconds(20)), 3, 3, 0), V2);
    var pods =
        List.of(
            pod("green", V2, null),
            pod("green", V2, lastTerminated(3, "migration failed: V7__orders.sql: column exists")));

    var plan = plan(stack, NEW, blue, green, service("blue", null), pods);
    assertThat(plan.action()).as("long before the deadline").isEqualTo(Action.ABORTED);
    assertThat(plan.activeColor()).isEqualTo("blue");
    assertThat(plan.blue().mode()).as("the serving color untouched").isEqualTo(Mode.KEEP);
    assertThat(plan.green().replicas()).isZero();
    assertThat(plan.green().annotations())
        .containsEntry(RolloutAnnotations.ABORTED, Reasons.MIGRATION_FAILED)
        .containsEntry(
            RolloutAnnotations.ABORT_DETAIL, "migration failed: V7__orders.sql: column exists");
    assertThat(plan.status().getPhase()).isEqualTo(RolloutPhase.Aborted);
    assertThat(plan.status().getReason()).isEqualTo("MigrationFailed");
    assertThat(plan.status().getMessage())
        .contains("migration failed: V7__orders.sql: column exists")
        .contains("traffic stayed on blue");
    assertThat(servedImage(plan, stack, blue, green)).isEqualTo(V1);
  }

  @Test
  void theMigrationFailureIsStillReportedOnceThePodsAreGone() {
    var stack = stackWithImage(V2);
    var blue = image(ready(deployment("blue", OLD, 3, null)), V1);
    var green = image(deployment("green", NEW, 0, NOW.minusSeconds(60)), V2);
    green.getMetadata().getAnnotations().put(RolloutAnnotations.ABORTED, "MigrationFailed");
    green
        .getMetadata()
        .getAnnotations()
        .put(RolloutAnnotations.ABORT_DETAIL, "migration failed: x");

    var plan = plan(stack, NEW, blue, green, service("blue", null), List.of());
    assertThat(plan.action()).isEqualTo(Action.NONE);
    assertThat(plan.status().getPhase()).isEqualTo(RolloutPhase.Aborted);
    assertThat(plan.status().getReason()).isEqualTo("MigrationFailed");
    assertThat(plan.status().getMessage()).contains("migration failed: x");
    assertThat(plan.green().replicas()).isZero();
    assertThat(plan.green().annotations())
        .containsEntry(RolloutAnnotations.ABORT_DETAIL, "migration failed: x");
  }

  @Test
  void aNewImageAfterAFailedMigrationStartsANewRolloutDespiteTheOldPods() {
    String v3 = "registry.example.com/supernova/api-server:2.0.1";
    var blue = image(ready(deployment("blue", OLD, 3, null)), V1);
    var green = image(deployment("green", NEW, 0, NOW.minusSeconds(60)), V2);
    green.getMetadata().getAnnotations().put(RolloutAnnotations.ABORTED, "MigrationFailed");
    var failedPod = pod("green", V2, lastTerminated(3, "migration failed: x"));

    var plan =
        plan(stackWithImage(v3), "hash-v3", blue, green, service("blue", null), List.of(failedPod));
    assertThat(plan.action()).isEqualTo(Action.STARTED);
    assertThat(plan.green().replicas()).isEqualTo(3);
    assertThat(plan.green().annotations()).doesNotContainKey(RolloutAnnotations.ABORTED);

    // Still a failing pod of the old image while the new ReplicaSet comes up: not this rollout's.
    var started = image(deployment("green", "hash-v3", 3, NOW.minusSeconds(5)), v3);
    var next =
        plan(
            stackWithImage(v3),
            "hash-v3",
            blue,
            started,
            service("blue", null),
            List.of(failedPod, pod("green", v3, null)));
    assertThat(next.action()).isEqualTo(Action.NONE);
    assertThat(next.status().getPhase()).isEqualTo(RolloutPhase.Progressing);
  }

  @Test
  void aCrashOfThePreviewForAnotherReasonWaitsForTheDeadline() {
    var stack = stackWithImage(V2);
    var blue = image(ready(deployment("blue", OLD, 3, null)), V1);
    var green = image(status(deployment("green", NEW, 3, NOW.minusSeconds(20)), 3, 3, 0), V2);
    var plan =
        plan(
            stack,
            NEW,
            blue,
            green,
            service("blue", null),
            List.of(pod("green", V2, lastTerminated(1, "migration failed: no, exit code 1"))));
    assertThat(plan.action()).isEqualTo(Action.NONE);
    assertThat(plan.status().getPhase()).isEqualTo(RolloutPhase.Progressing);
  }

  @Test
  void aSecondChangeDuringARolloutReplacesThePreviewAndLeavesTheActiveAlone() {
    var green = deployment("green", NEW, 3, NOW.minusSeconds(30));
    status(green, 3, 3, 1);
    var plan =
        plan(
            stack(), "hash-newest", deployment("blue", OLD, 3, null), green, service("blue", null));
    assertThat(plan.action()).isEqualTo(Action.REPLACED);
    assertThat(plan.blue().mode()).isEqualTo(Mode.KEEP);
    assertThat(plan.green().annotations())
        .containsEntry(RolloutAnnotations.TEMPLATE_HASH, "hash-newest")
        .containsEntry(RolloutAnnotations.STARTED_AT, NOW.toString());
  }

  @Test
  void settingTheImageBackDuringARolloutCancelsItWithoutNewPods() {
    var green = deployment("green", NEW, 3, NOW.minusSeconds(30));
    var plan = plan(stack(), OLD, deployment("blue", OLD, 3, null), green, service("blue", null));
    assertThat(plan.action()).isEqualTo(Action.CANCELLED);
    assertThat(plan.activeColor()).isEqualTo("blue");
    assertThat(plan.green().replicas()).isZero();
    assertThat(plan.status().getPhase()).isEqualTo(RolloutPhase.Idle);
  }

  // --- restart

  @Test
  void theActiveColorComesFromTheServiceNotFromAStaleStatus() {
    var stack = stack();
    var status = new com.supernovaai.operator.model.SuperNovaStackStatus();
    var api = new com.supernovaai.operator.model.ApiStatus();
    api.setActiveColor("blue"); // the switch happened, the status patch did not
    status.setApi(api);
    stack.setStatus(status);
    Instant promoted = NOW.minusSeconds(2);
    var green = ready(deployment("green", NEW, 3, promoted.minusSeconds(30)));
    var blue = ready(deployment("blue", OLD, 3, null));
    var plan = plan(stack, NEW, blue, green, service("green", promoted));
    assertThat(plan.activeColor()).isEqualTo("green");
    assertThat(plan.action()).as("not promoted twice").isEqualTo(Action.NONE);
    assertThat(plan.status().getPhase()).isEqualTo(RolloutPhase.Switched);
  }

  // --- RollingUpdate

  @Test
  void rollingUpdateUsesOneDeploymentAndDeletesTheOther() {
    var stack = stack();
    stack.getSpec().getApi().getRollout().setStrategy(RolloutStrategy.RollingUpdate);
    var plan =
        plan(
            stack,
            NEW,
            deployment("blue", OLD, 3, null),
            deployment("green", OLD, 0, null),
            service("blue", null));
    assertThat(plan.blue().mode()).isEqualTo(Mode.RENDER);
    assertThat(plan.blue().annotations()).containsEntry(RolloutAnnotations.TEMPLATE_HASH, NEW);
    assertThat(plan.green()).isEqualTo(ColorPlan.ABSENT);
    assertThat(plan.previewServiceColor()).isNull();
    assertThat(plan.status().getPhase()).isEqualTo(RolloutPhase.Idle);
  }

  // --- helpers

  private static SuperNovaStack stack() {
    var stack = Stacks.minimal();
    stack.getMetadata().setAnnotations(new HashMap<>());
    stack.getSpec().getApi().getAutoscaling().setEnabled(false);
    stack.getSpec().getApi().setReplicas(3);
    return stack;
  }

  private static SuperNovaStack stackWithImage(String image) {
    var stack = stack();
    stack.getSpec().getApi().setImage(image);
    return stack;
  }

  private static Deployment image(Deployment d, String image) {
    d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
    return d;
  }

  /**
   * The image traffic goes to once the plan is applied: the spec's when the active color is
   * rendered, else the one its Deployment runs.
   */
  private static String servedImage(
      RolloutPlan plan, SuperNovaStack stack, Deployment blue, Deployment green) {
    if (plan.color(plan.activeColor()).mode() == Mode.RENDER) {
      return stack.getSpec().getApi().getImage();
    }
    Deployment active = "green".equals(plan.activeColor()) ? green : blue;
    return active.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private static RolloutPlan plan(
      SuperNovaStack stack, String hash, Deployment blue, Deployment green, Service service) {
    return plan(stack, hash, blue, green, service, NOW);
  }

  private static RolloutPlan plan(
      SuperNovaStack stack,
      String hash,
      Deployment blue,
      Deployment green,
      Service service,
      Instant now) {
    return RolloutPlanner.plan(
        new RolloutInput(stack, hash, blue, green, service, List.of(), MANAGER, now));
  }

  private static RolloutPlan plan(
      SuperNovaStack stack,
      String hash,
      Deployment blue,
      Deployment green,
      Service service,
      List<Pod> pods) {
    return RolloutPlanner.plan(
        new RolloutInput(stack, hash, blue, green, service, pods, MANAGER, NOW));
  }

  /** An API pod of one color running {@code image}, its container in {@code lastState}. */
  static Pod pod(String color, String image, ContainerState lastState) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("prod-api-" + color + "-" + Integer.toHexString(image.hashCode()))
        .withLabels(Map.of(Labels.COLOR, color, Labels.COMPONENT, Labels.COMPONENT_API))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("api-server")
        .withImage(image)
        .endContainer()
        .endSpec()
        .withNewStatus()
        .addNewContainerStatus()
        .withName("api-server")
        .withNewState()
        .withNewWaiting("back-off restarting failed container", "CrashLoopBackOff")
        .endState()
        .withLastState(lastState)
        .endContainerStatus()
        .endStatus()
        .build();
  }

  static ContainerState lastTerminated(int exitCode, String message) {
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason("Error")
        .withMessage(message)
        .endTerminated()
        .build();
  }

  private static Deployment deployment(String color, String hash, int replicas, Instant startedAt) {
    Map<String, String> annotations = new HashMap<>();
    if (hash != null) {
      annotations.put(RolloutAnnotations.TEMPLATE_HASH, hash);
    }
    if (startedAt != null) {
      annotations.put(RolloutAnnotations.STARTED_AT, startedAt.toString());
    }
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("prod-api-" + color)
        .withNamespace("supernova")
        .withGeneration(2L)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
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
    int n = d.getSpec().getReplicas();
    return status(d, n, n, n);
  }

  private static Deployment status(Deployment d, int replicas, int updated, int available) {
    d.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
            .withObservedGeneration(2L)
            .withReplicas(replicas)
            .withUpdatedReplicas(updated)
            .withReadyReplicas(available)
            .withAvailableReplicas(available)
            .withUnavailableReplicas(replicas - available)
            .build());
    return d;
  }

  /** Marks spec.replicas as applied by the operator's field manager. */
  private static Deployment applied(Deployment d) {
    d.getMetadata().setManagedFields(java.util.List.of(replicasAppliedBy(MANAGER)));
    return d;
  }

  /** Marks spec.replicas as also applied by {@code manager}. */
  private static Deployment alsoAppliedBy(Deployment d, String manager) {
    var entries = new java.util.ArrayList<>(d.getMetadata().getManagedFields());
    entries.add(replicasAppliedBy(manager));
    d.getMetadata().setManagedFields(entries);
    return d;
  }

  private static io.fabric8.kubernetes.api.model.ManagedFieldsEntry replicasAppliedBy(
      String manager) {
    var fields = new FieldsV1();
    fields.setAdditionalProperty("f:spec", Map.of("f:replicas", Map.of()));
    return new ManagedFieldsEntryBuilder()
        .withManager(manager)
        .withOperation("Apply")
        .withFieldsV1(fields)
        .build();
  }

  private static Service service(String color, Instant promotedAt, String previousImage) {
    var service = service(color, promotedAt);
    service.getMetadata().getAnnotations().put(RolloutAnnotations.PREVIOUS_IMAGE, previousImage);
    return service;
  }

  private static Service service(String color, Instant promotedAt) {
    var builder =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("prod-api")
            .withNamespace("supernova")
            .endMetadata()
            .withNewSpec()
            .withSelector(Map.of(Labels.COLOR, color))
            .endSpec();
    if (promotedAt != null) {
      builder
          .editMetadata()
          .addToAnnotations(RolloutAnnotations.PROMOTED_AT, promotedAt.toString())
          .endMetadata();
    }
    return builder.build();
  }
}
