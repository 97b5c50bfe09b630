package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.RedisStatus;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.status.EventReasons;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A new Redis master is one Normal Event naming both pods; the same master, or none yet, is not.
 */
class RedisMasterEventTest {

  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void aNewMasterIsOneEvent() {
    var recorder = new EventsRecorder();
    var client = recorder.client;
    var stack = Stacks.minimal();

    StackEvents.onTransition(client, stack, status(null), status("r-0"), T0);
    StackEvents.onTransition(client, stack, status("r-0"), status("r-0"), T0);
    StackEvents.onTransition(client, stack, status("r-0"), status("r-1"), T0);

    List<Event> redis =
        recorder.events.stream()
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
