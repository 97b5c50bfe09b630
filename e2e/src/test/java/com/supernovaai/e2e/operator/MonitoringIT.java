package com.supernovaai.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.AuditLog;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.PrometheusOperatorCrds;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * spec.monitoring against the Prometheus Operator's real CRDs (v0.85.0 from the Go module proxy,
 * {@code e2e/cluster/prometheus-operator-crds.sh}): before they are installed the stack says
 * MonitoringUnavailable and stays Ready; once they are, it gets a ServiceMonitor and a
 * PrometheusRule the API server validated, owned by the stack; switched off, they go. The CRDs stay
 * installed (cluster-wide, harmless to the other ITs, which never ask for monitoring).
 */
@ExtendWith(KubernetesClusterExtension.class)
class MonitoringIT {

  private static InProcessOperator operator;

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void monitoringObjectsFollowTheSpecOnceTheCrdsAreServed(
      KubernetesClient client,
      TestCluster cluster,
      KubernetesClusterExtension.TestNamespace namespace)
      throws Exception {
    long start = System.nanoTime();
    String ns = namespace.name();
    boolean servedBefore = served(client);
    operator = InProcessOperator.start(cluster, ns);
    SuperNovaStack stack = Stacks.loadExample("minimal.yaml");
    stack.getMetadata().setName("watched");
    stack.getSpec().getMonitoring().setServiceMonitor(true);
    stack.getSpec().getMonitoring().setPrometheusRule(true);
    stack.getSpec().getMonitoring().setLabels(Map.of("release", "kube-prometheus-stack"));
    StackLifecycleIT.create(client, stack);

    if (servedBefore) {
      System.out.println("MonitoringIT: the CRDs were installed before; absent case not run");
    } else {
      var ready = StackLifecycleIT.awaitReady(client, stack);
      var condition = Stacks.condition(ready, "MonitoringReady").orElseThrow();
      assertThat(condition.getStatus()).isEqualTo("False");
      assertThat(condition.getReason()).isEqualTo("MonitoringUnavailable");
      assertThat(condition.getMessage()).contains("monitoring.coreos.com/v1");
      assertThat(Stacks.isTrue(ready, "Degraded")).isFalse();
      assertThat(ready.getStatus().getPhase().name()).isEqualTo("Ready");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(client.v1().events().inNamespace(ns).list().getItems())
                      .anySatisfy(
                          e -> {
                            assertThat(e.getReason()).isEqualTo("MonitoringUnavailable");
                            assertThat(e.getType()).isEqualTo("Warning");
                          }));
      assertThat(client.services().inNamespace(ns).withName("watched-api-metrics").get())
          .as("no metrics Service for a ServiceMonitor that cannot exist")
          .isNull();
      System.out.printf(
          "MonitoringIT: MonitoringUnavailable reported after %d s%n", seconds(start));
      PrometheusOperatorCrds.install(client);
    }

