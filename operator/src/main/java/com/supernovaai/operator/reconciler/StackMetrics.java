package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.model.Phase;
import com.supernovaai.operator.model.SuperNovaStack;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Gauges of the stacks this operator manages: how many per phase, when each last backed up. */
public class StackMetrics {

  private final Map<String, Phase> phases = new ConcurrentHashMap<>();
  private final Map<String, Double> lastBackup = new ConcurrentHashMap<>();
  private final MultiGauge backupGauge;

  public StackMetrics(MeterRegistry registry) {
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
    publishBackups();
  }

  public void remove(SuperNovaStack stack) {
    phases.remove(key(stack));
    lastBackup.remove(key(stack));
    publishBackups();
  }

  private void publishBackups() {
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

  private static double count(Map<String, Phase> m, Phase phase) {
    return m.values().stream().filter(phase::equals).count();
  }

  private static String key(SuperNovaStack stack) {
    return stack.getMetadata().getNamespace() + "/" + stack.getMetadata().getName();
  }
}
