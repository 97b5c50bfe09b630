package com.supernovaai.e2e.backup;

import static com.supernovaai.e2e.backup.BackupTesting.SOURCE;
import static com.supernovaai.e2e.backup.BackupTesting.awaitReady;
import static com.supernovaai.e2e.backup.BackupTesting.backupCronJob;
import static com.supernovaai.e2e.backup.BackupTesting.editBackup;
import static com.supernovaai.e2e.backup.BackupTesting.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.harness.OperatorPerClass;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scheduled backup: a CronJob owned by the stack that follows the user's edits of spec.backup
 * (schedule, history limits, suspend), and BackupHealthy saying whether it runs.
 */
@ExtendWith({KubernetesClusterExtension.class, OperatorPerClass.class})
class BackupScheduleIT {

  @Test
  void backupCronJobFollowsTheSpecAndSuspendStopsIt(KubernetesClient client) {
    SuperNovaStack stack = BackupTesting.createReady(client, SOURCE);
    // What the CronJob runs and its defaults: BackupDependentsTest and BackupJobPodsTest.
    CronJob cronJob = backupCronJob(client, stack);
    assertThat(cronJob).as("the backup CronJob").isNotNull();
    BackupTesting.assertOwnedByStack(cronJob, stack);

    // A user's changes reach the CronJob: schedule, history limits, suspend.
    editBackup(
        client,
        SOURCE,
        backup -> {
          backup.setSchedule("30 1 * * *");
          backup.setSuccessfulJobsHistoryLimit(5);
          backup.setFailedJobsHistoryLimit(1);
          backup.setSuspend(true);
        });
    awaitReady(client, SOURCE);
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () -> {
              CronJob c = backupCronJob(client, stack);
              assertThat(c.getSpec().getSuspend()).as("suspended").isTrue();
              assertThat(c.getSpec().getSchedule()).isEqualTo("30 1 * * *");
              assertThat(c.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(5);
              assertThat(c.getSpec().getFailedJobsHistoryLimit()).isEqualTo(1);
              assertThat(c.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
              Condition healthy = Stacks.condition(get(client, SOURCE), "BackupHealthy").get();
              assertThat(healthy.getStatus()).isEqualTo("True");
              assertThat(healthy.getReason()).isEqualTo("Suspended");
            });

    editBackup(client, SOURCE, backup -> backup.setSuspend(false));
    awaitReady(client, SOURCE);
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () -> {
              assertThat(backupCronJob(client, stack).getSpec().getSuspend())
                  .as("resumed")
                  .isFalse();
              assertThat(Stacks.condition(get(client, SOURCE), "BackupHealthy").get().getReason())
                  .isEqualTo("Scheduled");
            });
  }
}
