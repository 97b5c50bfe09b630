package com.supernovaai.operator.backup;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.BackupJobs;
import com.supernovaai.operator.dependent.Jobs;
import com.supernovaai.operator.dependent.ManualBackupJobDependent;
import com.supernovaai.operator.dependent.RestoreJobDependent;
import com.supernovaai.operator.dependent.Secondaries;
import com.supernovaai.operator.model.BackupStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.schedule.CronPeriod;
import com.supernovaai.operator.status.ComponentStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.Fault;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Backup state from the Jobs in the operator's cache (and what their scripts reported):
 * status.backup and the BackupHealthy condition. Times are carried over from the previous status,
 * since Jobs are pruned by the history limits. Restores and drills: {@link RestoreObserver}, {@link
 * DrillObserver}.
 */
public final class BackupObserver {

  /** How long after a missed second run BackupHealthy turns false: the starting deadline. */
  static final Duration OVERDUE_GRACE = Duration.ofHours(1);

  /** The stack's Degraded reason while backups fail or are overdue. */
  private static final String BACKUP_FAILED = Reasons.BACKUP_FAILED;

  private BackupObserver() {}

  /** status.backup and the BackupHealthy condition of one reconciliation. */
  public record Report(BackupStatus status, ComponentStatus health) {}

  /** Reads the backup Jobs once and reports both status.backup and BackupHealthy. */
  public static Report observe(SuperNovaStack stack, Context<SuperNovaStack> context, Instant now) {
    BackupStatus status = backupStatus(stack, context);
    return new Report(status, health(stack, context, status, now));
  }

  public static BackupStatus backupStatus(SuperNovaStack stack, Context<SuperNovaStack> context) {
    BackupStatus previous = stack.getStatus() == null ? null : stack.getStatus().getBackup();
    BackupStatus s = copy(previous);
    var cronJob = Secondaries.byName(context, CronJob.class, StackNames.backupCronJob(stack));
    List<Job> backups = BackupJobs.jobs(stack, context, BackupJobs.BACKUP);

    Stream<String> scheduled =
        backups.stream()
            .map(
                j ->
                    j.getStatus() != null && j.getStatus().getStartTime() != null
                        ? j.getStatus().getStartTime()
                        : j.getMetadata().getCreationTimestamp());
    s.setLastScheduleTime(
        latest(
            Stream.concat(
                scheduled,
                Stream.of(
                    s.getLastScheduleTime(),
                    cronJob
                        .map(
                            c -> c.getStatus() == null ? null : c.getStatus().getLastScheduleTime())
                        .orElse(null)))));
    s.setLastSuccessfulTime(
        latest(
            Stream.concat(
                backups.stream().filter(Jobs::succeeded).map(Jobs::finishedAt),
                Stream.of(
                    s.getLastSuccessfulTime(),
                    cronJob
                        .map(
                            c ->
                                c.getStatus() == null
                                    ? null
                                    : c.getStatus().getLastSuccessfulTime())
                        .orElse(null)))));
    s.setLastFailedTime(
        latest(
            Stream.concat(
                backups.stream().filter(Jobs::failed).map(Jobs::finishedAt),
                Stream.of(s.getLastFailedTime()))));
    newest(backups, Jobs::succeeded)
        .flatMap(j -> JobResult.of(j, context))
        .ifPresent(
            r -> {
              r.text("file").ifPresent(s::setLastBackupFile);
              r.number("sizeBytes").ifPresent(s::setLastBackupSizeBytes);
              if (r.flag("suspectedDataLoss")) {
                s.setSuspectedDataLossFile(r.text("file").orElse(null));
                s.setSuspectedDataLossRows(
                    r.number("previousSentimentDataRows").map(String::valueOf).orElse("?")
                        + " -> "
                        + r.number("sentimentDataRows").map(String::valueOf).orElse("?"));
              }
            });
    String request = ManualBackupJobDependent.request(stack);
    if (request != null
        && Secondaries.byName(context, Job.class, ManualBackupJobDependent.name(stack))
            .isPresent()) {
      s.setLastManualRequest(request);
    }

    List<Job> drills = BackupJobs.jobs(stack, context, BackupJobs.VERIFY);
    Optional<Job> lastDrill = newest(drills, Jobs::succeeded);
    if (lastDrill.isPresent()
        && !Objects.equals(Jobs.finishedAt(lastDrill.get()), s.getLastVerifiedTime())) {
      s.setLastVerifiedTime(
          latest(Stream.of(s.getLastVerifiedTime(), Jobs.finishedAt(lastDrill.get()))));
      JobResult.of(lastDrill.get(), context)
          .flatMap(r -> r.text("file"))
          .ifPresent(s::setLastVerifiedFile);
    }
    s.setLastVerifyFailedTime(
        latest(
            Stream.concat(
                drills.stream().filter(Jobs::failed).map(Jobs::finishedAt),
                Stream.of(s.getLastVerifyFailedTime()))));
    return isEmpty(s) ? null : s;
  }

