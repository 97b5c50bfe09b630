package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/**
 * What Patroni 3.0.2 calls with {@code use_endpoints: true} (patroni/dcs/kubernetes.py), and no
 * more: it reads, watches, creates and patches the Endpoints that hold the leader, sync and config
 * keys; lists and watches the members' pods and patches its own (state annotation, role label);
 * creates the {@code <scope>-config} Service once so that its Endpoints are kept. A single instance
 * that archives gets only {@link #archiverRules}: patch on its one pod, for the archiving report.
 */
public class DatabaseMembersRoleDependent extends StackDependent<Role> {

  /** The rules, also what the operator itself must hold to grant them (RBAC escalation rule). */
  public static final List<PolicyRule> RULES =
      List.of(
          rule("endpoints", "get", "list", "watch", "create", "patch"),
          rule("pods", "list", "watch", "patch"),
          rule("services", "create"));

  /**
   * A single instance's archiving sidecar patches its report onto its own pod, which is the
   * StatefulSet's only pod: nothing else, on no other pod.
   */
  static List<PolicyRule> archiverRules(SuperNovaStack stack) {
    return List.of(
        new PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("pods")
            .withResourceNames(StackNames.database(stack) + "-0")
            .withVerbs("patch")
            .build());
  }

  public DatabaseMembersRoleDependent() {
    super(Role.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.databaseMembers(stack);
  }

  @Override
  protected Role desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new RoleBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_DATABASE)))
        .withRules(stack.getSpec().getDatabase().replicated() ? RULES : archiverRules(stack))
        .build();
  }

  private static PolicyRule rule(String resource, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups("")
        .withResources(resource)
        .withVerbs(verbs)
        .build();
  }
}
