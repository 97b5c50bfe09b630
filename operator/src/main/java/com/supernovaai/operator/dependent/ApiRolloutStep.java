package com.supernovaai.operator.dependent;

import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.RolloutPlan;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.NameSetter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;

/**
 * The workflow step that plans the API rollout, after the API's ConfigMap and Secrets (whose hashes
 * the plan compares) and before every object the plan shapes, and then, at a promotion, hands the
 * new color's replicas over to the HPA: before any of those objects is written, in particular
 * before the active Service switches and the HPA retargets, so the hand-over never races the HPA.
 */
public class ApiRolloutStep implements DependentResource<RolloutPlan, SuperNovaStack>, NameSetter {

  /** The workflow finds a step by the name its annotation gives (set by JOSDK). */
  private String name = DependentResource.defaultNameFor(ApiRolloutStep.class);

  @Override
  public ReconcileResult<RolloutPlan> reconcile(
      SuperNovaStack stack, Context<SuperNovaStack> context) {
    RolloutPlan plan = ApiRollout.plan(stack, context);
    if (plan.handoverColor() != null) {
      ApiRollout.handOverReplicas(stack, context, plan.handoverColor());
    }
    return ReconcileResult.noOperation(plan);
  }

  @Override
  public Class<RolloutPlan> resourceType() {
    return RolloutPlan.class;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void setName(String name) {
    this.name = name;
  }
}
