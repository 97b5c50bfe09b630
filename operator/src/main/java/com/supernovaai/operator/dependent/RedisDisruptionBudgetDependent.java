package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * A drain takes one sentinel-mode Redis pod at a time: two Sentinels (the quorum) and a replica to
 * promote are always left. Only in sentinel mode, for the reason the database gives.
 */
public class RedisDisruptionBudgetDependent extends StackDependent<PodDisruptionBudget> {

  public RedisDisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.redisMembers(stack);
  }

  @Override
  protected PodDisruptionBudget desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_REDIS)))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(Labels.selector(stack, Labels.COMPONENT_REDIS))
        .endSelector()
        .endSpec()
        .build();
  }
}
