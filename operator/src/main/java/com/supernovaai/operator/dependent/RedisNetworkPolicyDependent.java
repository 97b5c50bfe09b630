package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/** Redis accepts connections only from the API pods (and, in sentinel mode, from its own). */
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
    var policy =
        NetworkPolicies.allowFrom(
            stack, Labels.COMPONENT_REDIS, StackNames.REDIS_PORT, List.of(Labels.COMPONENT_API));
    if (!stack.getSpec().getRedis().sentinel()) {
      return policy;
    }
    // Sentinel mode: the API asks the Sentinels for the master; the pods reach each other
    // (replication on the Redis port, the Sentinels' checks and gossip on both ports).
    var bothPorts = List.of(StackNames.REDIS_PORT, StackNames.REDIS_SENTINEL_PORT);
    return new NetworkPolicyBuilder(policy)
        .editSpec()
        .addToIngress(
            NetworkPolicies.ingressFrom(stack, Labels.COMPONENT_API, bothPorts),
            NetworkPolicies.ingressFrom(stack, Labels.COMPONENT_REDIS, bothPorts))
        .endSpec()
        .build();
  }
}
