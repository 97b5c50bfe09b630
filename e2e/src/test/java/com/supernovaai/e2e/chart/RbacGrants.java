package com.supernovaai.e2e.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What a set of rendered RBAC objects grants one ServiceAccount, evaluated as the API server's RBAC
 * authorizer does: a ClusterRoleBinding grants its ClusterRole everywhere, a RoleBinding grants its
 * Role (or ClusterRole) in the binding's namespace only. Wildcards and resourceNames are not
 * evaluated: the chart uses neither ({@code HelmChartTest} checks it).
 */
final class RbacGrants {

  /**
   * A verb on {@code resource} (with "/subresource" when there is one) of {@code apiGroup} ("" for
   * the core group), in {@code namespace}, or cluster-wide when it is null.
   */
  record Permission(String apiGroup, String resource, String verb, String namespace) {

    /** "apps/deployments" or "secrets" (core group). */
    String groupResource() {
      return apiGroup.isEmpty() ? resource : apiGroup + "/" + resource;
    }

    @Override
    public String toString() {
      return verb
          + " "
          + groupResource()
          + (namespace == null ? " (cluster-wide)" : " in " + namespace);
    }
  }

  /** One rule as bound to the subject: where it applies (null: everywhere) and where it is from. */
  private record Grant(String namespace, PolicyRule rule, String source) {

    boolean allows(Permission p) {
      return (namespace == null || namespace.equals(p.namespace()))
          && rule.getApiGroups().contains(p.apiGroup())
          && rule.getResources().contains(p.resource())
          && rule.getVerbs().contains(p.verb());
    }
  }

  private final List<Grant> grants;

  private RbacGrants(List<Grant> grants) {
    this.grants = grants;
  }

  /** The rules of {@code objects} bound to the ServiceAccount {@code namespace/name}. */
  static RbacGrants forServiceAccount(
      Collection<? extends HasMetadata> objects, String namespace, String name) {
    List<Grant> grants = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (object instanceof ClusterRoleBinding b && bindsTo(b.getSubjects(), namespace, name)) {
        grants.addAll(rulesOf(objects, b.getRoleRef(), null, null));
      } else if (object instanceof RoleBinding b && bindsTo(b.getSubjects(), namespace, name)) {
        String scope = b.getMetadata().getNamespace();
        grants.addAll(rulesOf(objects, b.getRoleRef(), scope, scope));
      }
    }
    return new RbacGrants(grants);
  }

  boolean allows(Permission permission) {
    return grants.stream().anyMatch(g -> g.allows(permission));
  }

  /** Whether some rule grants {@code verb} on the resource, in whatever scope. */
  boolean grantsAnywhere(String apiGroup, String resource, String verb) {
    return grants.stream()
        .anyMatch(
            g ->
                g.rule().getApiGroups().contains(apiGroup)
                    && g.rule().getResources().contains(resource)
                    && g.rule().getVerbs().contains(verb));
  }

  /**
   * Every verb on every resource a rule grants that no permission in {@code used} exercised, as
   * "source: verb group/resource"; {@code excused} says which of them need no use.
   */
  List<String> unused(
      Collection<Permission> used, java.util.function.Predicate<Permission> excused) {
    List<String> unused = new ArrayList<>();
    for (Grant grant : grants) {
      for (String group : grant.rule().getApiGroups()) {
        for (String resource : grant.rule().getResources()) {
          for (String verb : grant.rule().getVerbs()) {
            Permission granted = new Permission(group, resource, verb, grant.namespace());
            boolean exercised =
                used.stream()
                    .anyMatch(
                        u ->
                            u.apiGroup().equals(group)
                                && u.resource().equals(resource)
                                && u.verb().equals(verb)
                                && (grant.namespace() == null
                                    || grant.namespace().equals(u.namespace())));
            if (!exercised && !excused.test(granted)) {
              unused.add(grant.source() + ": " + granted);
            }
          }
        }
      }
    }
    return unused;
  }

  private static boolean bindsTo(List<Subject> subjects, String namespace, String name) {
    return subjects != null
        && subjects.stream()
            .anyMatch(
                s ->
                    "ServiceAccount".equals(s.getKind())
                        && name.equals(s.getName())
                        && namespace.equals(s.getNamespace()));
  }

  /** The rules of the role a binding refers to; a Role is looked up in the binding's namespace. */
  private static List<Grant> rulesOf(
      Collection<? extends HasMetadata> objects, RoleRef ref, String scope, String roleNamespace) {
    for (HasMetadata object : objects) {
      if (!ref.getName().equals(object.getMetadata().getName())) {
        continue;
      }
      if ("ClusterRole".equals(ref.getKind()) && object instanceof ClusterRole role) {
        return grants(role.getRules(), scope, "ClusterRole " + ref.getName());
      }
      if ("Role".equals(ref.getKind())
          && object instanceof Role role
          && Objects.equals(roleNamespace, role.getMetadata().getNamespace())) {
        return grants(role.getRules(), scope, "Role " + roleNamespace + "/" + ref.getName());
      }
    }
    throw new IllegalArgumentException("a binding refers to " + ref + ", which is not rendered");
  }

  private static List<Grant> grants(List<PolicyRule> rules, String scope, String source) {
    return rules.stream().map(r -> new Grant(scope, r, source)).toList();
  }
}
