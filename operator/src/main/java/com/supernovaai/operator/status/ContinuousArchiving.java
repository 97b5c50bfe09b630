package com.supernovaai.operator.status;

import com.supernovaai.operator.model.ArchivingStatus;
import com.supernovaai.operator.model.ObjectStoreSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The ContinuousArchiving condition, decided from the archiving report the database pod publishes
 * (its pgbackrest sidecar, every {@link #REPORT_INTERVAL}). Pure: the same report at the same time
 * gives the same verdict.
 *
 * <p>The lag is read from the segments waiting in {@code archive_status} (the oldest one's age),
 * not from {@code pg_stat_archiver.failed_count}: pgBackRest retries inside one {@code
 * archive-push}, so an unreachable store can leave the count at 0 for minutes while segments pile
 * up (seen in ObjectStoreArchivingIT).
 */
public final class ContinuousArchiving {

  /** How often the sidecar publishes (archiver-report.py's default). */
  public static final Duration REPORT_INTERVAL = Duration.ofSeconds(15);

  /**
   * A completed segment may wait this long unless the stack says otherwise
   * (spec.backup.objectStore.maxWalLagSeconds): twice archive_timeout, so a busy store or one
   * retried push is not an alarm, while a store that is down is reported within minutes.
   */
  public static final Duration DEFAULT_LAG_LIMIT =
      Duration.ofSeconds(ObjectStoreSpec.DEFAULT_MAX_WAL_LAG_SECONDS);

  /** A report older than this (8 missed reports) says nothing about now. */
  public static final Duration STALE_AFTER = Duration.ofMinutes(2);

  private ContinuousArchiving() {}

  /**
   * What the database pod reported; unknown fields are null. {@code time} is when it was made (the
   * database's clock).
   */
  public record Report(
      String pod,
      Instant time,
      String lastArchivedWal,
      Instant lastArchivedTime,
      Instant lastFailedTime,
      int segmentsWaiting,
      Instant oldestWaitingTime,
      Instant lastBaseBackupTime) {

    public Report {
      Objects.requireNonNull(pod, "pod");
      Objects.requireNonNull(time, "time");
    }
  }

  /**
   * The condition (status, reason, message), what status.archiving shows, and how soon the verdict
   * can change without a new report (null: only with one).
   */
  public record Verdict(
      String status,
      String reason,
      String message,
      ArchivingStatus details,
      Duration recheckAfter) {

    /**
     * False degrades the stack (the archive no longer covers the latest writes); serving goes on.
     */
    public Optional<Fault> fault() {
      return StatusConditions.FALSE.equals(status)
          ? Optional.of(Fault.degradesOnly(reason, message))
          : Optional.empty();
    }
  }

  /** No report to decide from: Unknown, saying why (no pod yet, no annotation, unreadable). */
  public static Verdict notReported(String why) {
    return new Verdict(StatusConditions.UNKNOWN, Reasons.ARCHIVING_NOT_REPORTED, why, null, null);
  }

  /** The verdict under the default lag limit. */
  public static Verdict decide(Report report, Instant now) {
    return decide(report, DEFAULT_LAG_LIMIT, now);
  }

  /** The lag limit the stack sets, or the default. */
  public static Duration lagLimit(ObjectStoreSpec store) {
    return store == null || store.getMaxWalLagSeconds() == null
        ? DEFAULT_LAG_LIMIT
        : Duration.ofSeconds(store.getMaxWalLagSeconds());
  }

  /**
   * The verdict: False once the oldest completed segment has waited longer than {@code lagLimit}
   * for the store.
   */
  public static Verdict decide(Report report, Duration lagLimit, Instant now) {
    ArchivingStatus details = details(report);
    Duration age = between(report.time(), now);
    if (age.compareTo(STALE_AFTER) > 0) {
      return new Verdict(
          StatusConditions.UNKNOWN,
          Reasons.ARCHIVING_REPORT_STALE,
          "The last archiving report of "
              + report.pod()
              + " is "
              + seconds(age)
              + " old (one is due every "
              + seconds(REPORT_INTERVAL)
              + "); is its pgbackrest container running?",
          details,
          null);
    }
    Duration staleIn = STALE_AFTER.minus(age);
    Duration lag =
        report.segmentsWaiting() > 0 && report.oldestWaitingTime() != null
            ? between(report.oldestWaitingTime(), now)
            : Duration.ZERO;
    String last =
        report.lastArchivedWal() == null
            ? "nothing archived yet"
            : "last archived " + report.lastArchivedWal() + " at " + report.lastArchivedTime();
    if (lag.compareTo(lagLimit) > 0) {
      boolean failing =
          report.lastFailedTime() != null
              && (report.lastArchivedTime() == null
                  || report.lastFailedTime().isAfter(report.lastArchivedTime()));
      return new Verdict(
          StatusConditions.FALSE,
          failing ? Reasons.ARCHIVING_FAILING : Reasons.ARCHIVING_LAGGING,
          report.segmentsWaiting()
              + " WAL segment(s) not in the object store, the oldest completed "
              + seconds(lag)
              + " ago, more than the "
              + seconds(lagLimit)
              + " allowed ("
              + (failing ? "pushes fail" : "no push completes")
              + "; "
              + last
              + "); see the pgbackrest container's log",
          details,
          staleIn);
    }
    Duration lagIn = report.segmentsWaiting() > 0 ? lagLimit.minus(lag) : null;
    return new Verdict(
        StatusConditions.TRUE,
        Reasons.ARCHIVING_UP_TO_DATE,
        capitalize(last) + "; " + report.segmentsWaiting() + " segment(s) waiting",
        details,
        Stream.of(staleIn, lagIn)
            .filter(Objects::nonNull)
            .min(Duration::compareTo)
            // Just past the limit, so the next look sees it crossed.
            .map(d -> d.plusSeconds(1))
            .orElse(null));
  }

  private static ArchivingStatus details(Report report) {
    ArchivingStatus s = new ArchivingStatus();
    s.setReportedBy(report.pod());
    s.setReportTime(text(report.time()));
    s.setLastArchivedWal(report.lastArchivedWal());
    s.setLastArchivedTime(text(report.lastArchivedTime()));
    s.setSegmentsWaiting(report.segmentsWaiting());
    s.setOldestWaitingTime(report.segmentsWaiting() > 0 ? text(report.oldestWaitingTime()) : null);
    s.setLastFailedTime(text(report.lastFailedTime()));
    s.setLastBaseBackupTime(text(report.lastBaseBackupTime()));
    return s;
  }

  /** Never negative: a report from a clock slightly ahead is not from the future. */
  private static Duration between(Instant from, Instant to) {
    Duration d = Duration.between(from, to);
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
