package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.model.DatabaseInstanceStatus;
import com.supernovaai.operator.model.DatabaseStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatabaseMembersObserverTest {

  private static final Instant T1 = Instant.parse("2026-12-02T07:00:00Z");
  private static final Instant T2 = Instant.parse("2026-12-02T07:05:00Z");

  private static Pod member(String name, String role, long position, long timeline) {
    var pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .addToLabels("app.kubernetes.io/component", "database")
            .addToAnnotations(
                "status",
                "{\"state\":\"running\",\"role\":\""
                    + role
                    + "\",\"xlog_location\":"
                    + position
                    + ",\"timeline\":"
                    + timeline
                    + "}")
            .endMetadata();
    if (role != null) {
      pod.editMetadata().addToLabels("role", role).endMetadata();
    }
    return pod.build();
  }

  @Test
  void primaryAndReplicaLagFromTheMembersReports() {
    DatabaseStatus status =
        DatabaseMembersObserver.of(
            List.of(
                member("ha-db-1", "replica", 1000, 1),
                member("ha-db-0", "master", 5000, 1),
                member("ha-db-2", "replica", 5000, 1)),
            null,
            T1);
    assertThat(status.getPrimary()).isEqualTo("ha-db-0");
    assertThat(status.getTimeline()).isEqualTo(1);
    assertThat(status.getLastFailoverTime()).isNull();
    assertThat(status.getInstances())
        .extracting(
            DatabaseInstanceStatus::getName,
            DatabaseInstanceStatus::getRole,
            DatabaseInstanceStatus::getLagBytes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ha-db-0", "primary", null),
            org.assertj.core.groups.Tuple.tuple("ha-db-1", "replica", 4000L),
            org.assertj.core.groups.Tuple.tuple("ha-db-2", "replica", 0L));
  }

  @Test
  void aGrownTimelineIsAFailoverEvenWhenNoLeaderWasSeenInBetween() {
    DatabaseStatus before =
        DatabaseMembersObserver.of(
            List.of(member("ha-db-0", "master", 5000, 1), member("ha-db-1", "replica", 5000, 1)),
            null,
            T1);
    // Mid-failover: the old leader is gone, nobody is labelled leader yet.
    DatabaseStatus during =
        DatabaseMembersObserver.of(List.of(member("ha-db-1", "replica", 5000, 1)), before, T1);
    assertThat(during.getPrimary()).isNull();
    assertThat(during.getTimeline()).isEqualTo(1);
    assertThat(during.getLastFailoverTime()).isNull();

    DatabaseStatus after =
        DatabaseMembersObserver.of(
            List.of(member("ha-db-1", "master", 6000, 2), member("ha-db-0", null, 0, 1)),
            during,
            T2);
    assertThat(after.getPrimary()).isEqualTo("ha-db-1");
    assertThat(after.getTimeline()).isEqualTo(2);
    assertThat(after.getLastFailoverTime()).isEqualTo(T2.toString());
    // A member without a role yet (rejoining) has no lag to report.
    assertThat(after.getInstances())
        .filteredOn(i -> i.getName().equals("ha-db-0"))
        .singleElement()
        .satisfies(i -> assertThat(i.getLagBytes()).isNull());

    DatabaseStatus later =
        DatabaseMembersObserver.of(
            List.of(member("ha-db-1", "master", 7000, 2), member("ha-db-0", "replica", 7000, 2)),
            after,
            T2.plusSeconds(60));
    assertThat(later.getLastFailoverTime()).as("kept").isEqualTo(T2.toString());
  }

  @Test
  void aHungLeaderStillLabelledIsNotThePrimary() {
    // ha-db-0 froze while leading timeline 2; ha-db-1 took the key after ttl and leads timeline 3.
    DatabaseStatus before =
        DatabaseMembersObserver.of(
            List.of(member("ha-db-0", "master", 7000, 2), member("ha-db-1", "replica", 7000, 2)),
            null,
            T1);
    DatabaseStatus status =
        DatabaseMembersObserver.of(
            List.of(member("ha-db-0", "master", 7000, 2), member("ha-db-1", "master", 9000, 3)),
            before,
            T2);
    assertThat(status.getPrimary()).isEqualTo("ha-db-1");
    assertThat(status.getTimeline()).isEqualTo(3);
    assertThat(status.getLastFailoverTime()).isEqualTo(T2.toString());
  }
}
