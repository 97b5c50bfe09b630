package com.supernovaai.operator.dependent;

import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.monitoring.MonitoringApi;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * When the Prometheus Operator objects exist. Activation (the kind is served: without it JOSDK
 * would start an informer on a resource the API server does not know) is separate from the
 * precondition (the stack asks for it: when it stops asking, JOSDK deletes the object).
 */
public final class MonitoringConditions {

  private MonitoringConditions() {}

  public static boolean serviceMonitorRequested(SuperNovaStack stack) {
    var monitoring = stack.getSpec().getMonitoring();
    return monitoring != null && Boolean.TRUE.equals(monitoring.getServiceMonitor());
  }

  public static boolean prometheusRuleRequested(SuperNovaStack stack) {
    var monitoring = stack.getSpec().getMonitoring();
    return monitoring != null && Boolean.TRUE.equals(monitoring.getPrometheusRule());
  }

  static boolean served(Context<SuperNovaStack> context, String resource) {
    return MonitoringApi.shared().serves(context.getClient(), resource);
  }

  /** The API server serves ServiceMonitors. */
  public static class ServiceMonitorServed implements Condition<Object, SuperNovaStack> {
    @Override
    public boolean isMet(
        DependentResource<Object, SuperNovaStack> dependent,
        SuperNovaStack stack,
        Context<SuperNovaStack> context) {
      return served(context, MonitoringApi.SERVICE_MONITORS);
    }
  }

  /** The API server serves PrometheusRules. */
  public static class PrometheusRuleServed implements Condition<Object, SuperNovaStack> {
    @Override
    public boolean isMet(
        DependentResource<Object, SuperNovaStack> dependent,
        SuperNovaStack stack,
        Context<SuperNovaStack> context) {
      return served(context, MonitoringApi.PROMETHEUS_RULES);
    }
  }

  public static class ServiceMonitorRequested extends Preconditions.SpecCondition {
    public ServiceMonitorRequested() {
      super(MonitoringConditions::serviceMonitorRequested);
    }
  }

  public static class PrometheusRuleRequested extends Preconditions.SpecCondition {
    public PrometheusRuleRequested() {
      super(MonitoringConditions::prometheusRuleRequested);
    }
  }

  /** The metrics Service serves only a ServiceMonitor that can exist. */
  public static class MetricsServiceNeeded implements Condition<Object, SuperNovaStack> {
    @Override
    public boolean isMet(
        DependentResource<Object, SuperNovaStack> dependent,
        SuperNovaStack stack,
        Context<SuperNovaStack> context) {
      return serviceMonitorRequested(stack) && served(context, MonitoringApi.SERVICE_MONITORS);
    }
  }
}
