package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * TimescaleDB accepts connections only from the pooler, the backup job and (without pooler) the
 * API.
 */
public class DatabaseNetworkPolicyDependent extends StackDependent<NetworkPolicy> {

  public DatabaseNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.networkPolicy(stack, NetworkPolicies.shortName(Labels.COMPONENT_DATABASE));
  }

  @Override
  protected NetworkPolicy desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    List<String> from = new ArrayList<>(List.of(Labels.COMPONENT_POOLER, Labels.COMPONENT_BACKUP));
    if (!Preconditions.poolerEnabled(stack)) {
      from.add(Labels.COMPONENT_API);
    }
    return NetworkPolicies.allowFrom(
        stack, Labels.COMPONENT_DATABASE, StackNames.DATABASE_PORT, from);
  }
}
