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

  private final RolloutState s;
  private final RolloutRequests requests;

  BlueGreenPlanner(RolloutState state, RolloutRequests requests) {
    this.s = state;
    this.requests = requests;
  }

  RolloutPlan plan() {
    if (s.activeDeployment == null) {
      // A new stack (or the active Deployment deleted by hand): the active color gets the spec.
      ColorPlan other = s.previewDeployment == null ? ColorPlan.ABSENT : ColorPlan.keep(null);
      requests.ignoreAll("no rollout is in progress");
      return steadyPlan(ColorPlan.render(s.initialReplicas(), Map.of(TEMPLATE_HASH, s.hash)), other)
          .status(s.idleStatus())
          .build();
    }
    String activeHash = annotation(s.activeDeployment, TEMPLATE_HASH);
    // No hash: a Deployment from before blue-green; adopt it in place rather than roll out.
    if (activeHash == null || activeHash.equals(s.hash)) {
      return steady();
    }
    return rollingOut();
  }

  /** The active color runs the desired template; the other one is idle or kept for rollback. */
  private RolloutPlan steady() {
    Map<String, String> activeAnnotations = new LinkedHashMap<>();
    activeAnnotations.put(TEMPLATE_HASH, s.hash);
    String started = annotation(s.activeDeployment, STARTED_AT);
    if (started != null) {
      activeAnnotations.put(STARTED_AT, started);
    }
    ColorPlan activePlan = ColorPlan.render(s.activeReplicas, activeAnnotations);
    Deployment old = s.previewDeployment;
    if (old == null) {
      requests.ignoreAll("no rollout is in progress");
      return steadyPlan(activePlan, ColorPlan.ABSENT).status(s.idleStatus()).build();
    }
    if (s.keptForRollback(old)) {
      requests.ignore(PROMOTE_ANNOTATION, "no rollout is waiting for promotion");
      requests.ignore(ABORT_ANNOTATION, RolloutMessages.alreadyPromoted(Deployments.image(old)));
      RolloutStatus status =
          s.status(RolloutPhase.Switched, Deployments.startedAt(s.activeDeployment));
      status.setMessage(
          RolloutMessages.keptForRollback(s.active, s.image, s.preview, s.scaleDownAt()));
      return steadyPlan(activePlan, ColorPlan.keep(null)).status(status).build();
    }
    requests.ignoreAll("no rollout is in progress");
    Action action = Action.NONE;
    if (Deployments.replicas(old) > 0) {
      boolean wasOldColor = s.promotedAt != null && !s.startedAfterPromotion(old);
      action = wasOldColor ? Action.SCALED_DOWN : Action.CANCELLED;
      requests.notice(
          wasOldColor
              ? RolloutMessages.scaledDown(s.preview, s.rollout.getScaleDownDelaySeconds())
              : RolloutMessages.cancelled(s.image, s.preview, s.active));
    }
    // An idle color may carry any template at 0 pods; giving it the current one costs no pods.
    return steadyPlan(activePlan, ColorPlan.render(0, Map.of(TEMPLATE_HASH, s.hash)))
        .action(action)
        .status(s.idleStatus())
        .build();
  }

  /** The spec asks for a template the active color does not run. */
  private RolloutPlan rollingOut() {
    ColorPlan keepActive = ColorPlan.keep(s.activeReplicas);
    Deployment candidate = s.previewDeployment;
    boolean sameTarget = candidate != null && s.hash.equals(annotation(candidate, TEMPLATE_HASH));
    String abortedReason = sameTarget ? annotation(candidate, ABORTED) : null;

    if (sameTarget
        && abortedReason == null
        && s.keptForRollback(candidate)
        && Deployments.promotable(candidate, Deployments.replicas(candidate))) {
      // The old color still runs exactly this template at full size: switch back at once.
      requests.ignore(ABORT_ANNOTATION, "a rollback cannot be aborted");
      requests.consume(PROMOTE_ANNOTATION);
      requests.notice(RolloutMessages.rolledBack(s.active, s.preview, s.image));
      return promote(Deployments.startedAt(candidate), Action.ROLLED_BACK);
    }

    if (abortedReason != null) {
      requests.ignoreAll("the rollout of " + s.image + " was already aborted");
      String detail = annotation(candidate, ABORT_DETAIL);
      ColorPlan preview = abortedPreview(annotation(candidate, STARTED_AT), abortedReason, detail);
      return rolloutPlan(keepActive, preview)
          .status(abortedStatus(Deployments.startedAt(candidate), abortedReason, detail))
          .build();
    }

    Action action = Action.NONE;
    Instant started = sameTarget ? Deployments.startedAt(candidate) : null;
    if (started == null) {
      started = s.now;
      boolean replacing =
          candidate != null && Deployments.replicas(candidate) > 0 && !s.keptForRollback(candidate);
      action = replacing ? Action.REPLACED : Action.STARTED;
      requests.notice(
          RolloutMessages.started(replacing, s.image, s.preview, s.previewSize(), s.active));
    }

    if (requests.abortRequested()) {
      requests.consume(ABORT_ANNOTATION);
      requests.consume(PROMOTE_ANNOTATION);
      return abort(started, ABORT_REQUESTED, null, keepActive);
    }

    // Pods of this template that cannot migrate the schema will never pass the gates.
    Optional<String> migration =
        sameTarget ? MigrationFailure.among(s.in.apiPods(), s.preview, s.image) : Optional.empty();
    if (migration.isPresent()) {
      return abort(started, MIGRATION_FAILED, migration.get(), keepActive);
    }

    int size = s.previewSize();
    boolean gates = sameTarget && Deployments.promotable(candidate, size);
    if (gates
        && (Boolean.TRUE.equals(s.rollout.getAutoPromotion()) || requests.promoteRequested())) {
      requests.consume(PROMOTE_ANNOTATION);
      requests.notice(
          RolloutMessages.promoted(s.active, s.preview, s.image, Duration.between(started, s.now)));
      return promote(started, Action.PROMOTED);
    }
    Instant deadline = started.plusSeconds(s.rollout.getProgressDeadlineSeconds());
    if (!gates && !s.now.isBefore(deadline)) {
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
    annotations.put(TEMPLATE_HASH, s.hash);
    annotations.put(STARTED_AT, started.toString());
    RolloutStatus status = s.status(RolloutPhase.Progressing, started);
    status.setPreviewReplicas(size);
    status.setPreviewAvailableReplicas(available);
    status.setProgress(available + "/" + size);
    status.setMessage(
        gates
            ? RolloutMessages.waitingForPromotion(s.preview, s.image)
            : RolloutMessages.rollingOut(s.image, s.preview, available, size));
    Instant deadline = started.plusSeconds(s.rollout.getProgressDeadlineSeconds());
    Duration untilDeadline = Duration.between(s.now, deadline);
    Duration requeue =
        gates ? null : untilDeadline.compareTo(POLL) < 0 ? untilDeadline.plusSeconds(1) : POLL;
    return rolloutPlan(keepActive, ColorPlan.render(size, annotations))
        .status(status)
        .requeueAfter(requeue);
  }

  /** Traffic switches to the preview color in this reconciliation. */
  private RolloutPlan promote(Instant started, Action action) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(TEMPLATE_HASH, s.hash);
    if (started != null) {
      annotations.put(STARTED_AT, started.toString());
    }
    RolloutStatus status = s.status(RolloutPhase.Switched, started);
    status.setPromotedAt(s.now.toString());
    Instant scaleDown = s.now.plusSeconds(s.rollout.getScaleDownDelaySeconds());
    status.setMessage(RolloutMessages.keptForRollback(s.preview, s.image, s.active, scaleDown));
    boolean handover = s.activeReplicas == null && s.needsHandover(s.previewDeployment);
    return new PlanBuilder(s, requests)
        .activeColor(s.preview)
        .previewServiceColor(s.preview)
        // The old color keeps its pods (and the HPA-set count) for the scale-down delay.
        .colors(ColorPlan.render(s.activeReplicas, annotations), ColorPlan.keep(null))
        // What served until now is the rollback target, recorded with the switch.
        .switched(s.now.toString(), Deployments.image(s.activeDeployment))
        .handover(handover ? s.preview : null)
        .action(action)
        .status(status)
        .timeToPromotion(
            action == Action.PROMOTED && started != null ? Duration.between(started, s.now) : null)
        .requeueAfter(Duration.ofSeconds(s.rollout.getScaleDownDelaySeconds()).plusSeconds(1))
        .build();
  }

  /** The preview is scaled to 0 and marked aborted; traffic never left the active color. */
  private RolloutPlan abort(Instant started, String reason, String detail, ColorPlan keepActive) {
    return rolloutPlan(keepActive, abortedPreview(started.toString(), reason, detail))
        .action(Action.ABORTED)
        .status(abortedStatus(started, reason, detail))
        .build();
  }

  private ColorPlan abortedPreview(String started, String reason, String detail) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(TEMPLATE_HASH, s.hash);
    if (started != null) {
      annotations.put(STARTED_AT, started);
    }
    annotations.put(ABORTED, reason);
    if (detail != null) {
      annotations.put(ABORT_DETAIL, detail);
    }
    return ColorPlan.render(0, annotations);
  }

  private RolloutStatus abortedStatus(Instant started, String reason, String detail) {
    RolloutStatus status = s.status(RolloutPhase.Aborted, started);
    status.setReason(reason);
    status.setMessage(
        RolloutMessages.aborted(
            reason, detail, s.image, s.preview, s.active, s.rollout.getProgressDeadlineSeconds()));
    return status;
  }

  /** Traffic stays on the active color, which runs the spec; a kept old color is waited for. */
  private PlanBuilder steadyPlan(ColorPlan activePlan, ColorPlan otherPlan) {
    boolean handover =
        activePlan.replicas() == null
            && activePlan.mode() == ColorPlan.Mode.RENDER
            && s.needsHandover(s.activeDeployment);
    Duration requeue = null;
    if (otherPlan.mode() == ColorPlan.Mode.KEEP && s.promotedAt != null) {
      requeue = Duration.between(s.now, s.scaleDownAt()).plusSeconds(1);
      if (requeue.isNegative()) {
        requeue = Duration.ofSeconds(1);
      }
    }
    return new PlanBuilder(s, requests)
        .previewServiceColor(s.active)
        .colors(activePlan, otherPlan)
        .handover(handover ? s.active : null)
        .requeueAfter(requeue);
  }

  /** Traffic stays on the active color while the preview color is rolled out or aborted. */
  private PlanBuilder rolloutPlan(ColorPlan activePlan, ColorPlan previewPlan) {
    return new PlanBuilder(s, requests).preview(s.preview).colors(activePlan, previewPlan);
  }
}
