package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every selector the operator owns names the app, so that a pod with the same instance and
 * component labels but made by something else (a Helm release of the same name) is never selected.
 */
class SelectorsTest {

  @Test
  void everySelectorTheOperatorOwnsIncludesTheNameLabel() {
    SuperNovaStack stack = Stacks.minimal();
    var context = TestContexts.with();
    Map<String, Map<String, String>> selectors = new LinkedHashMap<>();
    selectors.put(
        "db statefulset",
        new DatabaseStatefulSetDependent()
            .desired(stack, context)
            .getSpec()
            .getSelector()
            .getMatchLabels());
    selectors.put(
        "db service",
        new DatabaseServiceDependent().desired(stack, context).getSpec().getSelector());
    selectors.put(
        "db headless service",
        new DatabaseHeadlessServiceDependent().desired(stack, context).getSpec().getSelector());
    selectors.put(
        "pooler deployment",
        new PoolerDeploymentDependent()
            .desired(stack, context)
            .getSpec()
            .getSelector()
            .getMatchLabels());
    selectors.put(
        "pooler service",
        new PoolerServiceDependent().desired(stack, context).getSpec().getSelector());
    selectors.put(
        "redis deployment",
        new RedisDeploymentDependent()
            .desired(stack, context)
            .getSpec()
            .getSelector()
            .getMatchLabels());
    selectors.put(
        "redis statefulset",
        new RedisStatefulSetDependent()
            .desired(stack, context)
            .getSpec()
            .getSelector()
            .getMatchLabels());
    selectors.put(
        "redis service",
        new RedisServiceDependent().desired(stack, context).getSpec().getSelector());
    selectors.put(
        "api deployment",
        new ApiDeploymentDependent.Blue()
            .desired(stack, context)
            .getSpec()
            .getSelector()
            .getMatchLabels());
    selectors.put(
        "api service", new ApiServiceDependent().desired(stack, context).getSpec().getSelector());
    selectors.put(
        "api preview service",
        new ApiPreviewServiceDependent().desired(stack, context).getSpec().getSelector());
    selectors.put(
        "api pdb",
        new ApiDisruptionBudgetDependent()
            .desired(stack, context)
            .getSpec()
            .getSelector()
            .getMatchLabels());
    for (NetworkPolicy policy : policies(stack)) {
      String name = policy.getMetadata().getName();
      selectors.put(name + " pods", policy.getSpec().getPodSelector().getMatchLabels());
      int i = 0;
      for (var rule : policy.getSpec().getIngress()) {
        for (var peer : nullToEmpty(rule.getFrom())) {
          selectors.put(name + " ingress peer " + i++, peer.getPodSelector().getMatchLabels());
        }
      }
      for (var rule : policy.getSpec().getEgress()) {
        for (var peer : nullToEmpty(rule.getTo())) {
          selectors.put(name + " egress peer " + i++, peer.getPodSelector().getMatchLabels());
        }
      }
    }

    assertThat(selectors).hasSizeGreaterThanOrEqualTo(20);
    selectors.forEach(
        (what, selector) ->
            assertThat(selector)
                .as(what)
                .containsEntry(Labels.NAME, "supernova")
                .containsEntry(Labels.INSTANCE, "prod")
                .containsKey(Labels.COMPONENT));
  }

  static List<NetworkPolicy> policies(SuperNovaStack stack) {
    var context = TestContexts.with();
    List<NetworkPolicy> policies = new ArrayList<>();
    policies.add(new DatabaseNetworkPolicyDependent().desired(stack, context));
    policies.add(new PoolerNetworkPolicyDependent().desired(stack, context));
    policies.add(new RedisNetworkPolicyDependent().desired(stack, context));
    policies.add(new ApiNetworkPolicyDependent().desired(stack, context));
    policies.add(new BackupNetworkPolicyDependent().desired(stack, context));
    return policies;
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
