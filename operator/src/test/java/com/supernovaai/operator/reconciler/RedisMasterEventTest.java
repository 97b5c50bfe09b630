package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.RedisStatus;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.status.EventReasons;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.V1APIGroupDSL;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * A new Redis master is one Normal Event naming both pods; the same master, or none yet, is not.
 */
class RedisMasterEventTest {

  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  @SuppressWarnings("unchecked")
  void aNewMasterIsOneEvent() {
    var client = mock(KubernetesClient.class);
    var v1 = mock(V1APIGroupDSL.class);
    MixedOperation<Event, EventList, Resource<Event>> all = mock(MixedOperation.class);
    NonNamespaceOperation<Event, EventList, Resource<Event>> inNamespace =
        mock(NonNamespaceOperation.class);
    when(client.v1()).thenReturn(v1);
    when(v1.events()).thenReturn(all);
    when(all.inNamespace("supernova")).thenReturn(inNamespace);
    when(inNamespace.resource(any(Event.class))).thenReturn(mock(Resource.class));
    var stack = Stacks.minimal();

    StackEvents.onTransition(client, stack, status(null), status("r-0"), T0);
    StackEvents.onTransition(client, stack, status("r-0"), status("r-0"), T0);
    StackEvents.onTransition(client, stack, status("r-0"), status("r-1"), T0);

    var events = ArgumentCaptor.forClass(Event.class);
    verify(inNamespace, atLeast(1)).resource(events.capture());
    List<Event> redis =
        events.getAllValues().stream()
            .filter(e -> EventReasons.REDIS_MASTER_CHANGED.equals(e.getReason()))
            .toList();
    assertThat(redis).hasSize(1);
    assertThat(redis.get(0).getType()).isEqualTo("Normal");
    assertThat(redis.get(0).getMessage()).isEqualTo("Redis master is now r-1 (was r-0)");
  }

  private static SuperNovaStackStatus status(String master) {
    var status = new SuperNovaStackStatus();
    status.setRedis(master == null ? null : new RedisStatus(master, null, 2));
    return status;
  }
}
