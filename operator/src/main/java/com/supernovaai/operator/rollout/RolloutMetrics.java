package com.supernovaai.operator.rollout;

import com.supernovaai.operator.model.SuperNovaStack;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Counters of API rollouts started, promoted and aborted, and the time from start to promotion, per
 * stack. In Prometheus: supernova_rollouts_{started,promoted,aborted}_total and
 * supernova_rollout_time_to_promotion_seconds, with namespace and name labels.
 */
public class RolloutMetrics {

  private final MeterRegistry registry;

  public RolloutMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void started(SuperNovaStack stack) {
    counter("supernova.rollouts.started", "API rollouts started", stack).increment();
  }

  public void promoted(SuperNovaStack stack, Duration timeToPromotion) {
    counter("supernova.rollouts.promoted", "API rollouts promoted", stack).increment();
    if (timeToPromotion != null) {
      Timer.builder("supernova.rollout.time.to.promotion")
          .description("Time from the start of an API rollout to the switch of traffic")
          .tags(tags(stack))
          .register(registry)
          .record(timeToPromotion);
    }
  }

  public void aborted(SuperNovaStack stack) {
    counter("supernova.rollouts.aborted", "API rollouts aborted", stack).increment();
  }

  private Counter counter(String name, String description, SuperNovaStack stack) {
    return Counter.builder(name).description(description).tags(tags(stack)).register(registry);
  }

  private static Tags tags(SuperNovaStack stack) {
    return Tags.of(
        "namespace", stack.getMetadata().getNamespace(), "name", stack.getMetadata().getName());
  }
}
