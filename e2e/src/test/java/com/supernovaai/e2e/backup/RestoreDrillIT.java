package com.supernovaai.e2e.backup;

import static com.supernovaai.e2e.backup.BackupTesting.KIND_LABEL;
import static com.supernovaai.e2e.backup.BackupTesting.SOURCE;
import static com.supernovaai.e2e.backup.BackupTesting.editBackup;
import static com.supernovaai.e2e.backup.BackupTesting.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.OperatorPerClass;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.BackupVerifySpec;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The restore drill (spec.backup.verify): its CronJob, BackupVerified before and after a drill run
 * by hand, and both gone when the drill is turned off.
 */
@ExtendWith({KubernetesClusterExtension.class, OperatorPerClass.class})
class RestoreDrillIT {

  @Test
  void restoreDrillOnScheduleAndRunByHand(KubernetesClient client, TestCluster cluster)
      throws Exception {
    SuperNovaStack stack = BackupTesting.createReady(client, SOURCE);
    assertThat(Stacks.condition(stack, "BackupVerified")).as("no drill configured").isEmpty();
    assertThat(drillCronJob(client, stack)).isNull();

    BackupVerifySpec verify = new BackupVerifySpec();
    verify.setSchedule("0 4 * * 0");
    editBackup(client, SOURCE, backup -> backup.setVerify(verify));
    BackupTesting.awaitReady(client, SOURCE);
    // What the drill runs, on which schedule and volumes: BackupJobPodsTest (operator unit tests).
    CronJob drill =
        await()
            .atMost(KubernetesClusterExtension.defaultTimeout())
            .until(() -> drillCronJob(client, stack), c -> c != null);
    assertThat(drill.getMetadata().getName()).isEqualTo(SOURCE + "-backup-verify");
    BackupTesting.assertOwnedByStack(drill, stack);

    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () -> {
              Condition c = Stacks.condition(get(client, SOURCE), "BackupVerified").orElseThrow();
              assertThat(c.getStatus()).isEqualTo("Unknown");
              assertThat(c.getReason()).isEqualTo("NotVerifiedYet");
              assertThat(c.getMessage()).contains("0 4 * * 0");
            });
    assertThat(Stacks.isReady(get(client, SOURCE)))
        .as("a drill that has not run yet does not make the stack unready")
        .isTrue();

    // The operator has no run-now switch for the drill; run it now the way a user would.
    cluster.kubectl(
        client.getNamespace(),
        "create",
        "job",
        "--from=cronjob/" + StackNames.backupVerify(stack),
        SOURCE + "-drill-by-hand");
    Job byHand =
        await()
            .atMost(KubernetesClusterExtension.defaultTimeout())
            .until(
                () -> client.batch().v1().jobs().withName(SOURCE + "-drill-by-hand").get(),
                j -> j != null && BackupTesting.isComplete(j));
    assertThat(byHand.getMetadata().getLabels())
        .containsEntry(KIND_LABEL, "verify")
        .containsEntry(Labels.INSTANCE, SOURCE);
    assertThat(byHand.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("CronJob");
              assertThat(o.getName()).isEqualTo(drill.getMetadata().getName());
            });
    assertThat(byHand.getSpec().getTemplate().getSpec().getContainers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getName()).isEqualTo("backup");
              assertThat(c.getCommand()).containsExactly("/bin/sh", "/scripts/verify.sh", "latest");
            });

    SuperNovaStack verified =
        await()
            .atMost(KubernetesClusterExtension.defaultTimeout())
            .until(() -> get(client, SOURCE), s -> Stacks.isTrue(s, "BackupVerified"));
    Condition c = Stacks.condition(verified, "BackupVerified").orElseThrow();
    assertThat(c.getReason()).isEqualTo("DrillSucceeded");
    assertThat(c.getMessage()).contains("scratch database");
    assertThat(verified.getStatus().getBackup().getLastVerifiedTime())
        .isEqualTo(byHand.getStatus().getCompletionTime());
    assertThat(verified.getStatus().getBackup().getLastVerifyFailedTime()).isNull();
    assertThat(Stacks.isReady(verified)).isTrue();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(BackupTesting.eventsOf(client, SOURCE))
                    .extracting(e -> e.getType() + "/" + e.getReason())
                    .contains("Normal/DrillSucceeded"));

    // Turning the drill off removes its CronJob and its condition.
    editBackup(client, SOURCE, backup -> backup.setVerify(null));
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () -> {
              assertThat(drillCronJob(client, stack)).isNull();
              assertThat(Stacks.condition(get(client, SOURCE), "BackupVerified")).isEmpty();
            });
  }

  private static CronJob drillCronJob(KubernetesClient client, SuperNovaStack stack) {
    return client.batch().v1().cronjobs().withName(StackNames.backupVerify(stack)).get();
  }
}
