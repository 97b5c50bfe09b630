package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Identity of a sentinel-mode Redis's pods: each labels itself with its role, with the permissions
 * of {@link RedisMembersRoleDependent}.
 */
public class RedisMembersServiceAccountDependent extends StackDependent<ServiceAccount> {

  public RedisMembersServiceAccountDependent() {
    super(ServiceAccount.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.redisMembers(stack);
  }

  @Override
  protected ServiceAccount desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new ServiceAccountBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_REDIS)))
        // Mounted by the pod spec, which projects the token into the role-label container only.
        .withAutomountServiceAccountToken(false)
        .build();
  }
}
