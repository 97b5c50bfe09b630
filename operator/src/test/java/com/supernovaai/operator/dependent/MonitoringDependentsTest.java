package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.BackupVerifySpec;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.monitoring.StackAlerts;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metrics Service, the ServiceMonitor and the PrometheusRule of spec.monitoring. */
class MonitoringDependentsTest {

  @Test
  void metricsServiceSpansBothColorsAndKeepsNotReadyPods() {
    var service = new ApiMetricsServiceDependent().desired(Stacks.minimal(), TestContexts.with());
    assertThat(service.getMetadata().getName()).isEqualTo("prod-api-metrics");
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(service.getSpec().getSelector())
        .containsEntry(Labels.INSTANCE, "prod")
        .containsEntry(Labels.COMPONENT, "api")
        .doesNotContainKey(Labels.COLOR);
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8081);
    assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
  }

  @Test
  void serviceMonitorSelectsOnlyTheMetricsServiceOfItsStack() {
    var stack = Stacks.minimal();
    var monitor = new ApiServiceMonitorDependent().desired(stack, TestContexts.with());
    var selector = monitor.getSpec().getSelector().getMatchLabels();
    var metrics = new ApiMetricsServiceDependent().desired(stack, TestContexts.with());
    var active = new ApiServiceDependent().desired(stack, TestContexts.with());
    var preview = new ApiPreviewServiceDependent().desired(stack, TestContexts.with());
    var other = named("staging");
    var othersMetrics = new ApiMetricsServiceDependent().desired(other, TestContexts.with());

    assertThat(metrics.getMetadata().getLabels()).containsAllEntriesOf(selector);
    // The active and preview Services select the same pods: matching them would scrape twice.
    assertThat(matches(active.getMetadata().getLabels(), selector)).isFalse();
    assertThat(matches(preview.getMetadata().getLabels(), selector)).isFalse();
    assertThat(matches(othersMetrics.getMetadata().getLabels(), selector)).isFalse();
    var endpoint = monitor.getSpec().getEndpoints().get(0);
    assertThat(endpoint.getPort()).isEqualTo("http");
    assertThat(endpoint.getPath()).isEqualTo("/metrics");
    assertThat(monitor.getSpec().getPodTargetLabels()).containsExactly(Labels.COLOR);
  }

  @Test
  void userLabelsAreAddedButTheOperatorsWin() {
    var stack = Stacks.minimal();
    stack.getSpec().getMonitoring().setLabels(Map.of("release", "kps", Labels.INSTANCE, "evil"));
    var monitor = new ApiServiceMonitorDependent().desired(stack, TestContexts.with());
    var rule = StackAlertsDependent.render(stack, true);
    for (var labels : List.of(monitor.getMetadata().getLabels(), rule.getMetadata().getLabels())) {
      assertThat(labels)
          .containsEntry("release", "kps")
          .containsEntry(Labels.INSTANCE, "prod")
          .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR);
    }
  }

  @Test
  void ruleHasTheApiAlertsOnlyWhenTheApiIsScraped() {
    var stack = Stacks.minimal(); // backups on by default, no drill
    assertThat(alerts(StackAlertsDependent.render(stack, true).getSpec().getGroups()))
        .containsExactlyInAnyOrder(
            StackAlerts.API_ERRORS,
            StackAlerts.API_LATENCY,
            StackAlerts.API_NOT_SCRAPED,
            StackAlerts.DATABASE_DOWN,
            StackAlerts.REDIS_DEGRADED,
            StackAlerts.BACKUP_OVERDUE);
    assertThat(alerts(StackAlertsDependent.render(stack, false).getSpec().getGroups()))
        .containsExactly(StackAlerts.BACKUP_OVERDUE);
  }

  @Test
  void drillAlertWithADrillAndNoBackupAlertsWithoutBackups() {
    var stack = Stacks.minimal();
    var verify = new BackupVerifySpec();
    verify.setSchedule("0 4 * * 0");
    stack.getSpec().getBackup().setVerify(verify);
    assertThat(alerts(StackAlerts.groups(stack, false)))
        .containsExactly(StackAlerts.BACKUP_OVERDUE, StackAlerts.DRILL_FAILED);
    stack.getSpec().getBackup().setEnabled(false);
    assertThat(StackAlerts.groups(stack, false)).isEmpty();
  }

  @Test
  void everyAlertNamesItsStackAndASeverity() {
    var stack = Stacks.minimal();
    stack.getSpec().getBackup().setVerify(new BackupVerifySpec());
    for (RuleGroup group : StackAlerts.groups(stack, true)) {
      for (Rule rule : group.getRules()) {
        assertThat(rule.getLabels())
            .as(rule.getAlert())
            .containsEntry(StackAlerts.STACK_LABEL, "prod")
            .containsKey("severity");
        assertThat(rule.getLabels().get("severity")).isIn("warning", "critical");
        assertThat(rule.getAnnotations().get("summary")).contains("supernova/prod");
        assertThat(rule.getAnnotations().get("description"))
            .contains("kubectl describe sns -n supernova prod");
        assertThat(rule.getExpr().getStrVal()).contains("namespace=\"supernova\"");
      }
    }
  }

  private static List<String> alerts(List<RuleGroup> groups) {
    return groups.stream().flatMap(g -> g.getRules().stream()).map(Rule::getAlert).toList();
  }

  private static boolean matches(Map<String, String> labels, Map<String, String> selector) {
    return labels.entrySet().containsAll(selector.entrySet());
  }

  private static SuperNovaStack named(String name) {
    var stack = Stacks.minimal();
    stack.getMetadata().setName(name);
    return stack;
  }
}
