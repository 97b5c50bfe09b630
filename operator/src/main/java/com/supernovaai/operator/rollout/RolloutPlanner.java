package com.supernovaai.operator.rollout;

import com.supernovaai.operator.FieldManagers;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.RolloutStrategy;

/**
 * The rollout of the API server, as a pure function: from the spec, the status, the observed
 * Deployments and the active Service, the plan of one reconciliation ({@link BlueGreenPlanner} or
 * {@link RollingUpdatePlanner}, by spec.api.rollout.strategy).
 *
 * <p>The state lives in the cluster, so that a restarted operator resumes instead of starting over:
 * the active color is what the active Service selects (the switch and its time are one write), the
 * template a Deployment runs is in its {@link RolloutAnnotations#TEMPLATE_HASH} annotation, a
 * rollout's start and abort are annotations of the preview Deployment. Status mirrors them.
 */
public final class RolloutPlanner {

  /** Field manager that holds spec.replicas while it passes from the operator to the HPA. */
  public static final String HANDOVER_FIELD_MANAGER = FieldManagers.HPA_HANDOVER;

  private RolloutPlanner() {}

  public static RolloutPlan plan(RolloutInput in) {
    RolloutState state = new RolloutState(in);
    RolloutRequests requests = new RolloutRequests(in.stack());
    if (state.rollout.getStrategy() == RolloutStrategy.RollingUpdate) {
      return RollingUpdatePlanner.plan(state, requests);
    }
    return new BlueGreenPlanner(state, requests).plan();
  }

  /** The color that is not {@code color}. */
  public static String other(String color) {
    return StackNames.BLUE.equals(color) ? StackNames.GREEN : StackNames.BLUE;
  }

  /**
   * The color traffic goes to: what the active Service selects; before the Service exists, what
   * status says; else blue (or green when only green exists).
   */
  public static String activeColor(RolloutInput in) {
    var service = in.activeService();
    if (service != null && service.getSpec() != null && service.getSpec().getSelector() != null) {
      String color = service.getSpec().getSelector().get(Labels.COLOR);
      if (isColor(color)) {
        return color;
      }
    }
    var status = in.stack().getStatus();
    if (status != null && status.getApi() != null && isColor(status.getApi().getActiveColor())) {
      return status.getApi().getActiveColor();
    }
    return in.blue() == null && in.green() != null ? StackNames.GREEN : StackNames.BLUE;
  }

  private static boolean isColor(String color) {
    return StackNames.BLUE.equals(color) || StackNames.GREEN.equals(color);
  }
}
