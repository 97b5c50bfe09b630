package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.ExternalDatabaseSpec;
import com.supernovaai.operator.model.ExternalRedisSpec;
import com.supernovaai.operator.model.FrontendSpec;
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
  void apiReachesOnlyDnsPgBouncerAndRedis() {
    var policy = new ApiNetworkPolicyDependent().desired(Stacks.minimal(), TestContexts.with());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(egress(policy))
        .containsExactly("any:UDP/53,TCP/53", "pooler:TCP/6432", "redis:TCP/6379");
  }

  @Test
  void apiWithoutPoolerReachesTheDatabaseAndExternalServicesByPortOnly() {
    var stack = Stacks.minimal();
    stack.getSpec().getPooler().setEnabled(false);
    assertThat(egress(new ApiNetworkPolicyDependent().desired(stack, TestContexts.with())))
        .containsExactly("any:UDP/53,TCP/53", "database:TCP/5432", "redis:TCP/6379");

    var external = new ExternalDatabaseSpec();
    external.setHost("db.example.internal");
    external.setPort(6543);
    external.setCredentialsSecret("db");
    stack.getSpec().getDatabase().setExternal(external);
    var redis = new ExternalRedisSpec();
    redis.setUrl("rediss://cache.example.internal:6380/0");
    stack.getSpec().getRedis().setExternal(redis);
    assertThat(egress(new ApiNetworkPolicyDependent().desired(stack, TestContexts.with())))
        .containsExactly("any:UDP/53,TCP/53", "any:TCP/6543", "any:TCP/6380");
  }

  @Test
  void jobPodsAcceptNothingAndReachOnlyDnsAndTheDatabase() {
    var policy = new BackupNetworkPolicyDependent().desired(Stacks.minimal(), TestContexts.with());
    assertThat(policy.getMetadata().getName()).isEqualTo("prod-backup");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsEntry(Labels.NAME, "supernova")
        .containsEntry(Labels.COMPONENT, "backup");
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress()).isEmpty();
    assertThat(egress(policy)).containsExactly("any:UDP/53,TCP/53", "database:TCP/5432");
  }

  @Test
  void everyJobKindCarriesTheLabelsTheJobPolicySelects() {
    var stack = Stacks.minimal();
    var selector =
        new BackupNetworkPolicyDependent()
            .desired(stack, TestContexts.with())
            .getSpec()
            .getPodSelector()
            .getMatchLabels();
    for (String kind :
        List.of(BackupJobs.BACKUP, BackupJobs.VERIFY, BackupJobs.RESTORE, BackupJobs.ROTATE)) {
      assertThat(BackupJobs.labels(stack, kind)).as(kind).containsAllEntriesOf(selector);
    }
  }

  @Test
  void frontendAcceptsHttpFromAnywhereAndReachesOnlyDnsAndTheApi() {
    var stack = Stacks.minimal();
    var frontend = new FrontendSpec();
    frontend.setImage("registry.example.com/supernova/frontend:1.0.0");
    stack.getSpec().setFrontend(frontend);
    var policy = new FrontendNetworkPolicyDependent().desired(stack, TestContexts.with());
    assertThat(policy.getMetadata().getName()).isEqualTo("prod-frontend");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsEntry(Labels.COMPONENT, "frontend");
    assertThat(policy.getSpec().getIngress().get(0).getFrom()).isNullOrEmpty();
    assertThat(policy.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal())
        .isEqualTo(8080);
    assertThat(egress(policy)).containsExactly("any:UDP/53,TCP/53", "api:TCP/8081");

    assertThat(new Preconditions.FrontendNetworkPolicyEnabled().test(stack)).isTrue();
    assertThat(new Preconditions.FrontendNetworkPolicyEnabled().test(Stacks.minimal())).isFalse();
    stack.getSpec().getNetworkPolicy().setEnabled(false);
    assertThat(new Preconditions.FrontendNetworkPolicyEnabled().test(stack)).isFalse();
  }

  @Test
  void externalRedisPortComesFromItsUrl() {
    assertThat(NetworkPolicies.redisPort("redis://cache:6390/1")).isEqualTo(6390);
    assertThat(NetworkPolicies.redisPort("rediss://cache")).isEqualTo(6379);
    assertThat(NetworkPolicies.redisPort("not a url")).isEqualTo(6379);
  }

  @Test
  void policiesFollowTheSwitches() {
    var stack = Stacks.minimal();
    assertThat(new Preconditions.ApiNetworkPolicyEnabled().test(stack)).isTrue();
    stack.getSpec().getNetworkPolicy().setEnabled(false);
    assertThat(new Preconditions.ApiNetworkPolicyEnabled().test(stack)).isFalse();
    assertThat(new Preconditions.DatabaseNetworkPolicyEnabled().test(stack)).isFalse();
    assertThat(new Preconditions.BackupNetworkPolicyEnabled().test(stack)).isFalse();
  }

  /** Each egress rule as "peer component (or any):protocol/port,...". */
  private static List<String> egress(NetworkPolicy policy) {
    return policy.getSpec().getEgress().stream()
        .map(
            rule ->
                (rule.getTo() == null || rule.getTo().isEmpty()
                        ? "any"
                        : rule.getTo().stream()
                            .map(p -> p.getPodSelector().getMatchLabels().get(Labels.COMPONENT))
                            .collect(java.util.stream.Collectors.joining("+")))
                    + ":"
                    + rule.getPorts().stream()
                        .map(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                        .collect(java.util.stream.Collectors.joining(",")))
        .toList();
  }

  private static List<String> sources(NetworkPolicy policy) {
    return policy.getSpec().getIngress().get(0).getFrom().stream()
        .map(p -> p.getPodSelector().getMatchLabels().get(Labels.COMPONENT))
        .toList();
  }
}
