package com.supernovaai.operator.rollout;

import static com.supernovaai.operator.model.SuperNovaStack.ABORT_ANNOTATION;
import static com.supernovaai.operator.model.SuperNovaStack.PROMOTE_ANNOTATION;
import static com.supernovaai.operator.rollout.Deployments.annotation;
import static com.supernovaai.operator.rollout.RolloutAnnotations.ABORTED;
import static com.supernovaai.operator.rollout.RolloutAnnotations.ABORT_DETAIL;
import static com.supernovaai.operator.rollout.RolloutAnnotations.STARTED_AT;
import static com.supernovaai.operator.rollout.RolloutAnnotations.TEMPLATE_HASH;
import static com.supernovaai.operator.status.Reasons.ABORT_REQUESTED;
import static com.supernovaai.operator.status.Reasons.MIGRATION_FAILED;
import static com.supernovaai.operator.status.Reasons.PROGRESS_DEADLINE_EXCEEDED;

import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.RolloutStatus;
import com.supernovaai.operator.rollout.RolloutPlan.Action;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The blue-green state machine: steady (the active color runs the spec's template, the other one is
 * idle or kept for rollback), rolling out (a preview on the other color, waiting for the gates or
 * the promote annotation), promoted, aborted, rolled back.
 */
final class BlueGreenPlanner {

  /** How often a rollout in progress is looked at even without events. */
  static final Duration POLL = Duration.ofSeconds(5);

  private final RolloutState state;
  private final RolloutRequests requests;

  BlueGreenPlanner(RolloutState state, RolloutRequests requests) {
    this.state = state;
    this.requests = requests;
  }

  RolloutPlan plan() {
    if (state.activeDeployment == null) {
      // A new stack (or the active Deployment deleted by hand): the active color gets the spec.
      ColorPlan other = state.previewDeployment == null ? ColorPlan.ABSENT : ColorPlan.keep(null);
      requests.ignoreAll(RolloutMessages.NO_ROLLOUT);
      return steadyPlan(state.newActive(Map.of(TEMPLATE_HASH, state.hash)), other)
          .status(state.idleStatus())
          .build();
    }
    String activeHash = annotation(state.activeDeployment, TEMPLATE_HASH);
    // No hash: a Deployment from before blue-green; adopt it in place rather than roll out.
    if (activeHash == null || activeHash.equals(state.hash)) {
      return steady();
    }
    return rollingOut();
  }

  /** The active color runs the desired template; the other one is idle or kept for rollback. */
  private RolloutPlan steady() {
    Map<String, String> activeAnnotations = new LinkedHashMap<>();
    activeAnnotations.put(TEMPLATE_HASH, state.hash);
    String started = annotation(state.activeDeployment, STARTED_AT);
    if (started != null) {
      activeAnnotations.put(STARTED_AT, started);
    }
    ColorPlan activePlan = ColorPlan.render(state.activeReplicas, activeAnnotations);
    Deployment old = state.previewDeployment;
    if (old == null) {
      requests.ignoreAll(RolloutMessages.NO_ROLLOUT);
      return steadyPlan(activePlan, ColorPlan.ABSENT).status(state.idleStatus()).build();
    }
    if (state.keptForRollback(old)) {
      requests.ignore(PROMOTE_ANNOTATION, RolloutMessages.NOTHING_TO_PROMOTE);
      requests.ignore(ABORT_ANNOTATION, RolloutMessages.alreadyPromoted(Deployments.image(old)));
      RolloutStatus status =
          state.status(RolloutPhase.Switched, Deployments.startedAt(state.activeDeployment));
      status.setMessage(
          RolloutMessages.keptForRollback(
              state.active, state.image, state.preview, state.scaleDownAt()));
      return steadyPlan(activePlan, ColorPlan.keep(null)).status(status).build();
    }
    requests.ignoreAll(RolloutMessages.NO_ROLLOUT);
    Action action = Action.NONE;
    if (Deployments.replicas(old) > 0) {
      boolean wasOldColor = state.promotedAt != null && !state.startedAfterPromotion(old);
      action = wasOldColor ? Action.SCALED_DOWN : Action.CANCELLED;
      requests.notice(
          wasOldColor
              ? RolloutMessages.scaledDown(state.preview, state.rollout.getScaleDownDelaySeconds())
              : RolloutMessages.cancelled(state.image, state.preview, state.active));
    }
    // An idle color may carry any template at 0 pods; giving it the current one costs no pods.
    return steadyPlan(activePlan, ColorPlan.render(0, Map.of(TEMPLATE_HASH, state.hash)))
        .action(action)
        .status(state.idleStatus())
        .build();
  }

