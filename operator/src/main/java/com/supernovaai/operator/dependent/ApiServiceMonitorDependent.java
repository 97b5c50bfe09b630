package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitorBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/**
 * ServiceMonitor of the API pods of both colors, through {@link ApiMetricsServiceDependent}. Its
 * series carry the pod's color, so a new color's errors show during its rollout. Its own informer
 * (not the shared ones): it is started only once the kind is served.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ApiServiceMonitorDependent extends StackDependent<ServiceMonitor> {

  /** Where the API server publishes Prometheus text (api-server's InfoController). */
  public static final String METRICS_PATH = "/metrics";

  public ApiServiceMonitorDependent() {
    super(ServiceMonitor.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.apiServiceMonitor(stack);
  }

  @Override
  protected ServiceMonitor desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new ServiceMonitorBuilder()
        .withMetadata(metadata(stack, MonitoringLabels.of(stack)))
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(ApiMetricsServiceDependent.selector(stack))
        .endSelector()
        .withPodTargetLabels(List.of(Labels.COLOR))
        .addNewEndpoint()
        .withPort(ApiMetricsServiceDependent.PORT)
        .withPath(METRICS_PATH)
        .withScheme("http")
        .endEndpoint()
        .endSpec()
        .build();
  }
}
