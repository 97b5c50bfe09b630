package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;

/**
 * The Service the stack's ServiceMonitor scrapes, {@code <stack>-api-metrics}: headless, over the
 * API pods of both colors (a new color is watched during its rollout, not only once promoted), and
 * publishing pods that are not ready, since a replica whose database is down is exactly the one
 * whose metrics matter.
 */
public class ApiMetricsServiceDependent extends StackDependent<Service> {

  public ApiMetricsServiceDependent() {
    super(Service.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.apiMetricsService(stack);
  }

  @Override
  protected Service desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new ServiceBuilder()
        .withMetadata(metadata(stack, selectorLabels(stack)))
        .withSpec(
            Services.headless(
                Labels.selector(stack, Labels.COMPONENT_API), PORT, StackNames.API_PORT))
        .build();
  }

  /** The API container's port, by name (Prometheus scrapes it through this Service). */
  static final String PORT = "http";

  /** The Service's labels; the ServiceMonitor selects on {@link #selector}. */
  static Map<String, String> selectorLabels(SuperNovaStack stack) {
    var labels = Labels.of(stack, Labels.COMPONENT_API);
    labels.putAll(selector(stack));
    return labels;
  }

  /** What picks this stack's metrics Service, and no other stack's or Service. */
  static Map<String, String> selector(SuperNovaStack stack) {
    var labels = Labels.selector(stack, Labels.COMPONENT_API);
    labels.put(Labels.METRICS, Labels.COMPONENT_API);
    return labels;
  }
}
