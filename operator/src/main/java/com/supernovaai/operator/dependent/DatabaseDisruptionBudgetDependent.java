package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * A drain takes one database instance at a time. Only for a replicated database: with one instance
 * a budget could only let it go or block every drain.
 */
public class DatabaseDisruptionBudgetDependent extends StackDependent<PodDisruptionBudget> {

  public DatabaseDisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.databaseMembers(stack);
  }

  @Override
  protected PodDisruptionBudget desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_DATABASE)))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(Labels.selector(stack, Labels.COMPONENT_DATABASE))
        .endSelector()
        .endSpec()
        .build();
  }
}
