package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/**
 * The API pods accept HTTP from anywhere (Ingress controllers, other namespaces) and reach only
 * DNS, the database through PgBouncer (or directly without it) and Redis.
 */
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
    NetworkPolicyEgressRule database =
        Preconditions.poolerEnabled(stack)
            ? NetworkPolicies.toComponent(stack, Labels.COMPONENT_POOLER, StackNames.POOLER_PORT)
            : NetworkPolicies.database(stack);
    return NetworkPolicies.allowAll(
        stack,
        Labels.COMPONENT_API,
        StackNames.API_PORT,
        List.of(NetworkPolicies.dns(), database, NetworkPolicies.redis(stack)));
  }
}
