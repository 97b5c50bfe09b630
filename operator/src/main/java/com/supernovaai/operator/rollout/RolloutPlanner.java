package com.supernovaai.operator.rollout;

import com.supernovaai.operator.FieldManagers;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;

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
    RolloutPlan plan =
        switch (state.rollout.getStrategy()) {
          case RollingUpdate -> RollingUpdatePlanner.plan(state, requests);
          case Canary -> new CanaryPlanner(state, requests).plan();
          default -> new BlueGreenPlanner(state, requests).plan();
        };
    return drainFirst(in, plan);
  }

  /**
   * A color that served beside the active one (a canary) leaves the active Service before it loses
   * pods: while the observed Service still selects both colors and the plan selects one, the other
   * color keeps its pods and nothing else happens; the next pass, with the Service updated, does
   * what this one would have done.
   */
  static RolloutPlan drainFirst(RolloutInput in, RolloutPlan plan) {
    if (plan.canaryColor() != null || !selectsBothColors(in.activeService())) {
      return plan;
    }
    String other = other(plan.activeColor());
    var deployment = in.deployment(other);
    ColorPlan planned = plan.color(other);
    boolean losesPods =
        planned.mode() == ColorPlan.Mode.ABSENT
            || (planned.mode() == ColorPlan.Mode.RENDER
                && planned.replicas() != null
                && planned.replicas() < Deployments.replicas(deployment));
    if (deployment == null || Deployments.replicas(deployment) == 0 || !losesPods) {
      return plan;
    }
    return plan.drainOnly(other, Duration.ofSeconds(1));
  }

  /** The active Service as a canary leaves it: no color in its selector. */
  static boolean selectsBothColors(Service service) {
    return service != null
        && service.getSpec() != null
        && service.getSpec().getSelector() != null
        && !service.getSpec().getSelector().isEmpty()
        && !service.getSpec().getSelector().containsKey(Labels.COLOR);
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
