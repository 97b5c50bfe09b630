package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Identity of the database pods: Patroni keeps its leader key and member state in the Kubernetes
 * API, and the archiving sidecar publishes its report on its pod, with the permissions of {@link
 * DatabaseMembersRoleDependent}.
 */
public class DatabaseMembersServiceAccountDependent extends StackDependent<ServiceAccount> {

  public DatabaseMembersServiceAccountDependent() {
    super(ServiceAccount.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.databaseMembers(stack);
  }

  @Override
  protected ServiceAccount desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new ServiceAccountBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_DATABASE)))
        // Mounted by the pod spec, which asks for the token explicitly.
        .withAutomountServiceAccountToken(false)
        .build();
  }
}
