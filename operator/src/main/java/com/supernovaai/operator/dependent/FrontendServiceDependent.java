package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The frontend's address, {@code <stack>-frontend:80}: what the Ingress routes / to. */
public class FrontendServiceDependent extends StackDependent<Service> {

  public FrontendServiceDependent() {
    super(Service.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.frontend(stack);
  }

  @Override
  protected Service desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new ServiceBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_FRONTEND)))
        .withSpec(
            Services.clusterIp(
                Labels.selector(stack, Labels.COMPONENT_FRONTEND),
                "http",
                StackNames.FRONTEND_SERVICE_PORT))
        .build();
  }
}
