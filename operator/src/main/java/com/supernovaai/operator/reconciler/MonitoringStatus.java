package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.MonitoringConditions;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.monitoring.MonitoringApi;
import com.supernovaai.operator.status.ComponentStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.Reasons;
import java.util.ArrayList;
import java.util.List;

/**
 * The MonitoringReady condition. Missing Prometheus Operator CRDs are reported here (and by a
 * Warning Event) but neither degrade the stack nor block Ready: the stack serves as well without
 * its ServiceMonitor, as a CloudNativePG cluster does without its PodMonitor.
 */
public final class MonitoringStatus {

  private MonitoringStatus() {}

  public static ComponentStatus of(
      SuperNovaStack stack, boolean servesServiceMonitors, boolean servesPrometheusRules) {
    String type = ConditionTypes.MONITORING_READY;
    boolean wantsMonitor = MonitoringConditions.serviceMonitorRequested(stack);
    boolean wantsRule = MonitoringConditions.prometheusRuleRequested(stack);
    if (!wantsMonitor && !wantsRule) {
      return ComponentStatus.ready(
          type, Reasons.DISABLED, "spec.monitoring asks for no ServiceMonitor or PrometheusRule");
    }
    List<String> missing = new ArrayList<>();
    List<String> made = new ArrayList<>();
    if (wantsMonitor) {
      (servesServiceMonitors ? made : missing)
          .add(
              servesServiceMonitors
                  ? "ServiceMonitor " + StackNames.apiServiceMonitor(stack)
                  : MonitoringApi.SERVICE_MONITORS);
    }
    if (wantsRule) {
      (servesPrometheusRules ? made : missing)
          .add(
              servesPrometheusRules
                  ? "PrometheusRule " + StackNames.alertRules(stack)
                  : MonitoringApi.PROMETHEUS_RULES);
    }
    if (!missing.isEmpty()) {
      return ComponentStatus.notReady(
          type,
          Reasons.MONITORING_UNAVAILABLE,
          "The API server does not serve "
              + MonitoringApi.GROUP_VERSION
              + " "
              + String.join(", ", missing)
              + ": install the Prometheus Operator's CRDs (checked again every "
              + SuperNovaStackReconciler.MONITORING_RECHECK.toSeconds()
              + " s); the stack serves without them");
    }
    return ComponentStatus.ready(type, Reasons.CREATED, String.join(" and ", made));
  }
}
