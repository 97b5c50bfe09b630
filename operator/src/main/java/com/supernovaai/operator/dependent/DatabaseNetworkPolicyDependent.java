package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.config.PatroniConfig;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * TimescaleDB accepts connections only from the pooler, the backup job and (without pooler) the
 * API; the members of a replicated database also from each other. Egress is open: Patroni talks to
 * the Kubernetes API, whose address no selector names.
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
    var policy =
        NetworkPolicies.allowFrom(stack, Labels.COMPONENT_DATABASE, StackNames.DATABASE_PORT, from);
    if (!stack.getSpec().getDatabase().replicated()) {
      return policy;
    }
    // The members reach each other: streaming replication, pg_basebackup and pg_rewind on the
    // database port, Patroni's REST API (a leader race asks the other members' positions).
    return new NetworkPolicyBuilder(policy)
        .editSpec()
        .addToIngress(
            NetworkPolicies.ingressFrom(
                stack,
                Labels.COMPONENT_DATABASE,
                List.of(StackNames.DATABASE_PORT, PatroniConfig.REST_PORT)))
        .endSpec()
        .build();
  }
}
