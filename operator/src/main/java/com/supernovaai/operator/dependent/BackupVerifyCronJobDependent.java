package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
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

  /** Where the drill's own PostgreSQL lives: an emptyDir that goes with the pod. */
  static final String SCRATCH_DIR = "/scratch";

  /**
   * The drill restores into a scratch PostgreSQL of its own, in an emptyDir of its pod: it never
   * touches the production server or its volume (so it gets no address or password of it), and a
   * drill killed mid-way leaves nothing behind.
   */
  static JobSpec drill(SuperNovaStack stack) {
    var spec =
        BackupJobs.spec(
            stack,
            BackupJobs.VERIFY,
            List.of("/bin/sh", "/scripts/" + Scripts.VERIFY, "latest"),
            List.of(
                EnvVars.of("STACK_NAME", StackNames.stack(stack)),
                EnvVars.of("BACKUP_DIR", BackupCronJobDependent.BACKUP_DIR),
                EnvVars.of("SCRATCH_DIR", SCRATCH_DIR)),
            StackNames.backupVolume(stack),
            true,
            12 * 3600L);
    return new JobSpecBuilder(spec)
        .editTemplate()
        .editSpec()
        .editFirstContainer()
        .addNewVolumeMount()
        .withName("scratch")
        .withMountPath(SCRATCH_DIR)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("scratch")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .build();
  }

  @Override
  protected CronJob desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var verify = stack.getSpec().getBackup().getVerify();
    return new CronJobBuilder()
        .withMetadata(metadata(stack, BackupJobs.labels(stack, BackupJobs.VERIFY)))
        .withSpec(
            BackupJobs.schedule(
                stack,
                BackupJobs.VERIFY,
                verify.getSchedule(),
                Boolean.TRUE.equals(verify.getSuspend()) || BackupCronJobDependent.suspended(stack),
                drill(stack)))
        .build();
  }
}
