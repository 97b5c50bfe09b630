package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.model.DatabaseInstanceStatus;
import com.supernovaai.operator.model.DatabaseStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Series of the replicated databases (database.instances > 1), from {@code status.database}: the
 * lag of each replica, each member's role, how many replicas stream against how many should, the
 * timeline and the last failover. A stack without replicas, or deleted, has none of them.
 */
final class DatabaseMetrics {

  static final String PRIMARY = "primary";
  static final String REPLICA = "replica";

  private final StackSnapshots<Snapshot> snapshots =
      new StackSnapshots<>(DatabaseMetrics::snapshot, this::publish);
  private final MultiGauge lag;
  private final MultiGauge role;
  private final MultiGauge replicas;
  private final MultiGauge expected;
  private final MultiGauge timeline;
  private final MultiGauge lastFailover;

  /** One stack's values, decided from its status by {@link #snapshot}. */
  record Snapshot(
      String namespace,
      String name,
      Map<String, Long> lagBytes,
      Map<String, String> roles,
      int replicas,
      int expectedReplicas,
      Long timeline,
      Long lastFailoverEpochSeconds) {}

  DatabaseMetrics(MeterRegistry registry) {
    lag =
        MultiGauge.builder("supernova.database.replica.lag")
            .description("WAL bytes a replica is behind the primary (Patroni's last reports)")
            .baseUnit("bytes")
            .register(registry);
    role =
        MultiGauge.builder("supernova.database.member.role")
            .description("1 for each database member, labelled with its role (primary or replica)")
            .register(registry);
    replicas =
        MultiGauge.builder("supernova.database.replicas")
            .description("Members that replicate from the primary and report their position")
            .register(registry);
    expected =
        MultiGauge.builder("supernova.database.replicas.expected")
            .description("Replicas the stack asks for: database.instances - 1")
            .register(registry);
    timeline =
        MultiGauge.builder("supernova.database.timeline")
            .description("PostgreSQL timeline of the primary; grows by one with every promotion")
            .register(registry);
    lastFailover =
        MultiGauge.builder("supernova.database.last.failover.timestamp")
            .description("Unix time the operator saw the timeline grow (the last failover)")
            .baseUnit("seconds")
            .register(registry);
  }

  void record(SuperNovaStack stack) {
    snapshots.record(stack);
  }

  void remove(SuperNovaStack stack) {
    snapshots.remove(stack);
  }

  /** What the status says; null when the stack has no replicated database (or no status yet). */
  static Snapshot snapshot(SuperNovaStack stack) {
    var database = stack.getStatus() == null ? null : stack.getStatus().getDatabase();
    if (database == null
        || stack.getSpec() == null
        || stack.getSpec().getDatabase().hasExternal()
        || !stack.getSpec().getDatabase().replicated()) {
      return null;
    }
    Map<String, Long> lagBytes = new java.util.TreeMap<>();
    Map<String, String> roles = new java.util.TreeMap<>();
    int streaming = 0;
    for (DatabaseInstanceStatus instance : instances(database)) {
      if (instance.getName() == null) {
        continue;
      }
      if (instance.getRole() != null) {
        roles.put(instance.getName(), instance.getRole());
      }
      if (REPLICA.equals(instance.getRole()) && instance.getLagBytes() != null) {
        lagBytes.put(instance.getName(), instance.getLagBytes());
        streaming++;
      }
    }
    return new Snapshot(
        stack.getMetadata().getNamespace(),
        stack.getMetadata().getName(),
        lagBytes,
        roles,
        streaming,
        stack.getSpec().getDatabase().instanceCount() - 1,
        database.getTimeline(),
        StackSnapshots.epochSeconds(database.getLastFailoverTime()));
  }

  private static List<DatabaseInstanceStatus> instances(DatabaseStatus database) {
    return database.getInstances() == null ? List.of() : database.getInstances();
  }

  private void publish(Collection<Snapshot> all) {
    List<MultiGauge.Row<?>> lagRows = new ArrayList<>();
    List<MultiGauge.Row<?>> roleRows = new ArrayList<>();
    List<MultiGauge.Row<?>> replicaRows = new ArrayList<>();
    List<MultiGauge.Row<?>> expectedRows = new ArrayList<>();
    List<MultiGauge.Row<?>> timelineRows = new ArrayList<>();
    List<MultiGauge.Row<?>> failoverRows = new ArrayList<>();
    for (Snapshot s : all) {
      Tags stack = Tags.of("namespace", s.namespace(), "name", s.name());
      s.lagBytes()
          .forEach(
              (pod, bytes) -> lagRows.add(MultiGauge.Row.of(stack.and("instance", pod), bytes)));
      s.roles()
          .forEach(
              (pod, r) ->
                  roleRows.add(MultiGauge.Row.of(stack.and("instance", pod, "role", r), 1)));
      replicaRows.add(MultiGauge.Row.of(stack, s.replicas()));
      expectedRows.add(MultiGauge.Row.of(stack, s.expectedReplicas()));
      if (s.timeline() != null) {
        timelineRows.add(MultiGauge.Row.of(stack, s.timeline()));
      }
      if (s.lastFailoverEpochSeconds() != null) {
        failoverRows.add(MultiGauge.Row.of(stack, s.lastFailoverEpochSeconds()));
      }
    }
    // overwrite: series of members, roles and stacks that are gone disappear.
    lag.register(lagRows, true);
    role.register(roleRows, true);
    replicas.register(replicaRows, true);
    expected.register(expectedRows, true);
    timeline.register(timelineRows, true);
    lastFailover.register(failoverRows, true);
  }
}
