package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** With two or more frontend pods: a drain takes one at a time, so the page stays up. */
public class FrontendDisruptionBudgetDependent extends StackDependent<PodDisruptionBudget> {

  public FrontendDisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.frontend(stack);
  }

  @Override
  protected PodDisruptionBudget desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_FRONTEND)))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(Labels.selector(stack, Labels.COMPONENT_FRONTEND))
        .endSelector()
        .withUnhealthyPodEvictionPolicy("AlwaysAllow")
        .endSpec()
        .build();
  }
}
