package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.status.ContinuousArchiving;
import com.supernovaai.operator.status.Reasons;
import com.supernovaai.operator.status.StatusConditions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the database pod's archiving annotation: anything malformed is Unknown, never thrown. */
class ArchivingObserverTest {

  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  private static final Duration LIMIT = ContinuousArchiving.DEFAULT_LAG_LIMIT;

  private static final String REPORT =
      "{\"failedCount\":0,\"lastArchivedTime\":\"2026-12-02T09:59:00Z\","
          + "\"lastArchivedWal\":\"000000010000000000000004\",\"lastBaseBackupTime\":"
          + "\"2026-12-02T09:30:00Z\",\"lastFailedTime\":null,\"lastFailedWal\":null,"
          + "\"oldestWaitingTime\":%s,\"segmentsWaiting\":%d,\"time\":\"%s\"}";

  @Test
  void theReportTheSidecarWritesIsReadField() {
    var verdict =
        ArchivingObserver.of(
            List.of(pod("prod-db-0", report(0, null, NOW), null)), false, LIMIT, NOW);
    assertThat(verdict.status()).isEqualTo(StatusConditions.TRUE);
    assertThat(verdict.details().getReportedBy()).isEqualTo("prod-db-0");
    assertThat(verdict.details().getLastArchivedWal()).isEqualTo("000000010000000000000004");
    assertThat(verdict.details().getLastArchivedTime()).isEqualTo("2026-12-02T09:59:00Z");
    assertThat(verdict.details().getLastBaseBackupTime()).isEqualTo("2026-12-02T09:30:00Z");
    assertThat(verdict.details().getLastFailedTime()).isNull();
  }

  @Test
  void segmentsWaitingPastTheLimitAreFalse() {
    var verdict =
        ArchivingObserver.of(
            List.of(pod("prod-db-0", report(4, "\"2026-12-02T09:57:00Z\"", NOW), null)),
            false,
            LIMIT,
            NOW);
    assertThat(verdict.status()).isEqualTo(StatusConditions.FALSE);
    assertThat(verdict.details().getSegmentsWaiting()).isEqualTo(4);
    // The oldest waited 180 s: inside a stack's limit of 5 minutes.
    var patient =
        ArchivingObserver.of(
            List.of(pod("prod-db-0", report(4, "\"2026-12-02T09:57:00Z\"", NOW), null)),
            false,
            Duration.ofMinutes(5),
            NOW);
    assertThat(patient.status()).isEqualTo(StatusConditions.TRUE);
  }

