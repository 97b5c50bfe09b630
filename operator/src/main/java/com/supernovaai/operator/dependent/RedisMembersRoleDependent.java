package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.RedisSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.stream.IntStream;

/**
 * What redis-role-label.sh needs and no more: patch on the three Redis pods by name. (RBAC cannot
 * say "only its own pod"; a pod could relabel its two siblings, nothing else.)
 */
public class RedisMembersRoleDependent extends StackDependent<Role> {

  public RedisMembersRoleDependent() {
    super(Role.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.redisMembers(stack);
  }

  @Override
  protected Role desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new RoleBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_REDIS)))
        .addToRules(
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources("pods")
                .withResourceNames(
                    IntStream.range(0, RedisSpec.SENTINEL_PODS)
                        .mapToObj(i -> StackNames.redis(stack) + "-" + i)
                        .toList())
                .withVerbs("patch")
                .build())
        .build();
  }
}
