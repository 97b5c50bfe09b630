package com.supernovaai.operator.rollout;

import static com.supernovaai.operator.model.SuperNovaStack.ABORT_ANNOTATION;
import static com.supernovaai.operator.model.SuperNovaStack.PROMOTE_ANNOTATION;
import static com.supernovaai.operator.rollout.Deployments.annotation;
import static com.supernovaai.operator.rollout.RolloutAnnotations.ABORTED;
import static com.supernovaai.operator.rollout.RolloutAnnotations.ABORT_DETAIL;
import static com.supernovaai.operator.rollout.RolloutAnnotations.CANARY_STEP;
import static com.supernovaai.operator.rollout.RolloutAnnotations.CANARY_STEP_REACHED_AT;
import static com.supernovaai.operator.rollout.RolloutAnnotations.CANARY_STEP_STARTED_AT;
import static com.supernovaai.operator.rollout.RolloutAnnotations.ROLLBACK_STARTED_AT;
import static com.supernovaai.operator.rollout.RolloutAnnotations.STARTED_AT;
import static com.supernovaai.operator.rollout.RolloutAnnotations.TEMPLATE_HASH;
import static com.supernovaai.operator.status.Reasons.ABORT_REQUESTED;
import static com.supernovaai.operator.status.Reasons.MIGRATION_FAILED;
import static com.supernovaai.operator.status.Reasons.PROGRESS_DEADLINE_EXCEEDED;

