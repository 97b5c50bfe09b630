package com.supernovaai.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The workflow wiring (names, dependsOn, conditions, event sources) is valid without a cluster. */
class SuperNovaOperatorTest {

  @Test
  void registersTheReconcilerWithoutContactingTheCluster() {
    Config config = new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build();
    try (var client = new KubernetesClientBuilder().withConfig(config).build()) {
      var operator = SuperNovaOperator.create(client, OperatorConfig.forNamespaces("ns1"));
      assertThat(operator.isReady()).isFalse();
      assertThat(operator.httpPort()).isEqualTo(-1);
      assertThat(operator.meterRegistry().scrape()).contains("supernova_stacks");
    }
  }

  @Test
  void readsItsConfigurationFromTheEnvironment() {
    var config =
        OperatorConfig.fromEnvironment(
            Map.of(
                "WATCH_NAMESPACES", " a, b ,,",
                "OPERATOR_HTTP_PORT", "9090",
                "LEADER_ELECTION", "false",
                "POD_NAMESPACE", "ops",
                "POD_NAME", "supernova-operator-7d9f-x2x",
                "WORKFLOW_THREADS", "12"));
    assertThat(config.namespaces()).containsExactlyInAnyOrder("a", "b");
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.leaseNamespace()).isEqualTo("ops");
    assertThat(config.leaseIdentity()).isEqualTo("supernova-operator-7d9f-x2x");
    assertThat(config.workflowThreads()).isEqualTo(12);

    var defaults = OperatorConfig.fromEnvironment(Map.of());
    assertThat(defaults.namespaces()).isEmpty();
    assertThat(defaults.httpPort()).isEqualTo(8080);
    assertThat(defaults.leaderElection())
        .as("a single replica overlaps with its replacement too: leader election is the default")
        .isTrue();
    assertThat(defaults.leaseName()).isEqualTo("supernova-operator");
    assertThat(defaults.workflowThreads()).isEqualTo(OperatorConfig.DEFAULT_WORKFLOW_THREADS);
    assertThat(defaults.faultRetry()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.withFaultRetry(Duration.ofSeconds(5)).faultRetry())
        .isEqualTo(Duration.ofSeconds(5));
  }
}
