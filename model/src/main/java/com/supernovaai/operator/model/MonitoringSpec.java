package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Prometheus Operator objects for the stack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MonitoringSpec {

  @Default("false")
  @JsonPropertyDescription("Create a ServiceMonitor for the API server (only when the CRD exists).")
  private Boolean serviceMonitor = false;

  @Default("false")
  @JsonPropertyDescription(
      "Create a PrometheusRule with the stack's alerts (only when the CRD exists).")
  private Boolean prometheusRule = false;

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
}
