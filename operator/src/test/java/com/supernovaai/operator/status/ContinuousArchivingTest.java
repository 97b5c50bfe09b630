package com.supernovaai.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.model.ObjectStoreSpec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The ContinuousArchiving verdict from one report at one moment. */
class ContinuousArchivingTest {

  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final String WAL = "000000010000000000000007";

  @Test
  void aFreshReportWithNothingWaitingIsTrueAndSaysWhatWasArchivedLast() {
    var verdict = ContinuousArchiving.decide(report(NOW.minusSeconds(10), 0, null, null), NOW);
    assertThat(verdict.status()).isEqualTo(StatusConditions.TRUE);
    assertThat(verdict.reason()).isEqualTo(Reasons.ARCHIVING_UP_TO_DATE);
    assertThat(verdict.message())
        .isEqualTo("Last archived " + WAL + " at 2026-12-02T09:58:00Z; 0 segment(s) waiting");
    assertThat(verdict.fault()).isEmpty();
    assertThat(verdict.details().getLastArchivedWal()).isEqualTo(WAL);
    assertThat(verdict.details().getSegmentsWaiting()).isZero();
    assertThat(verdict.details().getOldestWaitingTime()).isNull();
    // Looked at again when the report would go stale.
    assertThat(verdict.recheckAfter()).isEqualTo(Duration.ofSeconds(111));
  }

  @Test
  void aSegmentWaitingLessThanTheLimitIsNoAlarmButIsLookedAtWhenItPassesIt() {
    var verdict = ContinuousArchiving.decide(report(NOW, 2, NOW.minusSeconds(90), null), NOW);
    assertThat(verdict.status()).isEqualTo(StatusConditions.TRUE);
    assertThat(verdict.details().getOldestWaitingTime()).isEqualTo("2026-12-02T09:58:30Z");
    assertThat(verdict.recheckAfter()).isEqualTo(Duration.ofSeconds(31));
  }

  @Test
  void aSegmentWaitingPastTheLimitIsFalseAndDegradesTheStack() {
    var verdict = ContinuousArchiving.decide(report(NOW, 3, NOW.minusSeconds(121), null), NOW);
    assertThat(verdict.status()).isEqualTo(StatusConditions.FALSE);
    assertThat(verdict.reason()).isEqualTo(Reasons.ARCHIVING_LAGGING);
    assertThat(verdict.message())
        .startsWith("3 WAL segment(s) not in the object store, the oldest completed 121s ago")
        .contains("last archived " + WAL);
    assertThat(verdict.fault())
        .hasValueSatisfying(
            f -> {
              assertThat(f.blocksReady()).isFalse();
              assertThat(f.reason()).isEqualTo(Reasons.ARCHIVING_LAGGING);
            });
  }

  @Test
  void theStacksOwnLimitDecidesAndTheMessageNamesIt() {
    var store = new ObjectStoreSpec();
    store.setMaxWalLagSeconds(30);
    Duration limit = ContinuousArchiving.lagLimit(store);
    assertThat(limit).isEqualTo(Duration.ofSeconds(30));
    var report = report(NOW, 1, NOW.minusSeconds(31), null);

    var strict = ContinuousArchiving.decide(report, limit, NOW);
    assertThat(strict.status()).isEqualTo(StatusConditions.FALSE);
    assertThat(strict.message()).contains("completed 31s ago, more than the 30s allowed");
    // The same report under the default (120 s) is no alarm yet, and looked at again when it
    // would be one.
    var lenient = ContinuousArchiving.decide(report, NOW);
    assertThat(lenient.status()).isEqualTo(StatusConditions.TRUE);
    assertThat(lenient.recheckAfter()).isEqualTo(Duration.ofSeconds(90));
    // A segment just inside a strict limit is looked at again just past it.
    assertThat(
            ContinuousArchiving.decide(report(NOW, 1, NOW.minusSeconds(20), null), limit, NOW)
                .recheckAfter())
        .isEqualTo(Duration.ofSeconds(11));
    assertThat(ContinuousArchiving.lagLimit(null)).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void failuresNewerThanTheLastSuccessMakeItFailingRatherThanLagging() {
    var failing =
        ContinuousArchiving.decide(report(NOW, 1, NOW.minusSeconds(300), NOW.minusSeconds(5)), NOW);
    assertThat(failing.reason()).isEqualTo(Reasons.ARCHIVING_FAILING);
    // A failure before the last success is history.
    var old =
        ContinuousArchiving.decide(
            report(NOW, 1, NOW.minusSeconds(300), NOW.minusSeconds(3600)), NOW);
    assertThat(old.reason()).isEqualTo(Reasons.ARCHIVING_LAGGING);
  }

  @Test
  void aStaleReportIsUnknownWhateverItSaid() {
    var verdict = ContinuousArchiving.decide(report(NOW.minusSeconds(121), 0, null, null), NOW);
    assertThat(verdict.status()).isEqualTo(StatusConditions.UNKNOWN);
    assertThat(verdict.reason()).isEqualTo(Reasons.ARCHIVING_REPORT_STALE);
    assertThat(verdict.message()).contains("db-0", "121s old");
    assertThat(verdict.fault()).isEmpty();
    // What it last said is still shown.
    assertThat(verdict.details().getLastArchivedWal()).isEqualTo(WAL);
  }

  @Test
  void noReportIsUnknownWithoutDetails() {
    var verdict = ContinuousArchiving.notReported("No database pod yet");
    assertThat(verdict.status()).isEqualTo(StatusConditions.UNKNOWN);
    assertThat(verdict.reason()).isEqualTo(Reasons.ARCHIVING_NOT_REPORTED);
    assertThat(verdict.details()).isNull();
    assertThat(verdict.fault()).isEmpty();
  }

  @Test
  void aClockAheadOfTheOperatorsIsNotANegativeAge() {
    var verdict = ContinuousArchiving.decide(report(NOW.plusSeconds(30), 0, null, null), NOW);
    assertThat(verdict.status()).isEqualTo(StatusConditions.TRUE);
  }

  private static ContinuousArchiving.Report report(
      Instant time, int waiting, Instant oldestWaiting, Instant lastFailed) {
    return new ContinuousArchiving.Report(
        "db-0",
        time,
        WAL,
        Instant.parse("2026-12-02T09:58:00Z"),
        lastFailed,
        waiting,
        oldestWaiting,
        Instant.parse("2026-12-02T02:00:00Z"));
  }
}