  @Test
  void noPodOrNoAnnotationIsUnknownNotReported() {
    assertThat(ArchivingObserver.of(List.of(), false, LIMIT, NOW).reason())
        .isEqualTo(Reasons.ARCHIVING_NOT_REPORTED);
    var verdict = ArchivingObserver.of(List.of(pod("prod-db-0", null, null)), false, LIMIT, NOW);
    assertThat(verdict.status()).isEqualTo(StatusConditions.UNKNOWN);
    assertThat(verdict.reason()).isEqualTo(Reasons.ARCHIVING_NOT_REPORTED);
    assertThat(verdict.message()).contains("prod-db-0");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "42",
        "{}",
        "{\"time\":\"yesterday\",\"segmentsWaiting\":0}",
        "{\"time\":\"2026-12-02T09:59:50Z\"}",
        "{\"time\":\"2026-12-02T09:59:50Z\",\"segmentsWaiting\":\"many\"}",
        "{\"time\":\"2026-12-02T09:59:50Z\",\"segmentsWaiting\":-1}",
        "{\"time\":12,\"segmentsWaiting\":0}",
        "{\"time\":\"2026-12-02T09:59:50Z\",\"segmentsWaiting\":0"
      })
  void aMalformedReportIsUnknownAndNeverThrows(String annotation) {
    var verdict =
        ArchivingObserver.of(List.of(pod("prod-db-0", annotation, null)), false, LIMIT, NOW);
    assertThat(verdict.status()).isEqualTo(StatusConditions.UNKNOWN);
    assertThat(verdict.reason()).isEqualTo(Reasons.ARCHIVING_NOT_REPORTED);
  }

  @Test
  void wronglyTypedOptionalFieldsAreUnknownFieldsNotAnError() {
    String odd =
        "{\"time\":\"2026-12-02T09:59:50Z\",\"segmentsWaiting\":0,\"lastArchivedWal\":7,"
            + "\"lastArchivedTime\":\"soon\"}";
    var verdict = ArchivingObserver.of(List.of(pod("prod-db-0", odd, null)), false, LIMIT, NOW);
    assertThat(verdict.status()).isEqualTo(StatusConditions.TRUE);
    assertThat(verdict.details().getLastArchivedWal()).isNull();
    assertThat(verdict.message()).contains("Nothing archived yet");
  }

  @Test
  void withSeveralMembersTheLeadersReportCounts() {
    var leader = pod("prod-db-1", report(0, null, NOW), "master");
    var replica = pod("prod-db-0", report(9, "\"2026-12-02T09:00:00Z\"", NOW), "replica");
    var verdict = ArchivingObserver.of(List.of(replica, leader), true, LIMIT, NOW);
    assertThat(verdict.details().getReportedBy()).isEqualTo("prod-db-1");
    assertThat(verdict.status()).isEqualTo(StatusConditions.TRUE);
    // No leader: nobody archives, nothing to report.
    assertThat(
            ArchivingObserver.of(
                List.of(replica, pod("prod-db-2", null, "replica")), true, LIMIT, NOW))
        .extracting(v -> v.reason())
        .isEqualTo(Reasons.ARCHIVING_NOT_REPORTED);
  }

  @Test
  void aReplicaLeftAloneMidFailoverDoesNotSpeakForTheArchive() {
    // Its sidecar does not archive; before, a lone pod counted whatever its role.
    var replica = pod("prod-db-0", report(9, "\"2026-12-02T09:00:00Z\"", NOW), "replica");
    var verdict = ArchivingObserver.of(List.of(replica), true, LIMIT, NOW);
    assertThat(verdict.reason()).isEqualTo(Reasons.ARCHIVING_NOT_REPORTED);
    assertThat(verdict.message()).contains("No database member leads yet");
  }

  @Test
  void ofTwoLabelledLeadersTheNewerTimelinesReportCounts() {
    // A hung old leader keeps its label and its last report; the promoted one is on timeline 3.
    var hung = withTimeline(pod("prod-db-0", report(0, null, NOW.minusSeconds(90)), "master"), 2);
    var promoted = withTimeline(pod("prod-db-2", report(0, null, NOW), "master"), 3);
    assertThat(
            ArchivingObserver.of(List.of(hung, promoted), true, LIMIT, NOW)
                .details()
                .getReportedBy())
        .isEqualTo("prod-db-2");
  }

  private static Pod withTimeline(Pod pod, long timeline) {
    pod.getMetadata()
        .getAnnotations()
        .put(DatabaseMembersObserver.STATUS_ANNOTATION, "{\"timeline\":" + timeline + "}");
    return pod;
  }

  @Test
  void onlyAChangeOfWhatTheReportSaysReconciles() {
    var before = pod("prod-db-0", report(0, null, NOW.minusSeconds(15)), null);
    // The 15 s refresh with the same content: no reconciliation.
    assertThat(
            ArchivingObserver.changesStatus(
                pod("prod-db-0", report(0, null, NOW), null), before, NOW))
        .isFalse();
    // A segment waiting now: reconcile.
    assertThat(
            ArchivingObserver.changesStatus(
                pod("prod-db-0", report(1, "\"2026-12-02T09:59:58Z\"", NOW), null), before, NOW))
        .isTrue();
    // The same content after a stale report: the verdict changes, reconcile.
    var stale = pod("prod-db-0", report(0, null, NOW.minusSeconds(600)), null);
    assertThat(
            ArchivingObserver.changesStatus(
                pod("prod-db-0", report(0, null, NOW), null), stale, NOW))
        .isTrue();
    // The first report, and a pod without any.
    assertThat(ArchivingObserver.changesStatus(before, pod("prod-db-0", null, null), NOW)).isTrue();
    assertThat(
            ArchivingObserver.changesStatus(
                pod("prod-db-0", null, null), pod("prod-db-0", null, null), NOW))
        .isFalse();
  }

  private static String report(int waiting, String oldest, Instant time) {
    return String.format(REPORT, oldest == null ? "null" : oldest, waiting, time);
  }

  private static Pod pod(String name, String annotation, String role) {
    Map<String, String> annotations = new HashMap<>();
    if (annotation != null) {
      annotations.put(ArchivingObserver.ANNOTATION, annotation);
    }
    Map<String, String> labels = new HashMap<>();
    labels.put("app.kubernetes.io/component", "database");
    if (role != null) {
      labels.put("role", role);
    }
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }
}
