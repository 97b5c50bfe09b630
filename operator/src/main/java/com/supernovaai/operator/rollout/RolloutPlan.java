package com.supernovaai.operator.rollout;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.RolloutStatus;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The decision of one reconciliation about the API colors: what each Deployment and Service should
 * look like, what happened (for events and metrics), and the rollout status.
 *
 * @param activeColor the color the active Service selects after this reconciliation
 * @param previewServiceColor the color the preview Service selects; null: no preview Service
 * @param promotedAt value of {@link RolloutAnnotations#PROMOTED_AT} on the active Service
 * @param handoverColor non-null at a promotion that leaves spec.replicas of the new active color to
 *     the HorizontalPodAutoscaler: before anything is applied (before the switch and the HPA's
 *     retarget), hand them to another field manager, so that leaving them out of the operator's
 *     apply keeps the value instead of resetting it to 1. Any other first apply without replicas
 *     hands them over itself, right before it ({@code ApiDeploymentDependent#update})
 * @param previousImage image that served before the last switch (the rollback target), kept on the
 *     active Service with the switch; null before the first one
 * @param previewColor color of a rollout in progress or aborted, else null
 * @param canaryColor strategy Canary: the new color, which the active Service selects beside {@code
 *     activeColor} during the canary's steps; null: the active Service selects only {@code
 *     activeColor}
 * @param consumedAnnotations promote/abort annotations acted upon (or ignored): to be removed
 * @param timeToPromotion from rollout start to the switch, when {@code action} is PROMOTED
 * @param requeueAfter when to look again even if nothing changes (deadline, scale-down delay)
 */
public record RolloutPlan(
    String activeColor,
    String previewServiceColor,
    ColorPlan blue,
    ColorPlan green,
    String promotedAt,
    String handoverColor,
    Action action,
    RolloutStatus status,
    String previousImage,
    String previewColor,
    String canaryColor,
    Set<String> consumedAnnotations,
    List<Notice> notices,
    Duration timeToPromotion,
    Duration requeueAfter) {

  /** What this reconciliation does to the rollout. */
  public enum Action {
    NONE,
    STARTED,
    REPLACED,
    PROMOTED,
    ROLLED_BACK,
    CANCELLED,
    ABORTED,
    SCALED_DOWN
  }

  /** An Event to record on the stack. */
  public record Notice(String type, String reason, String message) {}

  public ColorPlan color(String color) {
    return StackNames.GREEN.equals(color) ? green : blue;
  }

  /**
   * This plan with {@code color}'s Deployment left as it is and nothing else done: the pass that
   * takes a color out of the active Service before it may be scaled down.
   */
  RolloutPlan drainOnly(String color, Duration requeue) {
    ColorPlan kept = ColorPlan.keep(null);
    boolean drainsGreen = StackNames.GREEN.equals(color);
    return new RolloutPlan(
        activeColor,
        previewServiceColor,
        drainsGreen ? blue : kept,
        drainsGreen ? kept : green,
        promotedAt,
        handoverColor,
        Action.NONE,
        status,
        previousImage,
        previewColor,
        canaryColor,
        Set.of(),
        List.of(),
        timeToPromotion,
        requeue);
  }
}
