package com.supernovaai.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.e2e.chart.RbacGrants.Permission;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RbacGrantsTest {

  private static final String SA_NS = "ops";
  private static final String SA = "op";

  /** A Role in "apps" (deployments get/patch) and a ClusterRole (storageclasses get). */
  private static final List<HasMetadata> OBJECTS =
      List.of(
          new RoleBuilder()
              .withNewMetadata()
              .withName("r")
              .withNamespace("apps")
              .endMetadata()
              .withRules(
                  new PolicyRuleBuilder()
                      .withApiGroups("apps")
                      .withResources("deployments")
                      .withVerbs("get", "patch")
                      .build())
              .build(),
          new RoleBindingBuilder()
              .withNewMetadata()
              .withName("r")
              .withNamespace("apps")
              .endMetadata()
              .withNewRoleRef("rbac.authorization.k8s.io", "Role", "r")
              .addNewSubject()
              .withKind("ServiceAccount")
              .withName(SA)
              .withNamespace(SA_NS)
              .endSubject()
              .build(),
          new ClusterRoleBuilder()
              .withNewMetadata()
              .withName("c")
              .endMetadata()
              .withRules(
                  new PolicyRuleBuilder()
                      .withApiGroups("storage.k8s.io")
                      .withResources("storageclasses")
                      .withVerbs("get")
                      .build())
              .build(),
          new ClusterRoleBindingBuilder()
              .withNewMetadata()
              .withName("c")
              .endMetadata()
              .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "c")
              .addNewSubject()
              .withKind("ServiceAccount")
              .withName(SA)
              .withNamespace(SA_NS)
              .endSubject()
              .build());

  private final RbacGrants grants = RbacGrants.forServiceAccount(OBJECTS, SA_NS, SA);

  @Test
  void aRoleGrantsInItsNamespaceOnlyAndAClusterRoleBindingEverywhere() {
    assertThat(grants.allows(new Permission("apps", "deployments", "patch", "apps"))).isTrue();
    assertThat(grants.allows(new Permission("apps", "deployments", "patch", "other"))).isFalse();
    assertThat(grants.allows(new Permission("apps", "deployments", "list", null)))
        .as("a Role never grants a cluster-wide list")
        .isFalse();
    assertThat(grants.allows(new Permission("apps", "deployments", "delete", "apps"))).isFalse();
    assertThat(grants.allows(new Permission("", "deployments", "get", "apps")))
        .as("the group is part of the permission")
        .isFalse();
    assertThat(grants.allows(new Permission("storage.k8s.io", "storageclasses", "get", null)))
        .isTrue();
    assertThat(grants.grantsAnywhere("apps", "deployments", "patch")).isTrue();
    assertThat(grants.grantsAnywhere("apps", "deployments", "delete")).isFalse();
  }

  @Test
  void anotherServiceAccountIsGrantedNothing() {
    RbacGrants other = RbacGrants.forServiceAccount(OBJECTS, "elsewhere", SA);
    assertThat(other.allows(new Permission("apps", "deployments", "get", "apps"))).isFalse();
    assertThat(other.unused(Set.of(), p -> false)).isEmpty();
  }

  @Test
  void unusedListsEachGrantedVerbNoRequestExercisedExceptTheExcused() {
    Set<Permission> used =
        Set.of(
            new Permission("apps", "deployments", "get", "apps"),
            // in another namespace: does not exercise the Role in "apps"
            new Permission("apps", "deployments", "patch", "other"));

    assertThat(grants.unused(used, p -> false))
        .containsExactlyInAnyOrder(
            "Role apps/r: patch apps/deployments in apps",
            "ClusterRole c: get storage.k8s.io/storageclasses (cluster-wide)");
    assertThat(grants.unused(used, p -> p.resource().equals("storageclasses")))
        .containsExactly("Role apps/r: patch apps/deployments in apps");
  }
}
