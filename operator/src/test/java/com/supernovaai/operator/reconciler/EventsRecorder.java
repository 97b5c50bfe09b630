package com.supernovaai.operator.reconciler;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.V1APIGroupDSL;
import java.util.ArrayList;
import java.util.List;

/** A client that records the Events written in the test stacks' namespace, in order. */
final class EventsRecorder {

  final List<Event> events = new ArrayList<>();

  final KubernetesClient client = recording();

  /** The Events written, as "type reason". */
  List<String> typesAndReasons() {
    return events.stream().map(e -> e.getType() + " " + e.getReason()).toList();
  }

  @SuppressWarnings("unchecked")
  private KubernetesClient recording() {
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
              events.add(call.getArgument(0));
              return mock(Resource.class);
            });
    return kubernetes;
  }
}
