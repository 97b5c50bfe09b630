package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.RedisMode;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import org.junit.jupiter.api.Test;

/** redis.mode: sentinel, as the objects say it: three pods, Sentinels, labels, no secret in env. */
class SentinelRedisDependentsTest {

  private static final String PASSWORD = "pw-s3cret";

  private static SuperNovaStack sentinelStack() {
    var stack = Stacks.minimal();
    stack.getSpec().getRedis().setMode(RedisMode.SENTINEL);
    return stack;
  }

  private static PodSpec sentinelPodSpec() {
    return new RedisStatefulSetDependent()
        .desired(sentinelStack(), TestContexts.with())
        .getSpec()
        .getTemplate()
        .getSpec();
  }

  private static String file(SuperNovaStack stack, String key) {
    var password = TestContexts.secret("supernova", "prod-redis-credentials", "password", PASSWORD);
    return TestContexts.decode(
        new RedisConfigSecretDependent()
            .desired(stack, TestContexts.with(password))
            .getData()
            .get(key));
  }

  @Test
  void standaloneIsUnchanged() {
    var stack = Stacks.minimal();
    assertThat(new Preconditions.SentinelRedis().test(stack)).isFalse();
    var sts = new RedisStatefulSetDependent().desired(stack, TestContexts.with());
    assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
    assertThat(sts.getSpec().getServiceName()).isEqualTo("prod-redis");
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    assertThat(file(stack, "redis.conf")).doesNotContain("masterauth").doesNotContain("replica");
    assertThat(new RedisServiceDependent().desired(stack, null).getSpec().getSelector())
        .doesNotContainKey("ops.supernova-ai.com/redis-role");
    assertThat(ApiConfigMapDependent.environment(stack)).doesNotContainKey("REDIS_SENTINELS");
  }