  /**
   * BackupHealthy: the last backup did not fail, and one succeeded within two schedule periods
   * (counted from the CronJob's creation while none has).
   */
  static ComponentStatus health(
      SuperNovaStack stack, Context<SuperNovaStack> context, BackupStatus s, Instant now) {
    String type = ConditionTypes.BACKUP_HEALTHY;
    var spec = stack.getSpec().getBackup();
    if (!Boolean.TRUE.equals(spec.getEnabled())) {
      return ComponentStatus.ready(type, Reasons.DISABLED, "Backups are disabled");
    }
    if (RestoreJobDependent.pending(stack)) {
      return ComponentStatus.ready(
          type,
          Reasons.HELD_FOR_RESTORE,
          "Backups and drills are held until the restore of "
              + RestoreJobDependent.source(stack)
              + " has succeeded");
    }
    var cronJob = Secondaries.byName(context, CronJob.class, StackNames.backupCronJob(stack));
    if (cronJob.isEmpty()) {
      return ComponentStatus.notReady(
          type, Reasons.PENDING, "The backup CronJob does not exist yet");
    }
    String success = s == null ? null : s.getLastSuccessfulTime();
    String failed = s == null ? null : s.getLastFailedTime();
    boolean cronSaysFailed = lastScheduledRunFailed(cronJob.get());
    if ((failed != null && (success == null || failed.compareTo(success) > 0)) || cronSaysFailed) {
      String why =
          newest(BackupJobs.jobs(stack, context, BackupJobs.BACKUP), Jobs::failed)
              .flatMap(j -> JobResult.of(j, context))
              .flatMap(JobResult::failure)
              .map(f -> ": " + f)
              .orElse("");
      return degrading(
          type, Reasons.LAST_BACKUP_FAILED, "The last backup did not succeed" + why, BACKUP_FAILED);
    }
    if (s != null
        && s.getSuspectedDataLossFile() != null
        && s.getSuspectedDataLossFile().equals(s.getLastBackupFile())) {
      return degrading(
          type,
          Reasons.SUSPECTED_DATA_LOSS,
          "The newest backup "
              + s.getLastBackupFile()
              + " holds far fewer sentiment_data rows than the one before it ("
              + s.getSuspectedDataLossRows()
              + "); it is kept and no older backup was pruned. Check the database before the next"
              + " backups age the good ones out",
          Reasons.SUSPECTED_DATA_LOSS);
    }
    if (Boolean.TRUE.equals(spec.getSuspend())) {
      return ComponentStatus.ready(type, Reasons.SUSPENDED, "Backups are suspended");
    }
    String since = success != null ? success : cronJob.get().getMetadata().getCreationTimestamp();
    var schedule = CronPeriod.parse(spec.getSchedule());
    if (since != null && schedule.isPresent()) {
      // Overdue once two scheduled runs have passed since the last success (an hour after the
      // second, the CronJob's starting deadline), however far apart the runs are.
      Optional<Instant> first = schedule.get().next(Instant.parse(since));
      Optional<Instant> second = first.flatMap(f -> schedule.get().next(f));
      if (second.isPresent() && now.isAfter(second.get().plus(OVERDUE_GRACE))) {
        return degrading(
            type,
            Reasons.BACKUP_OVERDUE,
            (success != null ? "No successful backup since " + success : "No successful backup yet")
                + "; schedule \""
                + spec.getSchedule()
                + "\" runs every "
                + human(Duration.between(first.get(), second.get())),
            BACKUP_FAILED);
      }
    }
    return ComponentStatus.ready(
        type,
        Reasons.SCHEDULED,
        success != null
            ? "Last successful backup " + success
            : "Backups run on schedule " + spec.getSchedule());
  }

  /**
   * Unhealthy backups are a fault that degrades the stack but keeps it Ready: it still serves, and
   * a human should look before the good backups age out.
   */
  private static ComponentStatus degrading(
      String type, String reason, String message, String faultReason) {
    return ComponentStatus.notReady(type, reason, message)
        .raising(Fault.degradesOnly(faultReason, message));
  }

  /** The last scheduled run is over (no active Job) and it did not end in a success. */
  static boolean lastScheduledRunFailed(CronJob cronJob) {
    var s = cronJob.getStatus();
    if (s == null || s.getLastScheduleTime() == null) {
      return false;
    }
    boolean running = s.getActive() != null && !s.getActive().isEmpty();
    return !running
        && (s.getLastSuccessfulTime() == null
            || s.getLastSuccessfulTime().compareTo(s.getLastScheduleTime()) < 0);
  }

  // --- helpers -----------------------------------------------------------------------------------

  static Optional<Job> newest(List<Job> jobs, Predicate<Job> filter) {
    return jobs.stream()
        .filter(filter)
        .filter(j -> Jobs.finishedAt(j) != null)
        .max(Comparator.comparing(Jobs::finishedAt));
  }

  private static String latest(Stream<String> times) {
    return times.filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
  }

  private static String human(Duration d) {
    if (d.toDays() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0 && d.toMinutesPart() == 0) {
      return d.toHours() + "h";
    }
    return d.toMinutes() + "m";
  }

  private static BackupStatus copy(BackupStatus p) {
    BackupStatus s = new BackupStatus();
    if (p != null) {
      s.setLastScheduleTime(p.getLastScheduleTime());
      s.setLastSuccessfulTime(p.getLastSuccessfulTime());
      s.setLastFailedTime(p.getLastFailedTime());
      s.setLastBackupFile(p.getLastBackupFile());
      s.setLastBackupSizeBytes(p.getLastBackupSizeBytes());
      s.setLastManualRequest(p.getLastManualRequest());
      s.setSuspectedDataLossFile(p.getSuspectedDataLossFile());
      s.setSuspectedDataLossRows(p.getSuspectedDataLossRows());
      s.setLastVerifiedTime(p.getLastVerifiedTime());
      s.setLastVerifiedFile(p.getLastVerifiedFile());
      s.setLastVerifyFailedTime(p.getLastVerifyFailedTime());
    }
    return s;
  }

  private static boolean isEmpty(BackupStatus s) {
    return Stream.of(
            s.getLastScheduleTime(),
            s.getLastSuccessfulTime(),
            s.getLastFailedTime(),
            s.getLastBackupFile(),
            s.getLastManualRequest(),
            s.getLastVerifiedTime(),
            s.getLastVerifyFailedTime())
        .allMatch(Objects::isNull);
  }
}
