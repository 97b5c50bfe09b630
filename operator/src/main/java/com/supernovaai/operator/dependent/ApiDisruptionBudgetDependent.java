package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** PodDisruptionBudget over the API pods of both colors. */
public class ApiDisruptionBudgetDependent extends StackDependent<PodDisruptionBudget> {

  public ApiDisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.apiDisruptionBudget(stack);
  }

  @Override
  protected PodDisruptionBudget desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var pdb = stack.getSpec().getApi().getPodDisruptionBudget();
    return new PodDisruptionBudgetBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_API)))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(pdb.getMaxUnavailable()))
        .withNewSelector()
        .withMatchLabels(Labels.selector(stack, Labels.COMPONENT_API))
        .endSelector()
        .withUnhealthyPodEvictionPolicy("AlwaysAllow")
        .endSpec()
        .build();
  }
}