    long installed = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(monitor(client, ns)).isNotNull();
              assertThat(rule(client, ns)).isNotNull();
            });
    System.out.printf(
        "MonitoringIT: ServiceMonitor and PrometheusRule created %d s after the CRDs were served%n",
        seconds(installed));
    var live = client.resources(SuperNovaStack.class).inNamespace(ns).withName("watched").get();
    ServiceMonitor monitor = monitor(client, ns);
    PrometheusRule rule = rule(client, ns);
    for (var object : List.of(monitor, rule)) {
      assertThat(object.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(live.getMetadata().getUid()));
      assertThat(object.getMetadata().getLabels())
          .containsEntry("release", "kube-prometheus-stack")
          .containsEntry(Labels.INSTANCE, "watched");
    }
    Service metrics = client.services().inNamespace(ns).withName("watched-api-metrics").get();
    assertThat(metrics.getMetadata().getLabels())
        .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
    assertThat(metrics.getSpec().getSelector()).doesNotContainKey(Labels.COLOR);
    assertThat(
            client.services().inNamespace(ns).list().getItems().stream()
                .filter(
                    s ->
                        s.getMetadata()
                            .getLabels()
                            .entrySet()
                            .containsAll(
                                monitor.getSpec().getSelector().getMatchLabels().entrySet()))
                .map(s -> s.getMetadata().getName()))
        .as("Services the ServiceMonitor selects")
        .containsExactly("watched-api-metrics");
    assertThat(monitor.getSpec().getEndpoints())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getPort()).isEqualTo("http");
              assertThat(e.getPath()).isEqualTo("/metrics");
            });
    assertThat(
            rule.getSpec().getGroups().stream()
                .flatMap(g -> g.getRules().stream())
                .map(Rule::getAlert))
        .containsExactlyInAnyOrder(
            "SuperNovaApiHighErrorRate",
            "SuperNovaApiHighLatency",
            "SuperNovaApiNotScraped",
            "SuperNovaDatabaseDown",
            "SuperNovaRedisDegraded",
            "SuperNovaBackupOverdue");
    assertThat(rule.getSpec().getGroups().get(0).getRules().get(0).getExpr().getStrVal())
        .contains("namespace=\"" + ns + "\"")
        .contains("service=\"watched-api-metrics\"");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        Stacks.condition(
                                client
                                    .resources(SuperNovaStack.class)
                                    .inNamespace(ns)
                                    .withName("watched")
                                    .get(),
                                "MonitoringReady")
                            .orElseThrow()
                            .getReason())
                    .isEqualTo("Created"));

    // Reconciled again with nothing changed: the server's defaults must not look like drift.
    assertThat(cluster.auditLog())
        .as("this check needs the local control plane's audit log")
        .isPresent();
    {
      AuditLog audit = new AuditLog(cluster.auditLog().get());
      Instant since = Instant.now();
      for (int i = 0; i < 2; i++) {
        client
            .resources(SuperNovaStack.class)
            .inNamespace(ns)
            .withName("watched")
            .edit(
                s -> {
                  s.getMetadata()
                      .getAnnotations()
                      .put("supernova.test/poke", Instant.now().toString());
                  return s;
                });
        Thread.sleep(2_000);
      }
      assertThat(
              audit.writesSince(
                  since,
                  w ->
                      InProcessOperator.USER.equals(w.user())
                          && ns.equals(w.namespace())
                          && List.of("servicemonitors", "prometheusrules", "services")
                              .contains(w.resource())))
          .as("writes of monitoring objects after two reconciliations with nothing to change")
          .isEmpty();
      System.out.printf(
          "MonitoringIT: operator writes of ServiceMonitors/PrometheusRules so far: %s%n",
          audit
              .writesSince(
                  Instant.EPOCH,
                  w ->
                      InProcessOperator.USER.equals(w.user())
                          && ns.equals(w.namespace())
                          && List.of("servicemonitors", "prometheusrules").contains(w.resource()))
              .stream()
              .map(AuditLog.Write::summary)
              .toList());
    }

    // The operator's own labels cannot be overridden through spec.monitoring.labels.
    var hijack = client.resources(SuperNovaStack.class).inNamespace(ns).withName("watched").get();
    hijack.getSpec().getMonitoring().setLabels(Map.of(Labels.MANAGED_BY, "someone-else"));
    hijack.getMetadata().setManagedFields(null);
    assertThatThrownBy(() -> client.resource(hijack).dryRun().update())
        .hasMessageContaining("spec.monitoring.labels")
        .hasMessageContaining("app.kubernetes.io/ labels are set by the operator");

    // Switched off: the objects go.
    client
        .resources(SuperNovaStack.class)
        .inNamespace(ns)
        .withName("watched")
        .edit(
            s -> {
              s.getSpec().getMonitoring().setServiceMonitor(false);
              s.getSpec().getMonitoring().setPrometheusRule(false);
              return s;
            });
    long off = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(monitor(client, ns)).isNull();
              assertThat(rule(client, ns)).isNull();
              assertThat(client.services().inNamespace(ns).withName("watched-api-metrics").get())
                  .isNull();
            });
    System.out.printf(
        "MonitoringIT: objects removed %d s after monitoring was switched off; whole test %d s%n",
        seconds(off), seconds(start));
  }

  private static ServiceMonitor monitor(KubernetesClient client, String ns) {
    return client.resources(ServiceMonitor.class).inNamespace(ns).withName("watched-api").get();
  }

  private static PrometheusRule rule(KubernetesClient client, String ns) {
    return client.resources(PrometheusRule.class).inNamespace(ns).withName("watched-alerts").get();
  }

  private static boolean served(KubernetesClient client) {
    var resources = client.getApiResources("monitoring.coreos.com/v1");
    return resources != null
        && resources.getResources().stream().anyMatch(r -> "prometheusrules".equals(r.getName()));
  }

  private static long seconds(long since) {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
  }
}
