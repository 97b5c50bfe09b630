package com.supernovaai.operator.reconciler;

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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauges of the stacks this operator manages: how many per phase, when each last backed up and was
 * verified; the rollout counters ({@link RolloutMetrics}), the WAL archives' ({@link
 * ArchivingMetrics}), the replicated databases' ({@link DatabaseMetrics}) and the sentinel-mode
 * Redis's ({@link RedisMetrics}).
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
  private final ArchivingMetrics archiving;
  private final DatabaseMetrics databases;
  private final RedisMetrics redis;

  public StackMetrics(MeterRegistry registry) {
    this(registry, Clock.systemUTC());
  }

  StackMetrics(MeterRegistry registry, Clock clock) {
    rollouts = new RolloutMetrics(registry);
    archiving = new ArchivingMetrics(registry, clock);
    databases = new DatabaseMetrics(registry);
    redis = new RedisMetrics(registry);
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
    publishBackups();
    archiving.record(key, status);
    databases.record(stack);
    redis.record(stack);
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
    publishBackups();
    archiving.remove(key(stack));
    databases.remove(stack);
    redis.remove(stack);
  }

  private void publishBackups() {
    verifiedGauge.register(rows(lastVerified), true);
    verifiedOkGauge.register(rows(verified), true);
    backupGauge.register(rows(lastBackup), true);
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

  private static double count(Map<String, Phase> m, Phase phase) {
    return m.values().stream().filter(phase::equals).count();
  }

  private static String key(SuperNovaStack stack) {
    return stack.getMetadata().getNamespace() + "/" + stack.getMetadata().getName();
  }
}
