package com.supernovaai.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.dependent.BackupJobs;
import com.supernovaai.operator.dependent.RestoreJobDependent;
import com.supernovaai.operator.dependent.TestContexts;
import com.supernovaai.operator.model.BackupVerifySpec;
import com.supernovaai.operator.model.BootstrapSpec;
import com.supernovaai.operator.model.FromBackupSpec;
import com.supernovaai.operator.model.RestorePhase;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.Fault;
import com.supernovaai.operator.status.StackStatusBuilder;
import com.supernovaai.operator.status.StatusConditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupObserverTest {

  private static final Instant NOW = Instant.parse("2025-03-12T10:30:00Z");

  @Test
  void backupStatusComesFromScheduledAndManualJobsAndTheirResults() {
    var stack = Stacks.minimal();
    var context =
        TestContexts.with(
            cronJob(stack, "2025-03-01T00:00:00Z"),
            job(stack, "prod-backup-29001", BackupJobs.BACKUP, "Complete", "2025-03-12T02:01:00Z"),
            pod(
                "prod-backup-29001",
                "{\"result\":\"Succeeded\",\"file\":\"prod-supernova-20250312T020000Z.dump\",\"sizeBytes\":123}"),
            job(stack, "prod-backup-29000", BackupJobs.BACKUP, "Failed", "2025-03-11T02:01:00Z"));

    var status = BackupObserver.backupStatus(stack, context);

    assertThat(status.getLastSuccessfulTime()).isEqualTo("2025-03-12T02:01:00Z");
    assertThat(status.getLastFailedTime()).isEqualTo("2025-03-11T02:01:00Z");
    assertThat(status.getLastBackupFile()).isEqualTo("prod-supernova-20250312T020000Z.dump");
    assertThat(status.getLastBackupSizeBytes()).isEqualTo(123L);
    assertThat(BackupObserver.observe(stack, context, NOW).health().ready()).isTrue();
  }

  @Test
  void aFailedLastBackupIsUnhealthyWithTheScriptsReason() {
    var stack = Stacks.minimal();
    var context =
        TestContexts.with(
            cronJob(stack, "2025-03-01T00:00:00Z"),
            job(stack, "prod-backup-1", BackupJobs.BACKUP, "Complete", "2025-03-11T02:01:00Z"),
            job(stack, "prod-backup-2", BackupJobs.BACKUP, "Failed", "2025-03-12T02:01:00Z"),
            pod(
                "prod-backup-2",
                "{\"result\":\"Failed\",\"reason\":\"BackupVolumeFull\",\"message\":\"backup volume /backups is full\"}"));

    var health = BackupObserver.observe(stack, context, NOW).health();

    assertThat(health.ready()).isFalse();
    assertThat(health.reason()).isEqualTo("LastBackupFailed");
    assertThat(health.message()).contains("BackupVolumeFull: backup volume /backups is full");
    // The stack keeps serving: the fault degrades it but does not block Ready.
    assertThat(health.fault().reason()).isEqualTo("BackupFailed");
    assertThat(health.fault().severity()).isEqualTo(Fault.Severity.DEGRADES_ONLY);
  }

  @Test
  void noSuccessForTwoSchedulePeriodsIsOverdue() {
    var stack = Stacks.minimal(); // daily at 02:00
    var status = new SuperNovaStackStatus();
    var backup = new com.supernovaai.operator.model.BackupStatus();
    backup.setLastSuccessfulTime("2025-03-10T02:05:00Z");
    status.setBackup(backup);
    stack.setStatus(status);

    var health =
        BackupObserver.observe(
                stack, TestContexts.with(cronJob(stack, "2025-01-01T00:00:00Z")), NOW)
            .health();

    assertThat(health.ready()).isFalse();
    assertThat(health.reason()).isEqualTo("BackupOverdue");
    assertThat(health.message()).contains("since 2025-03-10T02:05:00Z").contains("every 1d");
    // One day later than the success is fine.
    assertThat(
            BackupObserver.observe(
                    stack,
                    TestContexts.with(cronJob(stack, "2025-01-01T00:00:00Z")),
                    Instant.parse("2025-03-11T10:00:00Z"))
                .health()
                .ready())
        .isTrue();
  }

  @Test
  void aSparseScheduleIsOverdueOnceTwoOfItsRunsPassedWithoutSuccess() {
    var stack = Stacks.minimal();
    stack.getSpec().getBackup().setSchedule("0 3 29 2 *"); // every four years
    var status = new SuperNovaStackStatus();
    var backup = new com.supernovaai.operator.model.BackupStatus();
    backup.setLastSuccessfulTime("2016-03-01T03:05:00Z");
    status.setBackup(backup);
    stack.setStatus(status);
    var context = TestContexts.with(cronJob(stack, "2016-01-01T00:00:00Z"));

    // Runs missed on 2020-02-29 and 2024-02-29.
    var health = BackupObserver.observe(stack, context, NOW).health();
    assertThat(health.ready()).isFalse();
    assertThat(health.reason()).isEqualTo("BackupOverdue");
    // One missed run (2020-02-29) is not yet two periods.
    assertThat(
            BackupObserver.observe(stack, context, Instant.parse("2021-06-01T00:00:00Z"))
                .health()
                .ready())
        .isTrue();
  }

  @Test
  void backupsHeldForAPendingRestoreAreNotAFault() {
    var stack = restoring();
    var health = BackupObserver.observe(stack, TestContexts.with(), NOW).health();
    assertThat(health.ready()).isTrue();
    assertThat(health.reason()).isEqualTo("HeldForRestore");
  }

  @Test
  void aDumpWithFarFewerRowsThanTheOneBeforeIsFlaggedAndUnhealthy() {
    var stack = Stacks.minimal();
    var context =
        TestContexts.with(
            cronJob(stack, "2025-03-01T00:00:00Z"),
            job(stack, "prod-backup-29001", BackupJobs.BACKUP, "Complete", "2025-03-12T02:01:00Z"),
            pod(
                "prod-backup-29001",
                "{\"result\":\"Succeeded\",\"file\":\"prod-supernova-20250312T020000Z.dump\","
                    + "\"sentimentDataRows\":0,\"previousSentimentDataRows\":1000000,"
                    + "\"suspectedDataLoss\":true}"));

    var backup = BackupObserver.backupStatus(stack, context);
    assertThat(backup.getSuspectedDataLossFile()).isEqualTo("prod-supernova-20250312T020000Z.dump");
    assertThat(backup.getSuspectedDataLossRows()).isEqualTo("1000000 -> 0");
    var health = BackupObserver.observe(stack, context, NOW).health();
    assertThat(health.ready()).isFalse();
    assertThat(health.reason()).isEqualTo("SuspectedDataLoss");
    assertThat(health.message()).contains("1000000 -> 0").contains("kept");
  }

  @Test
  void theRestoredFileIsRecordedFromTheFirstAttemptWhileRetriesRun() {
    var stack = restoring();
    stack.setStatus(new SuperNovaStackStatus());
    String name = RestoreJobDependent.name(stack);
    var running =
        new JobBuilder(job(stack, name, BackupJobs.RESTORE, "Complete", "2025-03-12T10:00:00Z"))
            .editStatus()
            .withCompletionTime(null)
            .withConditions()
            .endStatus()
            .build();
    var context =
        TestContexts.with(
            running,
            pod(
                name,
                "{\"result\":\"Failed\",\"reason\":\"DatabaseUnreachable\","
                    + "\"file\":\"prod-supernova-20250301T020000Z.dump\",\"message\":\"x\"}"));

    var restore = RestoreObserver.observe(stack, context);
    assertThat(restore.getPhase()).isEqualTo(RestorePhase.Running);
    assertThat(restore.getFile()).isEqualTo("prod-supernova-20250301T020000Z.dump");
  }

  @Test
  void restoreIsPendingRunningThenFailedWithTheRefusalReason() {
    var stack = restoring();
    var status = new SuperNovaStackStatus();
    stack.setStatus(status);
    String name = RestoreJobDependent.name(stack);

    status = reported(stack, TestContexts.with());
    assertThat(status.getRestore().getPhase()).isEqualTo(RestorePhase.Pending);
    assertThat(condition(status, ConditionTypes.DATABASE_RESTORED).getReason())
        .isEqualTo("RestorePending");

    var failed = job(stack, name, BackupJobs.RESTORE, "Failed", "2025-03-12T10:00:00Z");
    var context =
        TestContexts.with(
            failed,
            pod(
                name,
                "{\"result\":\"Failed\",\"reason\":\"NewerVersion\",\"message\":\"x.dump was dumped from PostgreSQL 17.2\"}"));
    status = reported(stack, context);
    assertThat(status.getRestore().getPhase()).isEqualTo(RestorePhase.Failed);
    assertThat(status.getRestore().getReason()).isEqualTo("NewerVersion");
    assertThat(condition(status, ConditionTypes.DATABASE_RESTORED).getStatus()).isEqualTo("False");
    assertThat(
            RestoreObserver.fault(RestoreObserver.observe(stack, context)).orElseThrow().reason())
        .isEqualTo("NewerVersion");
    assertThat(RestoreJobDependent.done(stack, context)).isFalse();
  }

  @Test
  void aSucceededRestoreIsRememberedAndOpensTheGate() {
    var stack = restoring();
    var status = new SuperNovaStackStatus();
    stack.setStatus(status);
    String name = RestoreJobDependent.name(stack);
    var context =
        TestContexts.with(
            job(stack, name, BackupJobs.RESTORE, "Complete", "2025-03-12T10:00:00Z"),
            pod(
                name,
                "{\"result\":\"Succeeded\",\"file\":\"prod-supernova-20250312T020000Z.dump\",\"sentimentDataRows\":1000}"));
    assertThat(RestoreJobDependent.done(stack, context)).isTrue();

    status = reported(stack, context);
    assertThat(status.getRestore().getPhase()).isEqualTo(RestorePhase.Succeeded);
    assertThat(status.getRestore().getFile()).isEqualTo("prod-supernova-20250312T020000Z.dump");
    assertThat(condition(status, ConditionTypes.DATABASE_RESTORED).getStatus()).isEqualTo("True");

    // The Job is gone (deleted by hand): status still says Succeeded, so nothing runs again.
    var next = reported(stack, TestContexts.with());
    assertThat(next.getRestore().getPhase()).isEqualTo(RestorePhase.Succeeded);
    assertThat(RestoreJobDependent.pending(stack)).isFalse();
  }

  @Test
  void drillResultIsTheBackupVerifiedCondition() {
    var stack = Stacks.minimal();
    var verify = new BackupVerifySpec();
    verify.setSchedule("0 4 * * 0");
    stack.getSpec().getBackup().setVerify(verify);

    var none = reported(stack, TestContexts.with());
    assertThat(condition(none, ConditionTypes.BACKUP_VERIFIED).getStatus()).isEqualTo("Unknown");

    var failed =
        reported(
            stack,
            TestContexts.with(
                job(
                    stack,
                    "prod-backup-verify-1",
                    BackupJobs.VERIFY,
                    "Failed",
                    "2025-03-09T04:10:00Z"),
                pod(
                    "prod-backup-verify-1",
                    "{\"result\":\"Failed\",\"reason\":\"CorruptBackup\",\"message\":\"checksum mismatch\"}")));
    var c = condition(failed, ConditionTypes.BACKUP_VERIFIED);
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("CorruptBackup");
    assertThat(c.getMessage()).contains("checksum mismatch");

    var context =
        TestContexts.with(
            job(
                stack,
                "prod-backup-verify-2",
                BackupJobs.VERIFY,
                "Complete",
                "2025-03-10T04:10:00Z"));
    var ok = reported(stack, context);
    assertThat(condition(ok, ConditionTypes.BACKUP_VERIFIED).getReason())
        .isEqualTo("DrillSucceeded");
    stack.setStatus(ok);
    assertThat(BackupObserver.backupStatus(stack, context).getLastVerifiedTime())
        .isEqualTo("2025-03-10T04:10:00Z");
  }

  /** The restore and drill part of the status a reconciliation reports, kept as the stack's. */
  private static SuperNovaStackStatus reported(
      SuperNovaStack stack, Context<SuperNovaStack> context) {
    var builder = StackStatusBuilder.of(stack, NOW);
    RestoreObserver.report(RestoreObserver.observe(stack, context), builder);
    DrillObserver.report(stack, context, builder);
    var status = builder.build();
    stack.setStatus(status);
    return status;
  }

  private static SuperNovaStack restoring() {
    var stack = Stacks.minimal();
    var bootstrap = new BootstrapSpec();
    bootstrap.setFromBackup(new FromBackupSpec());
    stack.getSpec().getDatabase().setBootstrap(bootstrap);
    return stack;
  }

  private static com.supernovaai.operator.model.Condition condition(
      SuperNovaStackStatus s, String type) {
    return StatusConditions.find(s.getConditions(), type).orElseThrow();
  }

  private static CronJob cronJob(SuperNovaStack stack, String created) {
    return new CronJobBuilder()
        .withNewMetadata()
        .withName(StackNames.backup(stack))
        .withNamespace("supernova")
        .withCreationTimestamp(created)
        .endMetadata()
        .build();
  }

  private static Job job(
      SuperNovaStack stack, String name, String kind, String outcome, String at) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("supernova")
        .withLabels(BackupJobs.labels(stack, kind))
        .withCreationTimestamp(at)
        .endMetadata()
        .withNewStatus()
        .withStartTime(at)
        .withCompletionTime("Complete".equals(outcome) ? at : null)
        .addNewCondition()
        .withType(outcome)
        .withStatus("True")
        .withLastTransitionTime(at)
        .withMessage(
            outcome.equals("Failed") ? "Job has reached the specified backoff limit" : null)
        .endCondition()
        .endStatus()
        .build();
  }

  private static HasMetadata pod(String jobName, String terminationMessage) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(jobName + "-abcde")
            .withNamespace("supernova")
            .addToLabels("job-name", jobName)
            .withCreationTimestamp("2025-03-12T00:00:00Z")
            .endMetadata()
            .withNewStatus()
            .addNewContainerStatus()
            .withName(BackupJobs.CONTAINER)
            .withNewState()
            .withNewTerminated()
            .withExitCode(0)
            .withMessage(terminationMessage)
            .endTerminated()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();
    return pod;
  }

  @SuppressWarnings("unused")
  private static List<HasMetadata> none() {
    return List.of();
  }
}
