package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Scheduled pg_dump (custom format) to the backup volume, by scripts/backup.sh: UTC-stamped file
 * names, versions and checksum beside each dump, retention by age. One run at a time (Forbid).
 */
public class BackupCronJobDependent extends StackDependent<CronJob> {

  public static final String BACKUP_DIR = "/backups";

  public BackupCronJobDependent() {
    super(CronJob.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.backupCronJob(stack);
  }

  /**
   * Suspended by the user, or held while a bootstrap restore is pending or running: a backup of the
   * half-restored database would become the newest dump, and its retention would prune the dumps
   * being restored from.
   */
  public static boolean suspended(SuperNovaStack stack) {
    return Boolean.TRUE.equals(stack.getSpec().getBackup().getSuspend())
        || RestoreJobDependent.pending(stack);
  }

  @Override
  protected CronJob desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new CronJobBuilder()
        .withMetadata(metadata(stack, BackupJobs.labels(stack, BackupJobs.BACKUP)))
        .withSpec(
            BackupJobs.schedule(
                stack,
                BackupJobs.BACKUP,
                stack.getSpec().getBackup().getSchedule(),
                suspended(stack),
                BackupJobs.backup(stack)))
        .build();
  }
}