  @Test
  void threePodsWithASentinelAndARoleLabelLoopEach() {
    var stack = sentinelStack();
    assertThat(new Preconditions.SentinelRedis().test(stack)).isTrue();
    assertThat(new Preconditions.PersistentRedis().test(stack)).isTrue();
    var sts = new RedisStatefulSetDependent().desired(stack, TestContexts.with());
    assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
    assertThat(sts.getSpec().getServiceName()).isEqualTo("prod-redis-headless");
    assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    var pod = sts.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers())
        .extracting(Container::getName)
        .containsExactly("redis", "sentinel", "role-label");
    assertThat(pod.getServiceAccountName()).isEqualTo("prod-redis-members");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution())
        .hasSize(1);
    Container redis = pod.getContainers().get(0);
    assertThat(redis.getCommand()).containsExactly("sh", "/etc/redis/redis-start.sh");
    assertThat(redis.getEnv())
        .extracting(EnvVar::getName)
        .containsExactly("REDISCLI_AUTH", "REDIS_PODS", "REDIS_MASTER_NAME");
    assertThat(env(redis, "REDIS_PODS"))
        .isEqualTo(
            "prod-redis-0.prod-redis-headless.supernova.svc"
                + " prod-redis-1.prod-redis-headless.supernova.svc"
                + " prod-redis-2.prod-redis-headless.supernova.svc");
    // The password only through a Secret reference, never as a value or an argument.
    for (Container c : pod.getContainers()) {
      assertThat(c.getEnv())
          .allSatisfy(e -> assertThat(String.valueOf(e.getValue())).doesNotContain(PASSWORD));
      assertThat(String.join(" ", c.getCommand())).doesNotContain(PASSWORD);
    }
    // Only the role-label loop holds the token.
    assertThat(pod.getContainers())
        .filteredOn(
            c ->
                c.getVolumeMounts().stream()
                    .anyMatch(m -> m.getName().equals(DatabaseArchiving.TOKEN_VOLUME)))
        .extracting(Container::getName)
        .containsExactly("role-label");
  }

  @Test
  void aDeletedMastersPodWaitsForTheFailoverWithinItsGracePeriod() {
    // The pod keeps its name's address until the Sentinels have promoted a replica: a new pod's
    // address under the old name made them reconfigure the replicas and close their links, and a
    // failover found no replica to promote (real node: 27.9 s instead of 7).
    var pod = sentinelPodSpec();
    Container sentinel =
        pod.getContainers().stream().filter(c -> c.getName().equals("sentinel")).findFirst().get();
    assertThat(sentinel.getLifecycle().getPreStop().getExec().getCommand())
        .containsExactly("sh", "/etc/redis/sentinel-stop.sh");
    // The script's own limit (45 s) fits in the grace period, which counts from preStop's start.
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(60L);
    assertThat(file(sentinelStack(), "sentinel-stop.sh")).contains("hold_until_failover");
    var standalone = new RedisStatefulSetDependent().desired(Stacks.minimal(), TestContexts.with());
    assertThat(standalone.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isNull();
  }

  @Test
  void aLostDnsPacketCostsTheSentinelOneSecondNotFive() {
    // Sentinel resolves the pods' names in its event loop; a stall of 2 s puts it in TILT mode,
    // where it does not fail over. glibc waits 5 s for a lost answer by default (seen on the real
    // node: one lookup of the deleted master's name took 5.04 s right after its pod was deleted).
    var pod = sentinelPodSpec();
    assertThat(pod.getDnsConfig().getOptions())
        .extracting(o -> o.getName() + (o.getValue() == null ? "" : ":" + o.getValue()))
        .containsExactly("timeout:1", "attempts:3");
    var standalone = new RedisStatefulSetDependent().desired(Stacks.minimal(), TestContexts.with());
    assertThat(standalone.getSpec().getTemplate().getSpec().getDnsConfig()).isNull();
  }

  @Test
  void configurationHasReplicationAndSentinelWithThePasswordInTheSecretOnly() {
    var stack = sentinelStack();
    assertThat(file(stack, "redis.conf"))
        .contains("masterauth \"" + PASSWORD + "\"")
        .contains("appendonly yes")
        .contains("appendfsync everysec")
        .contains("min-replicas-to-write 1");
    assertThat(file(stack, "sentinel.conf"))
        .contains("sentinel monitor supernova @MASTER@ 6379 2")
        .contains("sentinel auth-pass supernova \"" + PASSWORD + "\"")
        .contains("requirepass \"" + PASSWORD + "\"")
        .contains("sentinel sentinel-pass \"" + PASSWORD + "\"")
        .contains("sentinel resolve-hostnames yes")
        .contains("sentinel announce-hostnames yes");
    // auth-pass names a master the monitor line must have declared first.
    String sentinel = file(stack, "sentinel.conf");
    assertThat(sentinel.indexOf("sentinel monitor"))
        .isLessThan(sentinel.indexOf("sentinel auth-pass"));
    for (String script : RedisPods.SENTINEL_SCRIPTS) {
      assertThat(file(stack, script)).startsWith("#!/bin/sh");
    }
  }

  @Test
  void servicesRoleBudgetAndApiEnvironment() {
    var stack = sentinelStack();
    assertThat(new RedisServiceDependent().desired(stack, null).getSpec().getSelector())
        .containsEntry("ops.supernova-ai.com/redis-role", "master")
        .containsEntry("app.kubernetes.io/component", "redis");
    var headless = new RedisHeadlessServiceDependent().desired(stack, null).getSpec();
    assertThat(headless.getClusterIP()).isEqualTo("None");
    assertThat(headless.getPublishNotReadyAddresses()).isTrue();
    assertThat(headless.getPorts()).extracting(p -> p.getPort()).containsExactly(6379, 26379);
    var rule = new RedisMembersRoleDependent().desired(stack, null).getRules().get(0);
    assertThat(rule.getVerbs()).containsExactly("patch");
    assertThat(rule.getResourceNames())
        .containsExactly("prod-redis-0", "prod-redis-1", "prod-redis-2");
    assertThat(
            new RedisDisruptionBudgetDependent()
                .desired(stack, null)
                .getSpec()
                .getMaxUnavailable()
                .getIntVal())
        .isEqualTo(1);
    assertThat(ApiConfigMapDependent.environment(stack))
        .containsEntry(
            "REDIS_SENTINELS",
            "prod-redis-0.prod-redis-headless.supernova.svc:26379,"
                + "prod-redis-1.prod-redis-headless.supernova.svc:26379,"
                + "prod-redis-2.prod-redis-headless.supernova.svc:26379")
        .containsEntry("REDIS_MASTER_NAME", "supernova")
        .containsEntry("REDIS_URL", "redis://prod-redis.supernova.svc:6379/0");
  }

  @Test
  void networkPoliciesOpenTheSentinelPortToTheApiAndThePodsToEachOther() {
    var stack = sentinelStack();
    var ingress = new RedisNetworkPolicyDependent().desired(stack, null).getSpec().getIngress();
    assertThat(ingress)
        .anySatisfy(
            r -> {
              assertThat(ports(r.getPorts())).containsExactly(6379, 26379);
              assertThat(r.getFrom().get(0).getPodSelector().getMatchLabels())
                  .containsEntry("app.kubernetes.io/component", "redis");
            });
    var apiEgress = NetworkPolicies.redis(stack);
    assertThat(ports(apiEgress.getPorts())).containsExactly(6379, 26379);
    assertThat(ports(NetworkPolicies.redis(Stacks.minimal()).getPorts())).containsExactly(6379);
  }

  private static List<Integer> ports(List<NetworkPolicyPort> ports) {
    return ports.stream().map(NetworkPolicyPort::getPort).map(IntOrString::getIntVal).toList();
  }

  private static String env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getValue();
  }
}
