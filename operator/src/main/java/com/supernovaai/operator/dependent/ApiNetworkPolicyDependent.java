package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The API pods accept HTTP from anywhere (Ingress controllers, other namespaces). */
public class ApiNetworkPolicyDependent extends StackDependent<NetworkPolicy> {

  public ApiNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.networkPolicy(stack, NetworkPolicies.shortName(Labels.COMPONENT_API));
  }

  @Override
  protected NetworkPolicy desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return NetworkPolicies.allowAll(stack, Labels.COMPONENT_API, StackNames.API_PORT);
  }
}
