package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.ManualClock;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.status.ComponentStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.ContinuousArchiving;
import com.supernovaai.operator.status.EventReasons;
import com.supernovaai.operator.status.Reasons;
import com.supernovaai.operator.status.StackStatusBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a human and Prometheus see of ContinuousArchiving: its Events and its gauges. */
class ArchivingEventsAndMetricsTest {

  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void goingFalseIsOneWarningAndCatchingUpIsANormalEvent() {
    var recorder = new EventsRecorder();
    var client = recorder.client;
    var stack = Stacks.minimal();
    var healthy = status(stack, 0, null);
    stack.setStatus(healthy);
    var lagging = status(stack, 3, T0.minusSeconds(200));

    StackEvents.onTransition(client, stack, healthy, lagging, T0);
    stack.setStatus(lagging);
    // Still lagging: nothing new to say.
    StackEvents.onTransition(client, stack, lagging, status(stack, 4, T0.minusSeconds(260)), T0);
    StackEvents.onTransition(client, stack, lagging, status(stack, 0, null), T0);

    List<String> seen = recorder.typesAndReasons();
    // The Degraded transition carries the archiving reason; it is not said twice.
    assertThat(seen)
        .containsExactly(
            "Warning " + Reasons.ARCHIVING_LAGGING,
            "Normal " + EventReasons.RECOVERED,
            "Normal " + EventReasons.ARCHIVING_CAUGHT_UP);
    assertThat(recorder.events.get(0).getMessage()).contains("3 WAL segment(s)");
  }

  @Test
  void theGaugesFollowTheStatusAndTheLagGrowsWithTime() {
    var registry = new SimpleMeterRegistry();
    var clock = new ManualClock(T0);
    var metrics = new StackMetrics(registry, clock);
    var stack = Stacks.minimal();
    stack.setStatus(status(stack, 3, T0.minusSeconds(200)));
    metrics.record(stack);

    assertThat(gauge(registry, "supernova.wal.archiving")).isEqualTo(0.0);
    assertThat(gauge(registry, "supernova.wal.segments.waiting")).isEqualTo(3.0);
    assertThat(gauge(registry, "supernova.wal.archive.lag")).isEqualTo(200.0);
    clock.advance(Duration.ofSeconds(30));
    assertThat(gauge(registry, "supernova.wal.archive.lag")).isEqualTo(230.0);
    assertThat(gauge(registry, "supernova.wal.last.archived.timestamp"))
        .isEqualTo((double) T0.minusSeconds(3600).getEpochSecond());

    stack.setStatus(status(stack, 0, null));
    metrics.record(stack);
    assertThat(gauge(registry, "supernova.wal.archiving")).isEqualTo(1.0);
    assertThat(gauge(registry, "supernova.wal.archive.lag")).isEqualTo(0.0);

    // A time that does not parse is no figure, not a lag of 56 years.
    var odd = status(stack, 2, T0.minusSeconds(10));
    odd.getArchiving().setOldestWaitingTime("soon");
    odd.getArchiving().setLastArchivedTime("earlier");
    stack.setStatus(odd);
    metrics.record(stack);
    assertThat(gauge(registry, "supernova.wal.archive.lag")).isEqualTo(0.0);
    assertThat(registry.find("supernova.wal.last.archived.timestamp").gauges()).isEmpty();

    metrics.remove(stack);
    assertThat(registry.find("supernova.wal.archiving").gauges()).isEmpty();
  }

  private static double gauge(SimpleMeterRegistry registry, String name) {
    return registry.get(name).tag("namespace", "supernova").tag("name", "prod").gauge().value();
  }

  private static SuperNovaStackStatus status(
      SuperNovaStack stack, int waiting, Instant oldestWaiting) {
    var report =
        new ContinuousArchiving.Report(
            "prod-db-0",
            T0,
            "000000010000000000000004",
            T0.minusSeconds(3600),
            null,
            waiting,
            oldestWaiting,
            null);
    return StackStatusBuilder.of(stack, T0)
        .components(
            List.of(
                ComponentStatus.ready(ConditionTypes.DATABASE_READY, "StatefulSetReady", "1/1")))
        .archiving(ContinuousArchiving.decide(report, T0))
        .build();
  }
}