  /** The spec asks for a template the active color does not run. */
  private RolloutPlan rollingOut() {
    ColorPlan keepActive = ColorPlan.keep(state.activeReplicas);
    Deployment candidate = state.previewDeployment;
    boolean sameTarget =
        candidate != null && state.hash.equals(annotation(candidate, TEMPLATE_HASH));
    String abortedReason = sameTarget ? annotation(candidate, ABORTED) : null;

    if (sameTarget
        && abortedReason == null
        && state.keptForRollback(candidate)
        && Deployments.promotable(candidate, Deployments.replicas(candidate))) {
      // The old color still runs exactly this template at full size: switch back at once.
      requests.ignore(ABORT_ANNOTATION, RolloutMessages.ROLLBACK_NOT_ABORTABLE);
      requests.consume(PROMOTE_ANNOTATION);
      requests.notice(RolloutMessages.rolledBack(state.active, state.preview, state.image));
      return promote(Deployments.startedAt(candidate), Action.ROLLED_BACK);
    }

    if (abortedReason != null) {
      requests.ignoreAll(RolloutMessages.alreadyAborted(state.image));
      String detail = annotation(candidate, ABORT_DETAIL);
      ColorPlan preview = abortedPreview(annotation(candidate, STARTED_AT), abortedReason, detail);
      return rolloutPlan(keepActive, preview)
          .status(abortedStatus(Deployments.startedAt(candidate), abortedReason, detail))
          .build();
    }

    Action action = Action.NONE;
    Instant started = sameTarget ? Deployments.startedAt(candidate) : null;
    if (started == null) {
      started = state.now;
      boolean replacing =
          candidate != null
              && Deployments.replicas(candidate) > 0
              && !state.keptForRollback(candidate);
      action = replacing ? Action.REPLACED : Action.STARTED;
      requests.notice(
          RolloutMessages.started(
              replacing, state.image, state.preview, state.previewSize(), state.active));
    }

    if (requests.abortRequested()) {
      requests.consume(ABORT_ANNOTATION);
      requests.consume(PROMOTE_ANNOTATION);
      return abort(started, ABORT_REQUESTED, null, keepActive);
    }

    // Pods of this template that cannot migrate the schema will never pass the gates.
    Optional<String> migration =
        sameTarget
            ? MigrationFailure.among(state.in.apiPods(), state.preview, state.image)
            : Optional.empty();
    if (migration.isPresent()) {
      return abort(started, MIGRATION_FAILED, migration.get(), keepActive);
    }

    int size = state.previewSize();
    boolean gates = sameTarget && Deployments.promotable(candidate, size);
    if (gates
        && (Boolean.TRUE.equals(state.rollout.getAutoPromotion()) || requests.promoteRequested())) {
      requests.consume(PROMOTE_ANNOTATION);
      requests.notice(
          RolloutMessages.promoted(
              state.active, state.preview, state.image, Duration.between(started, state.now)));
      return promote(started, Action.PROMOTED);
    }
    Instant deadline = started.plusSeconds(state.rollout.getProgressDeadlineSeconds());
    if (!gates && !state.now.isBefore(deadline)) {
      return abort(started, PROGRESS_DEADLINE_EXCEEDED, null, keepActive);
    }
    int available = sameTarget ? Deployments.availableOfTemplate(candidate) : 0;
    return waiting(started, available, size, gates, keepActive).action(action).build();
  }

