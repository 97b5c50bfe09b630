package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** Prometheus Operator objects for the stack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MonitoringSpec {

  @Default("false")
  @JsonPropertyDescription(
      "Create a ServiceMonitor scraping /metrics of the API pods of both colors (through a"
          + " headless <stack>-api-metrics Service). Only when the API server serves"
          + " monitoring.coreos.com/v1; otherwise the MonitoringReady condition says"
          + " MonitoringUnavailable.")
  private Boolean serviceMonitor = false;

  @Default("false")
  @JsonPropertyDescription(
      "Create a PrometheusRule <stack>-alerts with the stack's alerts: API 5xx rate and p99"
          + " latency, API not scraped, database down, Redis degraded (these need serviceMonitor),"
          + " backup overdue and restore drill failed (these read the operator's metrics). Only"
          + " when the API server serves monitoring.coreos.com/v1.")
  private Boolean prometheusRule = false;

  @JsonPropertyDescription(
      "Extra labels of the ServiceMonitor and the PrometheusRule, for the Prometheus that should"
          + " pick them (its serviceMonitorSelector and ruleSelector; kube-prometheus-stack"
          + " selects release: <its release name>). app.kubernetes.io/ labels are the"
          + " operator's.")
  @ValidationRule(
      value = "self.all(k, !k.startsWith('app.kubernetes.io/'))",
      message = "spec.monitoring.labels: app.kubernetes.io/ labels are set by the operator")
  private Map<String, String> labels;

  public Boolean getServiceMonitor() {
    return serviceMonitor;
  }

  public void setServiceMonitor(Boolean serviceMonitor) {
    this.serviceMonitor = serviceMonitor;
  }

  public Boolean getPrometheusRule() {
    return prometheusRule;
  }

  public void setPrometheusRule(Boolean prometheusRule) {
    this.prometheusRule = prometheusRule;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }
}
