package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.status.ComponentStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.Reasons;
import com.supernovaai.operator.status.StackStatusBuilder;
import com.supernovaai.operator.status.StatusConditions;
import org.junit.jupiter.api.Test;

/** MonitoringReady: reports missing Prometheus Operator CRDs without touching Ready. */
class MonitoringStatusTest {

  @Test
  void disabledIsReady() {
    var status = MonitoringStatus.of(Stacks.minimal(), false, false);
    assertThat(status.ready()).isTrue();
    assertThat(status.reason()).isEqualTo("Disabled");
  }

  @Test
  void requestedAndServedNamesTheObjects() {
    var stack = Stacks.minimal();
    stack.getSpec().getMonitoring().setServiceMonitor(true);
    stack.getSpec().getMonitoring().setPrometheusRule(true);
    var status = MonitoringStatus.of(stack, true, true);
    assertThat(status.ready()).isTrue();
    assertThat(status.message())
        .isEqualTo("ServiceMonitor prod-api and PrometheusRule prod-alerts");
  }

  @Test
  void requestedButNotServedSaysWhatToInstall() {
    var stack = Stacks.minimal();
    stack.getSpec().getMonitoring().setPrometheusRule(true);
    var status = MonitoringStatus.of(stack, true, false);
    assertThat(status.ready()).isFalse();
    assertThat(status.reason()).isEqualTo(Reasons.MONITORING_UNAVAILABLE);
    assertThat(status.message())
        .contains("monitoring.coreos.com/v1 prometheusrules")
        .contains("Prometheus Operator's CRDs")
        .doesNotContain("servicemonitors");
    assertThat(status.message().length()).isLessThanOrEqualTo(StatusConditions.MAX_MESSAGE);
  }

  @Test
  void unavailableMonitoringNeitherDegradesNorBlocksReady() {
    var stack = Stacks.minimal();
    stack.getSpec().getMonitoring().setServiceMonitor(true);
    var components =
        java.util.List.of(
            ComponentStatus.ready(ConditionTypes.DATABASE_READY, "Ready", "ok"),
            ComponentStatus.ready(ConditionTypes.POOLER_READY, "Ready", "ok"),
            ComponentStatus.ready(ConditionTypes.REDIS_READY, "Ready", "ok"),
            ComponentStatus.ready(ConditionTypes.API_READY, "Ready", "ok"),
            MonitoringStatus.of(stack, false, false));
    var status =
        StackStatusBuilder.of(stack, java.time.Instant.now()).components(components).build();
    assertThat(StatusConditions.isTrue(status.getConditions(), ConditionTypes.READY)).isTrue();
    assertThat(StatusConditions.isTrue(status.getConditions(), ConditionTypes.DEGRADED)).isFalse();
    assertThat(
            StatusConditions.find(status.getConditions(), ConditionTypes.MONITORING_READY)
                .orElseThrow()
                .getReason())
        .isEqualTo(Reasons.MONITORING_UNAVAILABLE);
  }
}
