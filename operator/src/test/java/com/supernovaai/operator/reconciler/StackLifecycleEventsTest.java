package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.EventReasons;
import com.supernovaai.operator.status.Reasons;
import com.supernovaai.operator.status.StatusConditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.V1APIGroupDSL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stack coming up and becoming Ready writes no Event (its status says so); a fault is a Warning
 * with its reason, and its end is Recovered.
 */
class StackLifecycleEventsTest {

  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  /** The Events written, as "type reason". */
  private final List<String> events = new ArrayList<>();

  private final KubernetesClient client = recordingEvents();

  @Test
  void comingUpAndBecomingReadyIsNoEvent() {
    var stack = Stacks.minimal();
    var progressing = status(false, false);

    StackEvents.onTransition(client, stack, null, progressing, T0);
    StackEvents.onTransition(client, stack, progressing, status(true, false), T0);

    assertThat(events).isEmpty();
  }

  @Test
  void aFaultIsAWarningAndItsEndRecovered() {
    var stack = Stacks.minimal();
    var ready = status(true, false);
    var degraded = status(false, true);

    StackEvents.onTransition(client, stack, ready, degraded, T0);
    StackEvents.onTransition(client, stack, degraded, ready, T0);

    assertThat(events)
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

  @SuppressWarnings("unchecked")
  private KubernetesClient recordingEvents() {
    var kubernetes = mock(KubernetesClient.class);
    var v1 = mock(V1APIGroupDSL.class);
    MixedOperation<Event, EventList, Resource<Event>> all = mock(MixedOperation.class);
    NonNamespaceOperation<Event, EventList, Resource<Event>> inNamespace =
        mock(NonNamespaceOperation.class);
    when(kubernetes.v1()).thenReturn(v1);
    when(v1.events()).thenReturn(all);
    when(all.inNamespace("supernova")).thenReturn(inNamespace);
    when(inNamespace.resource(any(Event.class)))
        .thenAnswer(
            call -> {
              Event event = call.getArgument(0);
              events.add(event.getType() + " " + event.getReason());
              return mock(Resource.class);
            });
    return kubernetes;
  }
}
