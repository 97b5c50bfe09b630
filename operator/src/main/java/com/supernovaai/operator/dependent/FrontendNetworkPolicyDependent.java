package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/**
 * The frontend pods accept HTTP from anywhere (Ingress controllers, as the API's rule does) and
 * reach only DNS and the API pods: nginx proxies to nothing else.
 */
public class FrontendNetworkPolicyDependent extends StackDependent<NetworkPolicy> {

  public FrontendNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.networkPolicy(stack, NetworkPolicies.shortName(Labels.COMPONENT_FRONTEND));
  }

  @Override
  protected NetworkPolicy desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    // The API Service's port is translated to the pods' before policies apply: the pods' port.
    return NetworkPolicies.allowAll(
        stack,
        Labels.COMPONENT_FRONTEND,
        StackNames.FRONTEND_PORT,
        List.of(
            NetworkPolicies.dns(),
            NetworkPolicies.toComponent(stack, Labels.COMPONENT_API, StackNames.API_PORT)));
  }
}
