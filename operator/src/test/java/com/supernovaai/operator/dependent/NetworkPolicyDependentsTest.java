package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.Stacks;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkPolicyDependentsTest {

  @Test
  void databaseAcceptsOnlyPoolerAndBackup() {
    var stack = Stacks.minimal();
    var policy = new DatabaseNetworkPolicyDependent().desired(stack, TestContexts.with());
    assertThat(policy.getMetadata().getName()).isEqualTo("prod-db");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsEntry(Labels.COMPONENT, "database");
    assertThat(sources(policy)).containsExactly("pooler", "backup");
    assertThat(policy.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal())
        .isEqualTo(5432);

    stack.getSpec().getPooler().setEnabled(false);
    assertThat(sources(new DatabaseNetworkPolicyDependent().desired(stack, TestContexts.with())))
        .containsExactly("pooler", "backup", "api");
  }

  @Test
  void poolerAndRedisAcceptOnlyTheApi() {
    var stack = Stacks.minimal();
    assertThat(sources(new PoolerNetworkPolicyDependent().desired(stack, TestContexts.with())))
        .containsExactly("api");
    assertThat(sources(new RedisNetworkPolicyDependent().desired(stack, TestContexts.with())))
        .containsExactly("api");
  }

  @Test
  void apiAcceptsHttpFromAnywhere() {
    var policy = new ApiNetworkPolicyDependent().desired(Stacks.minimal(), TestContexts.with());
    assertThat(policy.getSpec().getIngress().get(0).getFrom()).isNullOrEmpty();
    assertThat(policy.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal())
        .isEqualTo(8081);
  }

  @Test
  void policiesFollowTheSwitches() {
    var stack = Stacks.minimal();
    assertThat(new Preconditions.ApiNetworkPolicyEnabled().test(stack)).isTrue();
    stack.getSpec().getNetworkPolicy().setEnabled(false);
    assertThat(new Preconditions.ApiNetworkPolicyEnabled().test(stack)).isFalse();
    assertThat(new Preconditions.DatabaseNetworkPolicyEnabled().test(stack)).isFalse();
  }

  private static List<String> sources(NetworkPolicy policy) {
    return policy.getSpec().getIngress().get(0).getFrom().stream()
        .map(p -> p.getPodSelector().getMatchLabels().get(Labels.COMPONENT))
        .toList();
  }
}