  /**
   * Waiting: for the preview to pass the gates, or for the promote annotation. A promote annotation
   * set early stays until the gates pass.
   */
  private PlanBuilder waiting(
      Instant started, int available, int size, boolean gates, ColorPlan keepActive) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(TEMPLATE_HASH, state.hash);
    annotations.put(STARTED_AT, started.toString());
    RolloutStatus status = state.status(RolloutPhase.Progressing, started);
    status.setPreviewReplicas(size);
    status.setPreviewAvailableReplicas(available);
    status.setProgress(available + "/" + size);
    status.setMessage(
        gates
            ? RolloutMessages.waitingForPromotion(state.preview, state.image)
            : RolloutMessages.rollingOut(state.image, state.preview, available, size));
    Instant deadline = started.plusSeconds(state.rollout.getProgressDeadlineSeconds());
    Duration untilDeadline = Duration.between(state.now, deadline);
    Duration requeue =
        gates ? null : untilDeadline.compareTo(POLL) < 0 ? untilDeadline.plusSeconds(1) : POLL;
    return rolloutPlan(keepActive, ColorPlan.render(size, annotations))
        .status(status)
        .requeueAfter(requeue);
  }

  /** Traffic switches to the preview color in this reconciliation. */
  private RolloutPlan promote(Instant started, Action action) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(TEMPLATE_HASH, state.hash);
    if (started != null) {
      annotations.put(STARTED_AT, started.toString());
    }
    RolloutStatus status = state.status(RolloutPhase.Switched, started);
    status.setPromotedAt(state.now.toString());
    Instant scaleDown = state.now.plusSeconds(state.rollout.getScaleDownDelaySeconds());
    status.setMessage(
        RolloutMessages.keptForRollback(state.preview, state.image, state.active, scaleDown));
    boolean handover = state.activeReplicas == null && state.needsHandover(state.previewDeployment);
    return new PlanBuilder(state, requests)
        .activeColor(state.preview)
        .previewServiceColor(state.preview)
        // The old color keeps its pods (and the HPA-set count) for the scale-down delay.
        .colors(ColorPlan.render(state.activeReplicas, annotations), ColorPlan.keep(null))
        // What served until now is the rollback target, recorded with the switch.
        .switched(state.now.toString(), Deployments.image(state.activeDeployment))
        .handover(handover ? state.preview : null)
        .action(action)
        .status(status)
        .timeToPromotion(
            action == Action.PROMOTED && started != null
                ? Duration.between(started, state.now)
                : null)
        .requeueAfter(Duration.ofSeconds(state.rollout.getScaleDownDelaySeconds()).plusSeconds(1))
        .build();
  }

  /** The preview is scaled to 0 and marked aborted; traffic never left the active color. */
  private RolloutPlan abort(Instant started, String reason, String detail, ColorPlan keepActive) {
    return rolloutPlan(keepActive, abortedPreview(started.toString(), reason, detail))
        .action(Action.ABORTED)
        .status(abortedStatus(started, reason, detail))
        .build();
  }

  ColorPlan abortedPreview(String started, String reason, String detail) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(TEMPLATE_HASH, state.hash);
    if (started != null) {
      annotations.put(STARTED_AT, started);
    }
    annotations.put(ABORTED, reason);
    if (detail != null) {
      annotations.put(ABORT_DETAIL, detail);
    }
    return ColorPlan.render(0, annotations);
  }

  RolloutStatus abortedStatus(Instant started, String reason, String detail) {
    RolloutStatus status = state.status(RolloutPhase.Aborted, started);
    status.setReason(reason);
    status.setMessage(
        RolloutMessages.aborted(
            reason,
            detail,
            state.image,
            state.preview,
            state.active,
            state.rollout.getProgressDeadlineSeconds()));
    return status;
  }

  /** Traffic stays on the active color, which runs the spec; a kept old color is waited for. */
  private PlanBuilder steadyPlan(ColorPlan activePlan, ColorPlan otherPlan) {
    Duration requeue = null;
    if (otherPlan.mode() == ColorPlan.Mode.KEEP && state.promotedAt != null) {
      requeue = Duration.between(state.now, state.scaleDownAt()).plusSeconds(1);
      if (requeue.isNegative()) {
        requeue = Duration.ofSeconds(1);
      }
    }
    return new PlanBuilder(state, requests)
        .previewServiceColor(state.active)
        .colors(activePlan, otherPlan)
        .requeueAfter(requeue);
  }

  /** Traffic stays on the active color while the preview color is rolled out or aborted. */
  private PlanBuilder rolloutPlan(ColorPlan activePlan, ColorPlan previewPlan) {
    return new PlanBuilder(state, requests).preview(state.preview).colors(activePlan, previewPlan);
  }
}
