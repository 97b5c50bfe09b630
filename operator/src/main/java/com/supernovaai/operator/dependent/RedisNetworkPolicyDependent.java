package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/** Redis accepts connections only from the API pods. */
public class RedisNetworkPolicyDependent extends StackDependent<NetworkPolicy> {

  public RedisNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.networkPolicy(stack, NetworkPolicies.shortName(Labels.COMPONENT_REDIS));
  }

  @Override
  protected NetworkPolicy desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return NetworkPolicies.allowFrom(
        stack, Labels.COMPONENT_REDIS, StackNames.REDIS_PORT, List.of(Labels.COMPONENT_API));
  }
}
