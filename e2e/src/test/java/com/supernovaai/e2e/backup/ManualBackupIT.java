package com.supernovaai.e2e.backup;

import static com.supernovaai.e2e.backup.BackupTesting.BACKUP_NOW;
import static com.supernovaai.e2e.backup.BackupTesting.SOURCE;
import static com.supernovaai.e2e.backup.BackupTesting.assertOwnedByStack;
import static com.supernovaai.e2e.backup.BackupTesting.backupNowJobs;
import static com.supernovaai.e2e.backup.BackupTesting.get;
import static com.supernovaai.e2e.backup.BackupTesting.isComplete;
import static com.supernovaai.e2e.harness.Stacks.annotate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.harness.OperatorPerClass;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A backup asked for with the backup-now annotation: one Job per annotation value, run to
 * completion by the cluster, its result in status; a value already served is never served again.
 */
@ExtendWith({KubernetesClusterExtension.class, OperatorPerClass.class})
class ManualBackupIT {

  @Test
  void backupNowAnnotationRunsOneBackupJobPerValue(KubernetesClient client) {
    SuperNovaStack stack = BackupTesting.createReady(client, SOURCE);
    // Ready does not wait for the backup CronJob to be seen: BackupHealthy leaves Pending with the
    // stack's next progress write, up to 15 s later (StatusWrites), still before any backup.
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(Stacks.isTrue(get(client, SOURCE), "BackupHealthy"))
                    .as("BackupHealthy before any backup")
                    .isTrue());
    assertThat(backupNowJobs(client, SOURCE)).as("no backup Job before it is asked for").isEmpty();
    assertThat(client.persistentVolumeClaims().withName(StackNames.backupVolume(stack)).get())
        .as("the backup volume")
        .isNotNull();

    // kubectl annotate sns source ops.supernova-ai.com/backup-now=<time>
    String request = "2025-06-01T12:00:00Z";
    annotate(client, SOURCE, BACKUP_NOW, request);

    Job job = awaitOnlyCompletedBackupNowJob(client);
    assertThat(job.getMetadata().getName()).matches(SOURCE + "-backup-now-[0-9a-f]{8}");
    assertThat(job.getMetadata().getAnnotations()).containsEntry(BACKUP_NOW, request);
    assertOwnedByStack(job, stack);
    assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(job.getStatus().getCompletionTime()).isNotNull();

    // The pod ran on the (kwok) node and ended with exit code 0. (What it runs, with which
    // settings and volumes: BackupJobPodsTest in the operator's unit tests.)
    Pod pod = BackupTesting.onlyPodOf(client, job);
    assertThat(pod.getSpec().getNodeName()).isNotBlank();
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(
            pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode())
        .isZero();

    SuperNovaStack after =
        await()
            .atMost(KubernetesClusterExtension.defaultTimeout())
            .until(
                () -> get(client, SOURCE),
                s ->
                    s.getStatus().getBackup() != null
                        && request.equals(s.getStatus().getBackup().getLastManualRequest())
                        && s.getStatus().getBackup().getLastSuccessfulTime() != null);
    var backupStatus = after.getStatus().getBackup();
    assertThat(backupStatus.getLastSuccessfulTime()).isEqualTo(job.getStatus().getCompletionTime());
    assertThat(backupStatus.getLastScheduleTime()).isNotNull();
    assertThat(backupStatus.getLastFailedTime()).isNull();
    Condition healthy = Stacks.condition(after, "BackupHealthy").orElseThrow();
    assertThat(healthy.getStatus()).isEqualTo("True");
    assertThat(healthy.getReason()).isEqualTo("Scheduled");
    assertThat(healthy.getMessage()).contains(backupStatus.getLastSuccessfulTime());
    assertThat(Stacks.isReady(after)).isTrue();

    // The same value again runs nothing: a forced reconcile, then the annotation removed and put
    // back with the same value (status.backup.lastManualRequest remembers it).
    annotate(client, SOURCE, "supernova.test/poke", Instant.now().toString());
    annotate(client, SOURCE, BACKUP_NOW, null);
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .until(() -> annotation(get(client, SOURCE), BACKUP_NOW) == null);
    annotate(client, SOURCE, BACKUP_NOW, request);
    String jobName = job.getMetadata().getName();
    String jobUid = job.getMetadata().getUid();
    holdsFor8Seconds(
        () ->
            assertThat(backupNowJobs(client, SOURCE))
                .extracting(j -> j.getMetadata().getName() + "/" + j.getMetadata().getUid())
                .as("the same request value runs no second backup")
                .containsExactly(jobName + "/" + jobUid));
    assertThat(get(client, SOURCE).getStatus().getBackup().getLastManualRequest())
        .isEqualTo(request);

    // Even once its Job is gone (deleted by hand here; nothing prunes it in this test), that
    // value does not run again: status.backup.lastManualRequest remembers it.
    client.batch().v1().jobs().withName(jobName).delete();
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .until(() -> client.batch().v1().jobs().withName(jobName).get() == null);
    annotate(client, SOURCE, "supernova.test/poke", Instant.now().toString());
    holdsFor8Seconds(
        () ->
            assertThat(backupNowJobs(client, SOURCE))
                .as("a served request value is not served again after its Job is gone")
                .isEmpty());
    SuperNovaStack served = get(client, SOURCE);
    assertThat(served.getStatus().getBackup().getLastManualRequest()).isEqualTo(request);
    assertThat(served.getStatus().getBackup().getLastSuccessfulTime())
        .as("kept after the Job is gone")
        .isEqualTo(job.getStatus().getCompletionTime());

    // A new value is a new request: a Job of another name.
    String second = "2025-06-01T13:00:00Z";
    annotate(client, SOURCE, BACKUP_NOW, second);
    Job secondJob = awaitOnlyCompletedBackupNowJob(client);
    assertThat(secondJob.getMetadata().getName())
        .matches(SOURCE + "-backup-now-[0-9a-f]{8}")
        .isNotEqualTo(jobName);
    assertThat(secondJob.getMetadata().getAnnotations()).containsEntry(BACKUP_NOW, second);
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () -> {
              var b = get(client, SOURCE).getStatus().getBackup();
              assertThat(b.getLastManualRequest()).isEqualTo(second);
              assertThat(b.getLastSuccessfulTime())
                  .isEqualTo(secondJob.getStatus().getCompletionTime());
            });
  }

  private static Job awaitOnlyCompletedBackupNowJob(KubernetesClient client) {
    return await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .until(
            () -> backupNowJobs(client, SOURCE),
            jobs -> jobs.size() == 1 && isComplete(jobs.get(0)))
        .get(0);
  }

  /** Nothing happening takes a while to show: the assertion must hold for 8 s on end. */
  private static void holdsFor8Seconds(ThrowingRunnable assertion) {
    await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20)).untilAsserted(assertion);
  }

  private static String annotation(SuperNovaStack stack, String key) {
    return Optional.ofNullable(stack.getMetadata().getAnnotations())
        .map(a -> a.get(key))
        .orElse(null);
  }
}
