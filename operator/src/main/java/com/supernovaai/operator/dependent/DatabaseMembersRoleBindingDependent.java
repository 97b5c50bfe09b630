package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Grants the database pods' ServiceAccount the Role Patroni needs. */
public class DatabaseMembersRoleBindingDependent extends StackDependent<RoleBinding> {

  public DatabaseMembersRoleBindingDependent() {
    super(RoleBinding.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.databaseMembers(stack);
  }

  @Override
  protected RoleBinding desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new RoleBindingBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_DATABASE)))
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(StackNames.databaseMembers(stack))
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(StackNames.databaseMembers(stack))
        .withNamespace(StackNames.namespace(stack))
        .endSubject()
        .build();
  }
}
