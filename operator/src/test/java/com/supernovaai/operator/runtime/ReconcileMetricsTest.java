package com.supernovaai.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import io.javaoperatorsdk.operator.api.monitoring.Metrics.ControllerExecution;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileMetricsTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ReconcileMetrics metrics = new ReconcileMetrics(registry);

  /** Reconciles {@code stack} as JOSDK reports it: timed, then failed. */
  private void reconcileFailing(String namespace, String name) throws Exception {
    var stack = Stacks.minimal();
    stack.getMetadata().setNamespace(namespace);
    stack.getMetadata().setName(name);
    Map<String, Object> metadata =
        Map.of(Constants.RESOURCE_GVK_KEY, GroupVersionKind.gvkFor(stack.getClass()));
    metrics.timeControllerExecution(
        new ControllerExecution<String>() {
          @Override
          public String name() {
            return "reconcile";
          }

          @Override
          public String controllerName() {
            return "supernovastack";
          }

          @Override
          public String successTypeName(String result) {
            return "resource";
          }

          @Override
          public ResourceID resourceID() {
            return ResourceID.fromResource(stack);
          }

          @Override
          public Map<String, Object> metadata() {
            return metadata;
          }

          @Override
          public String execute() {
            return "done";
          }
        });
    metrics.failedReconciliation(stack, new IllegalStateException("refused"), metadata);
  }

  @Test
  void failuresAreCountedPerStackAndTimingsPerController() throws Exception {
    reconcileFailing("shop", "prod");
    reconcileFailing("billing", "prod");

    String scrape = registry.scrape();
    assertThat(scrape)
        .containsPattern(
            "operator_sdk_reconciliations_failed_total\\{[^}]*name=\"prod\"[^}]*namespace=\"shop\"")
        .containsPattern("operator_sdk_reconciliations_failed_total\\{[^}]*namespace=\"billing\"");
    var timings =
        scrape
            .lines()
            .filter(l -> l.startsWith("operator_sdk_controllers_execution_reconcile_seconds_count"))
            .toList();
    assertThat(timings).hasSize(1);
    assertThat(timings.get(0)).doesNotContain("namespace=").endsWith(" 2");
  }
}
