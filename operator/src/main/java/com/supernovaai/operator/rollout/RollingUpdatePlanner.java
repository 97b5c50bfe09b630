package com.supernovaai.operator.rollout;

import static com.supernovaai.operator.rollout.RolloutAnnotations.TEMPLATE_HASH;

import java.util.Map;

/**
 * Strategy RollingUpdate: one color, updated in place by the Deployment controller; nothing to
 * preview, promote or abort.
 */
final class RollingUpdatePlanner {

  private RollingUpdatePlanner() {}

  static RolloutPlan plan(RolloutState state, RolloutRequests requests) {
    requests.ignoreAll(RolloutMessages.NOTHING_TO_PROMOTE_OR_ABORT);
    Map<String, String> annotations = Map.of(TEMPLATE_HASH, state.hash);
    ColorPlan active =
        state.activeDeployment == null
            ? state.newActive(annotations)
            : ColorPlan.render(state.activeReplicas, annotations);
    return new PlanBuilder(state, requests)
        .colors(active, ColorPlan.ABSENT)
        .status(state.idleStatus())
        .build();
  }
}
