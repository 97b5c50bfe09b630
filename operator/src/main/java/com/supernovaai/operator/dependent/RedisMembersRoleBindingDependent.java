package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Grants a sentinel-mode Redis's pods their Role (patching their role labels). */
public class RedisMembersRoleBindingDependent extends StackDependent<RoleBinding> {

  public RedisMembersRoleBindingDependent() {
    super(RoleBinding.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.redisMembers(stack);
  }

  @Override
  protected RoleBinding desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new RoleBindingBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_REDIS)))
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(StackNames.redisMembers(stack))
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(StackNames.redisMembers(stack))
        .withNamespace(StackNames.namespace(stack))
        .endSubject()
        .build();
  }
}
