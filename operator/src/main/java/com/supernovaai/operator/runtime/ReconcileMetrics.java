package com.supernovaai.operator.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * java-operator-sdk's metrics: its counters per stack (the chart's alert on failing reconciliations
 * names the stack), its reconcile timer per controller. JOSDK's per-resource mode would also give
 * every stack a timer of its own with a percentile histogram: at 1000 stacks, 1000 timers, about 15
 * MB of heap and some 70,000 series in each scrape, for durations nobody reads per stack.
 */
final class ReconcileMetrics implements Metrics {

  private final Metrics perStack;
  private final Metrics perController;

  ReconcileMetrics(MeterRegistry registry) {
    this.perStack =
        MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build();
    this.perController = MicrometerMetrics.withoutPerResourceMetrics(registry);
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    return perController.timeControllerExecution(execution);
  }

  @Override
  public void controllerRegistered(Controller<? extends HasMetadata> controller) {
    perStack.controllerRegistered(controller);
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    perStack.receivedEvent(event, metadata);
  }

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    perStack.reconcileCustomResource(resource, retryInfo, metadata);
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    perStack.failedReconciliation(resource, exception, metadata);
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    perStack.reconciliationExecutionStarted(resource, metadata);
  }

  @Override
  public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
    perStack.reconciliationExecutionFinished(resource, metadata);
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    perStack.cleanupDoneFor(resourceID, metadata);
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    perStack.finishedReconciliation(resource, metadata);
  }

  @Override
  public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
    return perStack.monitorSizeOf(map, name);
  }
}
