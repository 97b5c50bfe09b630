package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;

/**
 * The Job pods (backup, restore, verification drill, credentials rotation) accept nothing and reach
 * only DNS and the database.
 */
public class BackupNetworkPolicyDependent extends StackDependent<NetworkPolicy> {

  public BackupNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.networkPolicy(stack, NetworkPolicies.shortName(Labels.COMPONENT_BACKUP));
  }

  @Override
  protected NetworkPolicy desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var egress = new ArrayList<NetworkPolicyEgressRule>();
    egress.add(NetworkPolicies.dns());
    egress.add(NetworkPolicies.database(stack));
    // The dumps' offsite copy (spec.backup.objectStore).
    egress.addAll(OffsiteDumps.egress(stack));
    return NetworkPolicies.egressOnly(stack, Labels.COMPONENT_BACKUP, egress);
  }
}
