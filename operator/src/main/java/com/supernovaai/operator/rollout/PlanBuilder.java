package com.supernovaai.operator.rollout;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.RolloutStatus;
import com.supernovaai.operator.rollout.RolloutPlan.Action;
import java.time.Duration;

/**
 * Builds a {@link RolloutPlan}. It starts from what holds unless a step says otherwise: traffic
 * stays on the active color, the last switch and the rollback target are the recorded ones, nothing
 * happens.
 */
final class PlanBuilder {
  private final RolloutRequests requests;
  private String activeColor;
  private ColorPlan activePlan = ColorPlan.ABSENT;
  private ColorPlan otherPlan = ColorPlan.ABSENT;
  private String previewServiceColor;
  private String promotedAt;
  private String handoverColor;
  private Action action = Action.NONE;
  private RolloutStatus status;
  private String previousImage;
  private String previewColor;
  private String canaryColor;
  private Duration timeToPromotion;
  private Duration requeueAfter;

  PlanBuilder(RolloutState state, RolloutRequests requests) {
    this.requests = requests;
    this.activeColor = state.active;
    this.promotedAt = state.promotedAtValue();
    this.previousImage = state.previousImage;
  }

  /** The color the active Service selects after this reconciliation. */
  PlanBuilder activeColor(String color) {
    this.activeColor = color;
    return this;
  }

  /** The plans of the active color and of the other one. */
  PlanBuilder colors(ColorPlan active, ColorPlan other) {
    this.activePlan = active;
    this.otherPlan = other;
    return this;
  }

  PlanBuilder previewServiceColor(String color) {
    this.previewServiceColor = color;
    return this;
  }

  /** A rollout in progress or aborted on {@code color}: the preview Service selects it. */
  PlanBuilder preview(String color) {
    this.previewColor = color;
    this.previewServiceColor = color;
    return this;
  }

  /** A canary on {@code color}: the active Service selects it beside the active color. */
  PlanBuilder canary(String color) {
    this.canaryColor = color;
    return this;
  }

  /** The switch of traffic happens now: recorded with the image it replaces. */
  PlanBuilder switched(String at, String replacedImage) {
    this.promotedAt = at;
    this.previousImage = replacedImage;
    return this;
  }

  PlanBuilder handover(String color) {
    this.handoverColor = color;
    return this;
  }

  PlanBuilder action(Action action) {
    this.action = action;
    return this;
  }

  PlanBuilder status(RolloutStatus status) {
    this.status = status;
    return this;
  }

  PlanBuilder timeToPromotion(Duration duration) {
    this.timeToPromotion = duration;
    return this;
  }

  PlanBuilder requeueAfter(Duration duration) {
    this.requeueAfter = duration;
    return this;
  }

  RolloutPlan build() {
    boolean blueActive = StackNames.BLUE.equals(activeColor);
    return new RolloutPlan(
        activeColor,
        previewServiceColor,
        blueActive ? activePlan : otherPlan,
        blueActive ? otherPlan : activePlan,
        promotedAt,
        handoverColor,
        action,
        status,
        previousImage,
        previewColor,
        canaryColor,
        requests.consumed(),
        requests.notices(),
        timeToPromotion,
        requeueAfter);
  }
}
