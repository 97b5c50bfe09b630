package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/**
 * The restore drill (spec.backup.verify): scripts/verify.sh restores the latest dump into a scratch
 * database, checks it and drops it. Reads the backup volume only.
 */
public class BackupVerifyCronJobDependent extends StackDependent<CronJob> {

  public BackupVerifyCronJobDependent() {
    super(CronJob.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.backupVerify(stack);
  }

  @Override
  protected CronJob desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var backup = stack.getSpec().getBackup();
    var verify = backup.getVerify();
    var labels = BackupJobs.labels(stack, BackupJobs.VERIFY);
    return new CronJobBuilder()
        .withNewMetadata()
        .withName(name(stack))
        .withNamespace(StackNames.namespace(stack))
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withSchedule(verify.getSchedule())
        .withTimeZone("Etc/UTC")
        .withSuspend(
            Boolean.TRUE.equals(verify.getSuspend()) || BackupCronJobDependent.suspended(stack))
        .withConcurrencyPolicy("Forbid")
        .withStartingDeadlineSeconds(3600L)
        .withSuccessfulJobsHistoryLimit(backup.getSuccessfulJobsHistoryLimit())
        .withFailedJobsHistoryLimit(backup.getFailedJobsHistoryLimit())
        .withNewJobTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withSpec(
            BackupJobs.spec(
                stack,
                BackupJobs.VERIFY,
                List.of("/bin/sh", "/scripts/" + Scripts.VERIFY, "latest"),
                BackupJobs.env(stack),
                StackNames.backupVolume(stack),
                true,
                12 * 3600L))
        .endJobTemplate()
        .endSpec()
        .build();
  }
}
