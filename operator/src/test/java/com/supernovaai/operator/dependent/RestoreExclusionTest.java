package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.BackupVerifySpec;
import com.supernovaai.operator.model.BootstrapSpec;
import com.supernovaai.operator.model.FromBackupSpec;
import com.supernovaai.operator.model.RestorePhase;
import com.supernovaai.operator.model.RestoreStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bootstrap restore is exclusive: while it is pending or running no scheduled backup, manual
 * backup or drill can start (a dump of the half-restored database would become "latest" on the very
 * volume being restored from, and its retention would prune the good dumps).
 */
class RestoreExclusionTest {

  @Test
  void whileARestoreIsPendingNoBackupOrDrillCanStart() {
    var stack = restoring();

    assertThat(
            new BackupCronJobDependent().desired(stack, TestContexts.with()).getSpec().getSuspend())
        .as("scheduled backups held")
        .isTrue();
    assertThat(
            new BackupVerifyCronJobDependent()
                .desired(stack, TestContexts.with())
                .getSpec()
                .getSuspend())
        .as("drills held")
        .isTrue();
    assertThat(new Preconditions.ManualBackupRequested().test(stack))
        .as("backup-now held until the restore succeeded")
        .isFalse();
  }

  @Test
  void onceTheRestoreSucceededBackupsAndTheHeldRequestRun() {
    var stack = restoring();
    var status = new SuperNovaStackStatus();
    var restore = new RestoreStatus();
    restore.setPhase(RestorePhase.Succeeded);
    status.setRestore(restore);
    stack.setStatus(status);

    assertThat(
            new BackupCronJobDependent().desired(stack, TestContexts.with()).getSpec().getSuspend())
        .isFalse();
    assertThat(
            new BackupVerifyCronJobDependent()
                .desired(stack, TestContexts.with())
                .getSpec()
                .getSuspend())
        .isFalse();
    assertThat(new Preconditions.ManualBackupRequested().test(stack)).isTrue();
  }

  @Test
  void theRestoreWaitsForABackupOrDrillStillRunning() {
    var stack = restoring();
    var condition = new Preconditions.RestorePending();

    assertThat(condition.isMet(null, stack, TestContexts.with())).isTrue();
    assertThat(condition.isMet(null, stack, TestContexts.with(job(stack, BackupJobs.BACKUP, null))))
        .as("a backup Job still running")
        .isFalse();
    assertThat(condition.isMet(null, stack, TestContexts.with(job(stack, BackupJobs.VERIFY, null))))
        .as("a drill Job still running")
        .isFalse();
    assertThat(
            condition.isMet(
                null, stack, TestContexts.with(job(stack, BackupJobs.BACKUP, "Complete"))))
        .as("a finished backup Job")
        .isTrue();
  }

  @Test
  void theDrillNeverReachesTheProductionDatabase() {
    var stack = restoring();
    var pod =
        new BackupVerifyCronJobDependent()
            .desired(stack, TestContexts.with())
            .getSpec()
            .getJobTemplate()
            .getSpec()
            .getTemplate()
            .getSpec();
    var container = pod.getContainers().get(0);
    assertThat(container.getEnv())
        .as("no address or password of the production database")
        .noneMatch(e -> e.getName().startsWith("PG"))
        .noneMatch(e -> e.getValueFrom() != null)
        .anyMatch(e -> e.getName().equals("SCRATCH_DIR") && e.getValue().equals("/scratch"));
    assertThat(container.getVolumeMounts())
        .anyMatch(m -> m.getName().equals("scratch") && m.getMountPath().equals("/scratch"));
    assertThat(pod.getVolumes())
        .anyMatch(v -> v.getName().equals("scratch") && v.getEmptyDir() != null);
  }

  @Test
  void manualBackupJobsAreRemovedADayAfterTheyFinish() {
    var stack = Stacks.minimal();
    stack.getMetadata().setAnnotations(Map.of(SuperNovaStack.BACKUP_NOW_ANNOTATION, "1"));
    var job = new ManualBackupJobDependent().desired(stack, TestContexts.with());
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(24 * 3600);
  }

  @Test
  void retentionKeepsTheLastGoodDumpsWhateverTheirAge() {
    var stack = Stacks.minimal();
    assertThat(BackupJobs.env(stack))
        .anyMatch(e -> e.getName().equals("RETENTION_KEEP_MIN") && e.getValue().equals("3"));
  }

  private static SuperNovaStack restoring() {
    var stack = Stacks.minimal();
    var from = new FromBackupSpec();
    from.setFile("latest");
    var bootstrap = new BootstrapSpec();
    bootstrap.setFromBackup(from);
    stack.getSpec().getDatabase().setBootstrap(bootstrap);
    var verify = new BackupVerifySpec();
    verify.setSchedule("0 4 * * 0");
    stack.getSpec().getBackup().setVerify(verify);
    stack.getMetadata().setAnnotations(Map.of(SuperNovaStack.BACKUP_NOW_ANNOTATION, "1"));
    return stack;
  }

  private static Job job(SuperNovaStack stack, String kind, String outcome) {
    var builder =
        new JobBuilder()
            .withNewMetadata()
            .withName(stack.getMetadata().getName() + "-" + kind + "-1")
            .withNamespace("supernova")
            .withLabels(BackupJobs.labels(stack, kind))
            .endMetadata();
    if (outcome != null) {
      builder
          .withNewStatus()
          .addNewCondition()
          .withType(outcome)
          .withStatus("True")
          .withLastTransitionTime("2025-03-12T02:00:00Z")
          .endCondition()
          .endStatus();
    }
    return builder.build();
  }
}
