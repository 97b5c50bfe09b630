package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.monitoring.MonitoringApi;
import com.supernovaai.operator.monitoring.StackAlerts;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * PrometheusRule {@code <stack>-alerts} with the stack's alerts ({@link StackAlerts}). The API's
 * alerts are included only when this stack's ServiceMonitor exists, since they read its series.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class StackAlertsDependent extends StackDependent<PrometheusRule> {

  public StackAlertsDependent() {
    super(PrometheusRule.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.alertRules(stack);
  }

  @Override
  protected PrometheusRule desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return render(
        stack,
        MonitoringConditions.serviceMonitorRequested(stack)
            && MonitoringConditions.served(context, MonitoringApi.SERVICE_MONITORS));
  }

  static PrometheusRule render(SuperNovaStack stack, boolean apiScraped) {
    return new PrometheusRuleBuilder()
        .withNewMetadata()
        .withName(StackNames.alertRules(stack))
        .withNamespace(StackNames.namespace(stack))
        .withLabels(MonitoringLabels.of(stack))
        .endMetadata()
        .withNewSpec()
        .withGroups(StackAlerts.groups(stack, apiScraped))
        .endSpec()
        .build();
  }
}
