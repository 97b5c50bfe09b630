package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Identity of the API pods; no token is mounted, the API server does not call Kubernetes. */
public class ApiServiceAccountDependent extends StackDependent<ServiceAccount> {

  public ApiServiceAccountDependent() {
    super(ServiceAccount.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.apiServiceAccount(stack);
  }

  @Override
  protected ServiceAccount desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new ServiceAccountBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_API)))
        .withAutomountServiceAccountToken(false)
        .build();
  }
}
