package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.model.RedisStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisMasterObserverTest {

  private static final Instant T1 = Instant.parse("2026-12-02T07:00:00Z");
  private static final Instant T2 = Instant.parse("2026-12-02T07:05:00Z");

  private static Pod ready(String name, String role) {
    return new PodBuilder(pod(name, role))
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  private static Pod pod(String name, String role) {
    var pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .addToLabels("app.kubernetes.io/component", "redis")
            .endMetadata();
    if (role != null) {
      pod.editMetadata().addToLabels("ops.supernova-ai.com/redis-role", role).endMetadata();
    }
    return pod.build();
  }

  @Test
  void theMasterIsThePodLabelledMaster() {
    var status =
        RedisMasterObserver.of(
            List.of(pod("r-0", "replica"), pod("r-1", "master"), pod("r-2", null)), null, T1);
    assertThat(status.getMaster()).isEqualTo("r-1");
    assertThat(status.getLastFailoverTime()).isNull();
  }

  @Test
  void nothingKnownYetIsNoStatus() {
    assertThat(RedisMasterObserver.of(List.of(pod("r-0", null)), null, T1)).isNull();
  }

  @Test
  void aNewMasterIsAFailoverAndAnEvent() {
    var before = new RedisStatus("r-0", null, 2);
    var after =
        RedisMasterObserver.of(List.of(pod("r-1", "master"), pod("r-2", "replica")), before, T2);
    assertThat(after.getMaster()).isEqualTo("r-1");
    assertThat(after.getLastFailoverTime()).isEqualTo(T2.toString());
    assertThat(RedisMasterObserver.changed(before, after)).isTrue();
    assertThat(RedisMasterObserver.changed(after, after)).isFalse();
    assertThat(RedisMasterObserver.changed(null, after)).isFalse();
  }

  @Test
  void midFailoverTheLastMasterStaysAndNoFailoverIsCounted() {
    var before = new RedisStatus("r-0", "earlier", 2);
    var during =
        RedisMasterObserver.of(List.of(pod("r-1", "replica"), pod("r-2", "replica")), before, T2);
    assertThat(during.getMaster()).isEqualTo("r-0");
    assertThat(during.getLastFailoverTime()).isEqualTo("earlier");
  }

  @Test
  void ofTwoPodsLabelledMasterTheOneThatWasNotBeforeIsTheNewOne() {
    // r-0 hung with its label; the Sentinels promoted r-2.
    var before = new RedisStatus("r-0", null, 2);
    var after =
        RedisMasterObserver.of(
            List.of(pod("r-0", "master"), pod("r-1", "replica"), pod("r-2", "master")), before, T2);
    assertThat(after.getMaster()).isEqualTo("r-2");
  }

  @Test
  void theReplicasAreTheReadyPodsLabelledReplica() {
    var status =
        RedisMasterObserver.of(
            List.of(ready("r-0", "master"), ready("r-1", "replica"), pod("r-2", "replica")),
            null,
            T1);
    assertThat(status.getReplicas()).isEqualTo(1);
    var terminating = ready("r-2", "replica");
    terminating.getMetadata().setDeletionTimestamp("2026-12-02T07:00:00Z");
    assertThat(
            RedisMasterObserver.of(
                    List.of(ready("r-0", "master"), ready("r-1", "replica"), terminating), null, T1)
                .getReplicas())
        .isEqualTo(1);
    assertThat(
            RedisMasterObserver.of(
                    List.of(
                        ready("r-0", "master"), ready("r-1", "replica"), ready("r-2", "replica")),
                    null,
                    T1)
                .getReplicas())
        .isEqualTo(2);
  }
}
