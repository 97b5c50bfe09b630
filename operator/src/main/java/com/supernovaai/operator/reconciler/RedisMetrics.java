package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.model.RedisSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Series of the sentinel-mode Redis (redis.mode: sentinel), from {@code status.redis}: how many
 * replicas could be promoted against how many should, and the last failover. Standalone or external
 * Redis, and deleted stacks, have none of them.
 */
final class RedisMetrics {

  private final StackSnapshots<Snapshot> snapshots =
      new StackSnapshots<>(RedisMetrics::snapshot, this::publish);
  private final MultiGauge replicas;
  private final MultiGauge expected;
  private final MultiGauge lastFailover;

  /** One stack's values, decided from its status by {@link #snapshot}. */
  record Snapshot(
      String namespace,
      String name,
      int replicas,
      int expectedReplicas,
      Long lastFailoverEpochSeconds) {}

  RedisMetrics(MeterRegistry registry) {
    replicas =
        MultiGauge.builder("supernova.redis.replicas")
            .description("Ready Redis pods labelled replica: what the Sentinels could promote")
            .register(registry);
    expected =
        MultiGauge.builder("supernova.redis.replicas.expected")
            .description("Redis replicas a sentinel-mode stack runs beside its master")
            .register(registry);
    lastFailover =
        MultiGauge.builder("supernova.redis.last.failover.timestamp")
            .description("Unix time the operator saw the Redis master move to another pod")
            .baseUnit("seconds")
            .register(registry);
  }

  void record(SuperNovaStack stack) {
    snapshots.record(stack);
  }

  void remove(SuperNovaStack stack) {
    snapshots.remove(stack);
  }

  /** What the status says; null unless the stack runs its own sentinel-mode Redis. */
  static Snapshot snapshot(SuperNovaStack stack) {
    var redis = stack.getStatus() == null ? null : stack.getStatus().getRedis();
    if (redis == null
        || stack.getSpec() == null
        || stack.getSpec().getRedis().hasExternal()
        || !stack.getSpec().getRedis().sentinel()) {
      return null;
    }
    return new Snapshot(
        stack.getMetadata().getNamespace(),
        stack.getMetadata().getName(),
        redis.getReplicas() == null ? 0 : redis.getReplicas(),
        RedisSpec.SENTINEL_PODS - 1,
        StackSnapshots.epochSeconds(redis.getLastFailoverTime()));
  }

  private void publish(Collection<Snapshot> all) {
    List<MultiGauge.Row<?>> replicaRows = new ArrayList<>();
    List<MultiGauge.Row<?>> expectedRows = new ArrayList<>();
    List<MultiGauge.Row<?>> failoverRows = new ArrayList<>();
    for (Snapshot s : all) {
      Tags stack = Tags.of("namespace", s.namespace(), "name", s.name());
      replicaRows.add(MultiGauge.Row.of(stack, s.replicas()));
      expectedRows.add(MultiGauge.Row.of(stack, s.expectedReplicas()));
      if (s.lastFailoverEpochSeconds() != null) {
        failoverRows.add(MultiGauge.Row.of(stack, s.lastFailoverEpochSeconds()));
      }
    }
    // overwrite: series of stacks that are gone disappear.
    replicas.register(replicaRows, true);
    expected.register(expectedRows, true);
    lastFailover.register(failoverRows, true);
  }
}
