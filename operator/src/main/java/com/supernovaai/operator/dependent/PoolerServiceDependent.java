package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The pooler's address, {@code <stack>-pooler:6432}: what DATABASE_URL points at. */
public class PoolerServiceDependent extends StackDependent<Service> {

  public PoolerServiceDependent() {
    super(Service.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.pooler(stack);
  }

  @Override
  protected Service desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new ServiceBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_POOLER)))
        .withSpec(
            Services.clusterIp(
                Labels.selector(stack, Labels.COMPONENT_POOLER),
                "pgbouncer",
                StackNames.POOLER_PORT))
        .build();
  }
}
