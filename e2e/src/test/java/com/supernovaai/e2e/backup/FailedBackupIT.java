package com.supernovaai.e2e.backup;

import static com.supernovaai.e2e.backup.BackupTesting.BACKUP_NOW;
import static com.supernovaai.e2e.backup.BackupTesting.SOURCE;
import static com.supernovaai.e2e.backup.BackupTesting.eventsOf;
import static com.supernovaai.e2e.backup.BackupTesting.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.OperatorPerClass;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a platform engineer sees when last night's backup failed: the stack keeps serving (Ready),
 * but says Degraded with the script's own reason, in the condition, in {@code kubectl get sns} and
 * in a Warning Event; the next good backup clears it.
 */
@ExtendWith({KubernetesClusterExtension.class, OperatorPerClass.class})
class FailedBackupIT {

  @Test
  void aFailedBackupShowsOnTheStackWithoutTakingItDown(KubernetesClient client, TestCluster cluster)
      throws Exception {
    BackupTesting.createReady(client, SOURCE);
    String request = "2025-06-02T02:00:00Z";
    backUpNowWith(client, BackupTesting.FAILING_JOB_IMAGE, request);

    SuperNovaStack failed =
        await()
            .atMost(KubernetesClusterExtension.defaultTimeout())
            .until(() -> get(client, SOURCE), s -> Stacks.isTrue(s, "Degraded"));
    Condition degraded = Stacks.condition(failed, "Degraded").orElseThrow();
    assertThat(degraded.getReason()).isEqualTo("BackupFailed");
    assertThat(degraded.getMessage()).contains("DatabaseUnreachable: cannot connect to database");
    Condition backupHealthy = Stacks.condition(failed, "BackupHealthy").orElseThrow();
    assertThat(backupHealthy.getStatus()).isEqualTo("False");
    assertThat(backupHealthy.getReason()).isEqualTo("LastBackupFailed");
    assertThat(failed.getStatus().getBackup().getLastFailedTime()).isNotNull();
    assertThat(Stacks.isReady(failed)).as("a failed backup does not stop the API serving").isTrue();
    assertThat(cluster.kubectl(client.getNamespace(), "get", "sns", SOURCE))
        .containsPattern(SOURCE + "\\s+True\\s+Degraded");
    Job failedJob =
        BackupTesting.backupNowJobs(client, SOURCE).stream()
            .filter(j -> request.equals(j.getMetadata().getAnnotations().get(BACKUP_NOW)))
            .findFirst()
            .orElseThrow();
    assertThat(failedJob.getStatus().getFailed()).as("pods tried (backoffLimit 2)").isEqualTo(3);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(eventsOf(client, SOURCE))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("BackupFailed");
                          assertThat(e.getMessage()).contains("DatabaseUnreachable");
                        }));

    // Fixed: the next backup succeeds and the stack is healthy again, with an Event saying so.
    backUpNowWith(client, null, "2025-06-02T03:00:00Z");
    SuperNovaStack recovered =
        await()
            .atMost(KubernetesClusterExtension.defaultTimeout())
            .until(
                () -> get(client, SOURCE),
                s -> Stacks.isTrue(s, "BackupHealthy") && !Stacks.isTrue(s, "Degraded"));
    assertThat(recovered.getStatus().getPhase()).hasToString("Ready");
    assertThat(recovered.getStatus().getBackup().getLastSuccessfulTime())
        .isGreaterThan(recovered.getStatus().getBackup().getLastFailedTime());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(eventsOf(client, SOURCE))
                    .extracting(Event::getReason)
                    .contains("Recovered"));
  }

  /** Sets SOURCE's backup image (null: the database's) and asks for a backup with that request. */
  private static void backUpNowWith(KubernetesClient client, String image, String request) {
    BackupTesting.editBackup(client, SOURCE, backup -> backup.setImage(image));
    Stacks.annotate(client, SOURCE, BACKUP_NOW, request);
  }
}
