package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.model.ArchivingStatus;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.StatusConditions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Series of the stacks that archive WAL to an object store, from their {@code ContinuousArchiving}
 * condition and {@code status.archiving}: whether the WAL arrives in time, the archive lag, the
 * segments waiting and when the last one arrived. A stack without an object store has none.
 */
final class ArchivingMetrics {

  private final Clock clock;
  private final Map<String, Double> archiving = new ConcurrentHashMap<>();
  private final Map<String, ArchivingStatus> archives = new ConcurrentHashMap<>();
  private final MultiGauge archivingGauge;
  private final MultiGauge archiveLagGauge;
  private final MultiGauge segmentsWaitingGauge;
  private final MultiGauge lastArchivedGauge;

  ArchivingMetrics(MeterRegistry registry, Clock clock) {
    this.clock = clock;
    archivingGauge =
        MultiGauge.builder("supernova.wal.archiving")
            .description(
                "1 when a stack's WAL reaches its object store in time (ContinuousArchiving True),"
                    + " 0 when not (False); absent while unknown")
            .register(registry);
    archiveLagGauge =
        MultiGauge.builder("supernova.wal.archive.lag")
            .description(
                "Age of the oldest completed WAL segment not yet in the object store (0: none"
                    + " waiting), from the database pod's last report")
            .baseUnit("seconds")
            .register(registry);
    segmentsWaitingGauge =
        MultiGauge.builder("supernova.wal.segments.waiting")
            .description("Completed WAL segments waiting to be pushed to the object store")
            .register(registry);
    lastArchivedGauge =
        MultiGauge.builder("supernova.wal.last.archived.timestamp")
            .description("Unix time the last WAL segment of a stack reached the object store")
            .baseUnit("seconds")
            .register(registry);
  }

  /** Records one stack's values ({@code key}: namespace/name) and publishes every stack's. */
  void record(String key, SuperNovaStackStatus status) {
    var condition =
        status == null
            ? Optional.<Condition>empty()
            : StatusConditions.find(status.getConditions(), ConditionTypes.CONTINUOUS_ARCHIVING);
    if (condition.isPresent() && !StatusConditions.UNKNOWN.equals(condition.get().getStatus())) {
      archiving.put(key, StatusConditions.TRUE.equals(condition.get().getStatus()) ? 1.0 : 0.0);
    } else {
      archiving.remove(key);
    }
    if (status != null && status.getArchiving() != null) {
      archives.put(key, status.getArchiving());
    } else {
      archives.remove(key);
    }
    publish();
  }

  void remove(String key) {
    archiving.remove(key);
    archives.remove(key);
    publish();
  }

  private void publish() {
    archivingGauge.register(
        archiving.entrySet().stream()
            .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(tags(e.getKey()), e.getValue()))
            .toList(),
        true);
    archiveLagGauge.register(
        archives.entrySet().stream()
            .<MultiGauge.Row<?>>map(
                e -> MultiGauge.Row.of(tags(e.getKey()), e.getValue(), this::lagSeconds))
            .toList(),
        true);
    segmentsWaitingGauge.register(
        archives.entrySet().stream()
            .filter(e -> e.getValue().getSegmentsWaiting() != null)
            .<MultiGauge.Row<?>>map(
                e ->
                    MultiGauge.Row.of(tags(e.getKey()), (double) e.getValue().getSegmentsWaiting()))
            .toList(),
        true);
    lastArchivedGauge.register(
        archives.entrySet().stream()
            .<MultiGauge.Row<?>>flatMap(
                e ->
                    parse(e.getValue().getLastArchivedTime())
                        .<MultiGauge.Row<?>>map(
                            at -> MultiGauge.Row.of(tags(e.getKey()), (double) at.getEpochSecond()))
                        .stream())
            .toList(),
        true);
  }

  /** Seconds since the oldest waiting segment was completed, at scrape time; 0 if none waits. */
  private double lagSeconds(ArchivingStatus a) {
    Integer waiting = a.getSegmentsWaiting();
    Optional<Instant> oldest = parse(a.getOldestWaitingTime());
    if (waiting == null || waiting == 0 || oldest.isEmpty()) {
      return 0;
    }
    return Math.max(0, Duration.between(oldest.get(), clock.instant()).toMillis() / 1000.0);
  }

  /** Empty for no time or one that does not parse: no figure rather than a wrong one. */
  private static Optional<Instant> parse(String time) {
    try {
      return Optional.ofNullable(time).map(Instant::parse);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Tags tags(String key) {
    String[] parts = key.split("/", 2);
    return Tags.of("namespace", parts[0], "name", parts[1]);
  }
}