import com.supernovaai.operator.model.CanaryPause;
import com.supernovaai.operator.model.CanaryStep;
import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.RolloutStatus;
import com.supernovaai.operator.rollout.RolloutPlan.Action;
import com.supernovaai.operator.status.EventReasons;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Strategy Canary: the new template runs on the other color beside the active one, and the active
 * Service selects both, so the new version's share of the requests is its share of the pods. Each
 * step gives it {@link #canaryReplicas} pods and scales the old color down by as many once they are
 * available (capacity never drops), waits for the step's pause, then moves on; after the last step
 * the new color gets all replicas and traffic switches to it as in blue-green (the old color kept
 * for the scale-down delay, with the pods of the last step). Going back to the kept color inside
 * that delay skips the steps: it is scaled back to all replicas, then traffic switches back at once
 * ({@link #rollBack}). No rollout in progress: as blue-green.
 *
 * <p>The step, when it began and when its pods were all available are annotations of the canary
 * Deployment, so a restarted operator resumes the step (and its pause) where it was.
 */
final class CanaryPlanner {

  private final RolloutState state;
  private final RolloutRequests requests;
  private final BlueGreenPlanner blueGreen;
  private final List<CanaryStep> steps;

  /** API pods when no canary runs; at least 2 during one (one of each version). */
  private final int replicas;

  CanaryPlanner(RolloutState state, RolloutRequests requests) {
    this.state = state;
    this.requests = requests;
    this.blueGreen = new BlueGreenPlanner(state, requests);
    var canary = state.rollout.getCanary();
    this.steps = canary == null || canary.getSteps() == null ? List.of() : canary.getSteps();
    this.replicas = Math.max(1, state.activeReplicas == null ? 1 : state.activeReplicas);
  }

  /**
   * Pods of the new version for {@code weight} percent of {@code replicas} API pods: the nearest
   * whole number, at least 1 (a step always shows the new version) and, below 100 %, at most all
   * but one (the old version stays until the last step). One replica: the canary adds a pod, 1 of
   * 2.
   */
  static int canaryReplicas(int weight, int replicas) {
    if (weight >= 100) {
      return replicas;
    }
    int pods = Math.max(2, replicas);
    int nearest = (weight * pods + 50) / 100;
    return Math.max(1, Math.min(pods - 1, nearest));
  }

  /** Pods of the old version while the new one has {@code canary} available of its step's. */
  static int stableReplicas(int canary, int replicas) {
    return Math.max(1, replicas - canary);
  }

  /** The share of the pods behind the active Service on the new version, in percent. */
  static int weightOf(int canary, int replicas) {
    int stable = stableReplicas(canary, replicas);
    return Math.round(100f * canary / (canary + stable));
  }

  RolloutPlan plan() {
    if (state.activeDeployment == null) {
      return blueGreen.plan();
    }
    String activeHash = annotation(state.activeDeployment, TEMPLATE_HASH);
    if (activeHash == null || activeHash.equals(state.hash)) {
      return blueGreen.plan();
    }
    return rollingOut();
  }

  private RolloutPlan rollingOut() {
    Deployment candidate = state.previewDeployment;
    boolean sameTarget =
        candidate != null && state.hash.equals(annotation(candidate, TEMPLATE_HASH));
    if (sameTarget && isRollback(candidate)) {
      return rollBack(candidate);
    }
    String abortedReason = sameTarget ? annotation(candidate, ABORTED) : null;
    if (abortedReason != null) {
      requests.ignoreAll(RolloutMessages.alreadyAborted(state.image));
      String detail = annotation(candidate, ABORT_DETAIL);
      return new PlanBuilder(state, requests)
          .preview(state.preview)
          .colors(
              ColorPlan.keep(replicas),
              blueGreen.abortedPreview(annotation(candidate, STARTED_AT), abortedReason, detail))
          .status(blueGreen.abortedStatus(Deployments.startedAt(candidate), abortedReason, detail))
          .build();
    }

    Instant started = sameTarget ? Deployments.startedAt(candidate) : null;
    Step step;
    Action action = Action.NONE;
    if (started == null) {
      started = state.now;
      boolean replacing =
          candidate != null
              && Deployments.replicas(candidate) > 0
              && !state.keptForRollback(candidate);
      action = replacing ? Action.REPLACED : Action.STARTED;
      step = new Step(0, state.now, null);
      requests.notice(
          RolloutMessages.started(replacing, state.image, state.preview, podsAt(0), state.active));
    } else {
      step = Step.of(candidate, started);
    }

    if (requests.abortRequested()) {
      requests.consume(ABORT_ANNOTATION);
      requests.consume(PROMOTE_ANNOTATION);
      return abort(started, ABORT_REQUESTED, null);
    }
    Optional<String> migration =
        sameTarget
            ? MigrationFailure.among(state.in.apiPods(), state.preview, state.image)
            : Optional.empty();
    if (migration.isPresent()) {
      return abort(started, MIGRATION_FAILED, migration.get());
    }

    boolean promoteUsed = false;
    while (true) {
      int pods = podsAt(step.index);
      // The step's share is real once both colors have their pods: the new one all of its
      // step's, the old one as many as it keeps (its pause would otherwise show another share).
      boolean reached =
          sameTarget
              && Deployments.promotable(candidate, pods)
              && (isFinal(step.index)
                  || Deployments.availableOfTemplate(state.activeDeployment)
                      >= stableReplicas(pods, replicas));
      if (!reached) {
        Instant deadline = step.startedAt.plusSeconds(state.rollout.getProgressDeadlineSeconds());
        if (!state.now.isBefore(deadline)) {
          return abort(started, PROGRESS_DEADLINE_EXCEEDED, null);
        }
        int available = sameTarget ? Deployments.availableOfTemplate(candidate) : 0;
        Duration untilDeadline = Duration.between(state.now, deadline);
        Duration requeue =
            untilDeadline.compareTo(BlueGreenPlanner.POLL) < 0
                ? untilDeadline.plusSeconds(1)
                : BlueGreenPlanner.POLL;
        return stepPlan(started, step, Math.min(available, pods), available, null)
            .action(action)
            .requeueAfter(requeue)
            .build();
      }
      if (isFinal(step.index)) {
        requests.consume(PROMOTE_ANNOTATION);
        requests.notice(
            RolloutMessages.promoted(
                state.active, state.preview, state.image, Duration.between(started, state.now)));
        return promote(started, Action.PROMOTED);
      }
      if (step.reachedAt == null) {
        step = new Step(step.index, step.startedAt, state.now);
        requests.notice(stepReached(step.index, pods));
      }
      // The promote annotation ends the pause of a reached step, timed or manual (one step per
      // annotation); set earlier, it waits for the step to be reached.
      CanaryPause pause = steps.get(step.index).getPause();
      boolean promoted = !promoteUsed && requests.promoteRequested();
      if (pause != null && !promoted) {
        Instant until =
            pause.getDuration() == null ? null : step.reachedAt.plus(pause.asDuration());
        if (until == null) {
          return stepPlan(started, step, pods, pods, RolloutMessages.canaryPaused())
              .action(action)
              .build();
        }
        if (state.now.isBefore(until)) {
          return stepPlan(started, step, pods, pods, RolloutMessages.canaryPausedUntil(until))
              .action(action)
              .requeueAfter(Duration.between(state.now, until).plusSeconds(1))
              .build();
        }
      }
      if (promoted && pause != null) {
        requests.consume(PROMOTE_ANNOTATION);
        promoteUsed = true;
      }
      step = new Step(step.index + 1, state.now, null);
    }
  }

  /** The last step passed (or one of 100 %): the new version gets all the replicas. */
  private boolean isFinal(int index) {
    return index >= steps.size() || steps.get(index).getWeight() >= 100;
  }

  /** Pods of the new version at step {@code index}. */
  private int podsAt(int index) {
    return isFinal(index) ? replicas : canaryReplicas(steps.get(index).getWeight(), replicas);
  }

  /**
   * The canary at {@code step}: the new color at the step's size, the old color down by as many
   * pods as the new one has available ({@code shifted}), both behind the active Service.
   */
  private PlanBuilder stepPlan(
      Instant started, Step step, int shifted, int available, String pausedMessage) {
    int pods = podsAt(step.index);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(TEMPLATE_HASH, state.hash);
    annotations.put(STARTED_AT, started.toString());
    annotations.put(CANARY_STEP, Integer.toString(step.index));
    annotations.put(CANARY_STEP_STARTED_AT, step.startedAt.toString());
    if (step.reachedAt != null) {
      annotations.put(CANARY_STEP_REACHED_AT, step.reachedAt.toString());
    }
    boolean last = isFinal(step.index);
    // Past the last step the old color keeps its pods until the switch: capacity only grows.
    ColorPlan stable =
        last ? ColorPlan.keep(null) : ColorPlan.keep(stableReplicas(shifted, replicas));
    RolloutStatus status = state.status(RolloutPhase.Progressing, started);
    status.setPreviewReplicas(pods);
    status.setPreviewAvailableReplicas(available);
    status.setProgress(Math.min(available, pods) + "/" + pods);
    status.setCanaryStep(step.index + 1);
    status.setCanaryWeight(last ? 100 : weightOf(pods, replicas));
    status.setMessage(
        pausedMessage != null
            ? RolloutMessages.canaryStep(
                    step.index, steps.size(), weightOf(pods, replicas), state.image)
                + "; "
                + pausedMessage
            : RolloutMessages.rollingOut(
                state.image, state.preview, Math.min(available, pods), pods));
    return new PlanBuilder(state, requests)
        .preview(state.preview)
        .canary(state.preview)
        .colors(stable, ColorPlan.render(pods, annotations))
        .status(status);
  }

  /**
   * The spec asks again for the template of the old color kept since the last switch (inside the
   * scale-down delay), or such a rollback has begun: no steps, as in blue-green, except that the
   * kept color first gets its pods back (a canary leaves it only those of the last step).
   */
  private boolean isRollback(Deployment candidate) {
    return annotation(candidate, ABORTED) == null
        && (state.keptForRollback(candidate) || annotation(candidate, ROLLBACK_STARTED_AT) != null);
  }

  /**
   * An instant rollback to the kept old color: it is scaled back to all replicas while traffic
   * stays on the active color (which keeps all of its own), and the active Service switches to it
   * once they are all available; capacity never drops. Not available within the progress deadline
   * (or aborted, or its migration failing): aborted like a rollout, traffic never left.
   */
  private RolloutPlan rollBack(Deployment candidate) {
    Instant since = Deployments.instant(annotation(candidate, ROLLBACK_STARTED_AT));
    if (since == null) {
      since = state.now;
    }
    if (Deployments.promotable(candidate, replicas)) {
      requests.ignore(ABORT_ANNOTATION, RolloutMessages.ROLLBACK_NOT_ABORTABLE);
      requests.consume(PROMOTE_ANNOTATION);
      requests.notice(RolloutMessages.rolledBack(state.active, state.preview, state.image));
      return promote(since, Action.ROLLED_BACK);
    }
    if (requests.abortRequested()) {
      requests.consume(ABORT_ANNOTATION);
      requests.consume(PROMOTE_ANNOTATION);
      return abort(since, ABORT_REQUESTED, null);
    }
    Optional<String> migration =
        MigrationFailure.among(state.in.apiPods(), state.preview, state.image);
    if (migration.isPresent()) {
      return abort(since, MIGRATION_FAILED, migration.get());
    }
    Instant deadline = since.plusSeconds(state.rollout.getProgressDeadlineSeconds());
    if (!state.now.isBefore(deadline)) {
      return abort(since, PROGRESS_DEADLINE_EXCEEDED, null);
    }
    // A promote annotation has nothing to cut short: the switch follows the pods.
    requests.ignore(PROMOTE_ANNOTATION, RolloutMessages.NOTHING_TO_PROMOTE);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(TEMPLATE_HASH, state.hash);
    // Its start stays as it was: until the switch, the color is still the one kept for rollback.
    String started = annotation(candidate, STARTED_AT);
    if (started != null) {
      annotations.put(STARTED_AT, started);
    }
    annotations.put(ROLLBACK_STARTED_AT, since.toString());
    int available = Math.min(replicas, Deployments.availableOfTemplate(candidate));
    RolloutStatus status = state.status(RolloutPhase.Progressing, since);
    status.setPreviewReplicas(replicas);
    status.setPreviewAvailableReplicas(available);
    status.setProgress(available + "/" + replicas);
    status.setMessage(
        RolloutMessages.rollingBack(state.preview, state.image, available, replicas, state.active));
    Duration untilDeadline = Duration.between(state.now, deadline);
    return new PlanBuilder(state, requests)
        .preview(state.preview)
        .colors(ColorPlan.keep(replicas), ColorPlan.render(replicas, annotations))
        .status(status)
        .requeueAfter(
            untilDeadline.compareTo(BlueGreenPlanner.POLL) < 0
                ? untilDeadline.plusSeconds(1)
                : BlueGreenPlanner.POLL)
        .build();
  }

  /**
   * Traffic switches to the new color alone (after the last step, or back to the kept color); the
   * color it leaves keeps its pods for the delay.
   */
  private RolloutPlan promote(Instant started, Action action) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(TEMPLATE_HASH, state.hash);
    annotations.put(STARTED_AT, started.toString());
    RolloutStatus status = state.status(RolloutPhase.Switched, started);
    status.setPromotedAt(state.now.toString());
    Instant scaleDown = state.now.plusSeconds(state.rollout.getScaleDownDelaySeconds());
    int left = Deployments.replicas(state.activeDeployment);
    status.setMessage(
        left >= replicas
            ? RolloutMessages.keptForRollback(state.preview, state.image, state.active, scaleDown)
            : RolloutMessages.keptForCanaryRollback(
                state.preview, state.image, state.active, left, scaleDown));
    return new PlanBuilder(state, requests)
        .activeColor(state.preview)
        .previewServiceColor(state.preview)
        .colors(ColorPlan.render(replicas, annotations), ColorPlan.keep(null))
        .switched(state.now.toString(), Deployments.image(state.activeDeployment))
        .action(action)
        .status(status)
        .timeToPromotion(action == Action.PROMOTED ? Duration.between(started, state.now) : null)
        .requeueAfter(Duration.ofSeconds(state.rollout.getScaleDownDelaySeconds()).plusSeconds(1))
        .build();
  }

  /**
   * Back to 0 %: the active Service selects the old color alone, which returns to full size; the
   * new color is scaled to 0 once out of the Service ({@link RolloutPlanner} holds its pods for the
   * pass that takes it out).
   */
  private RolloutPlan abort(Instant started, String reason, String detail) {
    return new PlanBuilder(state, requests)
        .preview(state.preview)
        .colors(
            ColorPlan.keep(replicas), blueGreen.abortedPreview(started.toString(), reason, detail))
        .action(Action.ABORTED)
        .status(blueGreen.abortedStatus(started, reason, detail))
        .build();
  }

  private RolloutPlan.Notice stepReached(int index, int pods) {
    return RolloutMessages.normal(
        EventReasons.CANARY_STEP,
        RolloutMessages.canaryStep(index, steps.size(), weightOf(pods, replicas), state.image)
            + ": "
            + pods
            + " of "
            + (pods + stableReplicas(pods, replicas))
            + " API pods behind "
            + "the active Service");
  }

  /** Where the canary is: the step (from 0), when it began, when its pods were all available. */
  private record Step(int index, Instant startedAt, Instant reachedAt) {
    static Step of(Deployment canary, Instant started) {
      int index = 0;
      try {
        String value = annotation(canary, CANARY_STEP);
        index = value == null ? 0 : Math.max(0, Integer.parseInt(value));
      } catch (NumberFormatException e) {
        // Edited by hand: from the first step again.
      }
      Instant stepStarted = Deployments.instant(annotation(canary, CANARY_STEP_STARTED_AT));
      return new Step(
          index,
          stepStarted == null ? started : stepStarted,
          Deployments.instant(annotation(canary, CANARY_STEP_REACHED_AT)));
    }
  }
}
