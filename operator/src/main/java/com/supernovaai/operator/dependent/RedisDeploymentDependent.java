package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Redis without persistence (redis.persistence.enabled: false): a plain cache. */
public class RedisDeploymentDependent extends StackDependent<Deployment> {

  public RedisDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.redis(stack);
  }

  @Override
  protected Deployment desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new DeploymentBuilder()
        .withMetadata(metadata(stack, RedisPods.labels(stack)))
        .withNewSpec()
        .withReplicas(1)
        .withRevisionHistoryLimit(3)
        .withNewSelector()
        .withMatchLabels(Labels.selector(stack, Labels.COMPONENT_REDIS))
        .endSelector()
        .withNewStrategy()
        .withType("Recreate")
        .endStrategy()
        .withTemplate(RedisPods.template(stack, context, false))
        .endSpec()
        .build();
  }
}
