package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.model.ArchivingStatus;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.Phase;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.rollout.RolloutMetrics;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.StatusConditions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Gauges of the stacks this operator manages: how many per phase, when each last backed up, whether
 * its WAL reaches the object store; the rollout counters ({@link RolloutMetrics}) and the
 * replicated databases' ({@link DatabaseMetrics}).
 */
public class StackMetrics {

  private final Map<String, Phase> phases = new ConcurrentHashMap<>();
  private final Map<String, Double> lastBackup = new ConcurrentHashMap<>();
  private final MultiGauge backupGauge;
  private final Map<String, Double> lastVerified = new ConcurrentHashMap<>();
  private final Map<String, Double> verified = new ConcurrentHashMap<>();
  private final MultiGauge verifiedGauge;
  private final MultiGauge verifiedOkGauge;
  private final RolloutMetrics rollouts;
  private final Clock clock;
  private final Map<String, Double> archiving = new ConcurrentHashMap<>();
  private final Map<String, ArchivingStatus> archives = new ConcurrentHashMap<>();
  private final MultiGauge archivingGauge;
  private final MultiGauge archiveLagGauge;
  private final MultiGauge segmentsWaitingGauge;
  private final MultiGauge lastArchivedGauge;
  private final DatabaseMetrics databases;

  public StackMetrics(MeterRegistry registry) {
    this(registry, Clock.systemUTC());
  }

  StackMetrics(MeterRegistry registry, Clock clock) {
    this.clock = clock;
    rollouts = new RolloutMetrics(registry);
    databases = new DatabaseMetrics(registry);
    for (Phase phase : Phase.values()) {
      Gauge.builder("supernova.stacks", phases, m -> count(m, phase))
          .description("SuperNovaStacks by phase")
          .tag("phase", phase.name())
          .register(registry);
    }
    backupGauge =
        MultiGauge.builder("supernova.backup.last.success.timestamp")
            .description("Unix time of the last successful backup of a stack")
            .baseUnit("seconds")
            .register(registry);
    verifiedGauge =
        MultiGauge.builder("supernova.backup.last.verified.timestamp")
            .description("Unix time a restore drill last proved a stack's backup restores")
            .baseUnit("seconds")
            .register(registry);
    verifiedOkGauge =
        MultiGauge.builder("supernova.backup.verified")
            .description("1 when the last restore drill of a stack succeeded, 0 when it failed")
            .register(registry);
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

  public void record(SuperNovaStack stack) {
    var status = stack.getStatus();
    String key = key(stack);
    if (status != null && status.getPhase() != null) {
      phases.put(key, status.getPhase());
    }
    if (status != null
        && status.getBackup() != null
        && status.getBackup().getLastSuccessfulTime() != null) {
      try {
        lastBackup.put(
            key,
            (double) Instant.parse(status.getBackup().getLastSuccessfulTime()).getEpochSecond());
      } catch (RuntimeException e) {
        lastBackup.remove(key);
      }
    }
    recordDrill(key, status);
    recordArchiving(key, status);
    publishBackups();
    databases.record(stack);
  }

  private void recordArchiving(String key, SuperNovaStackStatus status) {
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

  private void recordDrill(String key, SuperNovaStackStatus status) {
    if (status == null) {
      return;
    }
    if (status.getBackup() != null && status.getBackup().getLastVerifiedTime() != null) {
      try {
        lastVerified.put(
            key, (double) Instant.parse(status.getBackup().getLastVerifiedTime()).getEpochSecond());
      } catch (RuntimeException e) {
        lastVerified.remove(key);
      }
    }
    var drill = StatusConditions.find(status.getConditions(), ConditionTypes.BACKUP_VERIFIED);
    if (drill.isPresent() && !StatusConditions.UNKNOWN.equals(drill.get().getStatus())) {
      verified.put(key, StatusConditions.TRUE.equals(drill.get().getStatus()) ? 1.0 : 0.0);
    } else {
      verified.remove(key);
    }
  }

  public RolloutMetrics rollouts() {
    return rollouts;
  }

  public void remove(SuperNovaStack stack) {
    phases.remove(key(stack));
    lastBackup.remove(key(stack));
    lastVerified.remove(key(stack));
    verified.remove(key(stack));
    archiving.remove(key(stack));
    archives.remove(key(stack));
    publishBackups();
    databases.remove(stack);
  }

  private void publishBackups() {
    archivingGauge.register(rows(archiving), true);
    archiveLagGauge.register(
        archives.entrySet().stream()
            .<MultiGauge.Row<?>>map(
                e -> MultiGauge.Row.of(tags(e.getKey()), e.getValue(), this::lagSeconds))
            .toList(),
        true);
    segmentsWaitingGauge.register(
        rows(
            archives.entrySet().stream()
                .filter(e -> e.getValue().getSegmentsWaiting() != null)
                .collect(
                    Collectors.toMap(
                        Map.Entry::getKey, e -> (double) e.getValue().getSegmentsWaiting()))),
        true);
    lastArchivedGauge.register(
        rows(
            archives.entrySet().stream()
                .filter(e -> parse(e.getValue().getLastArchivedTime()).isPresent())
                .collect(
                    Collectors.toMap(
                        Map.Entry::getKey,
                        e ->
                            (double)
                                parse(e.getValue().getLastArchivedTime())
                                    .orElseThrow()
                                    .getEpochSecond()))),
        true);
    verifiedGauge.register(rows(lastVerified), true);
    verifiedOkGauge.register(rows(verified), true);
    backupGauge.register(
        lastBackup.entrySet().stream()
            .map(
                e -> {
                  String[] parts = e.getKey().split("/", 2);
                  return MultiGauge.Row.of(
                      Tags.of("namespace", parts[0], "name", parts[1]), e.getValue());
                })
            .toList(),
        true);
  }

  private static List<MultiGauge.Row<?>> rows(Map<String, Double> values) {
    return values.entrySet().stream()
        .<MultiGauge.Row<?>>map(
            e -> {
              String[] parts = e.getKey().split("/", 2);
              return MultiGauge.Row.of(
                  Tags.of("namespace", parts[0], "name", parts[1]), e.getValue());
            })
        .toList();
  }

  private static Tags tags(String key) {
    String[] parts = key.split("/", 2);
    return Tags.of("namespace", parts[0], "name", parts[1]);
  }

  private static double count(Map<String, Phase> m, Phase phase) {
    return m.values().stream().filter(phase::equals).count();
  }

  private static String key(SuperNovaStack stack) {
    return stack.getMetadata().getNamespace() + "/" + stack.getMetadata().getName();
  }
}
