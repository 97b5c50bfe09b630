package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.EventReasons;
import com.supernovaai.operator.status.Reasons;
import com.supernovaai.operator.status.StatusConditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A stack coming up and becoming Ready writes no Event (its status says so); a fault is a Warning
 * with its reason, and its end is Recovered.
 */
class StackLifecycleEventsTest {

  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  private final EventsRecorder recorder = new EventsRecorder();
  private final KubernetesClient client = recorder.client;

  @Test
  void comingUpAndBecomingReadyIsNoEvent() {
    var stack = Stacks.minimal();
    var progressing = status(false, false);

    StackEvents.onTransition(client, stack, null, progressing, T0);
    StackEvents.onTransition(client, stack, progressing, status(true, false), T0);

    assertThat(recorder.events).isEmpty();
  }

  @Test
  void aFaultIsAWarningAndItsEndRecovered() {
    var stack = Stacks.minimal();
    var ready = status(true, false);
    var degraded = status(false, true);

    StackEvents.onTransition(client, stack, ready, degraded, T0);
    StackEvents.onTransition(client, stack, degraded, ready, T0);

    assertThat(recorder.typesAndReasons())
        .containsExactly("Warning " + Reasons.BACKUP_FAILED, "Normal " + EventReasons.RECOVERED);
  }

  private static SuperNovaStackStatus status(boolean ready, boolean degraded) {
    var conditions =
        StatusConditions.set(
            null,
            ConditionTypes.READY,
            ready ? StatusConditions.TRUE : StatusConditions.FALSE,
            ready ? Reasons.ALL_COMPONENTS_READY : Reasons.COMPONENTS_NOT_READY,
            ready ? "All components are ready" : "Waiting for api",
            1L,
            T0);
    conditions =
        StatusConditions.set(
            conditions,
            ConditionTypes.DEGRADED,
            degraded ? StatusConditions.TRUE : StatusConditions.FALSE,
            degraded ? Reasons.BACKUP_FAILED : Reasons.NO_FAULTS,
            degraded ? "The last backup failed" : "No faults",
            1L,
            T0);
    var status = new SuperNovaStackStatus();
    status.setConditions(conditions);
    return status;
  }
}
