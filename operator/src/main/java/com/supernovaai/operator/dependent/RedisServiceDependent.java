package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Redis's address, {@code <stack>-redis:6379}; also the StatefulSet's governing Service. */
public class RedisServiceDependent extends StackDependent<Service> {

  public RedisServiceDependent() {
    super(Service.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.redis(stack);
  }

  @Override
  protected Service desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new ServiceBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_REDIS)))
        .withSpec(
            Services.clusterIp(
                Labels.selector(stack, Labels.COMPONENT_REDIS), "redis", StackNames.REDIS_PORT))
        .build();
  }
}
