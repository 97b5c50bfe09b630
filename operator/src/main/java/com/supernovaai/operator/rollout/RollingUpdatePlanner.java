package com.supernovaai.operator.rollout;

import static com.supernovaai.operator.rollout.RolloutAnnotations.TEMPLATE_HASH;

import java.util.Map;

/**
 * Strategy RollingUpdate: one color, updated in place by the Deployment controller; nothing to
 * preview, promote or abort.
 */
final class RollingUpdatePlanner {

  private RollingUpdatePlanner() {}

  static RolloutPlan plan(RolloutState s, RolloutRequests requests) {
    requests.ignoreAll("strategy RollingUpdate has nothing to promote or abort");
    boolean handover = s.activeReplicas == null && s.needsHandover(s.activeDeployment);
    Integer replicas = s.activeDeployment == null ? s.initialReplicas() : s.activeReplicas;
    return new PlanBuilder(s, requests)
        .colors(ColorPlan.render(replicas, Map.of(TEMPLATE_HASH, s.hash)), ColorPlan.ABSENT)
        .handover(handover ? s.active : null)
        .status(s.idleStatus())
        .build();
  }
}
