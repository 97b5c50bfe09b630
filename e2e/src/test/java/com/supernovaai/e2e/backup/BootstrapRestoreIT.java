package com.supernovaai.e2e.backup;

import static com.supernovaai.e2e.backup.BackupTesting.KIND_LABEL;
import static com.supernovaai.e2e.backup.BackupTesting.SOURCE;
import static com.supernovaai.e2e.backup.BackupTesting.backupCronJob;
import static com.supernovaai.e2e.backup.BackupTesting.get;
import static com.supernovaai.e2e.backup.BackupTesting.isComplete;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.harness.OperatorPerClass;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.BootstrapSpec;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.FromBackupSpec;
import com.supernovaai.operator.model.LogLevel;
import com.supernovaai.operator.model.RestorePhase;
import com.supernovaai.operator.model.RestoreStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new stack that starts from another stack's latest backup: the restore Job runs once the
 * database is ready and before any API Deployment, backup Job or backup schedule of the new stack,
 * and status.restore says how it went.
 */
@ExtendWith({KubernetesClusterExtension.class, OperatorPerClass.class})
class BootstrapRestoreIT {

  /** The stack that starts from SOURCE's latest dump. */
  private static final String RESTORED = "restored";

  private static final Logger LOG = LoggerFactory.getLogger(BootstrapRestoreIT.class);

  @Test
  void newStackStartsFromTheLatestBackupBeforeItsApiExists(KubernetesClient client) {
    // The source's backup volume is all the restore reads; the source need not be Ready for it.
    SuperNovaStack source = BackupTesting.create(client, BackupTesting.stack(SOURCE));
    String sourceClaim = StackNames.backupVolume(source);
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .until(() -> client.persistentVolumeClaims().withName(sourceClaim).get() != null);

    SuperNovaStack stack = BackupTesting.stack(RESTORED);
    FromBackupSpec from = new FromBackupSpec();
    from.setClaimName(sourceClaim);
    from.setFile(FromBackupSpec.LATEST);
    BootstrapSpec bootstrap = new BootstrapSpec();
    bootstrap.setFromBackup(from);
    stack.getSpec().getDatabase().setBootstrap(bootstrap);
    // A backup asked for at once must wait for the restore: a dump of the half-restored database
    // would become "latest" on the volume being restored from.
    stack
        .getMetadata()
        .setAnnotations(new HashMap<>(Map.of(SuperNovaStack.BACKUP_NOW_ANNOTATION, "at-creation")));
    SuperNovaStack created = BackupTesting.create(client, stack);

    // Watch the order while the stack comes up: an API Deployment never exists while the restore
    // Job is missing or unfinished.
    List<String> violations = new ArrayList<>();
    Set<RestorePhase> phasesSeen = new LinkedHashSet<>();
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              // What must wait first, the restore Job last: a restore that completes between the
              // reads then cannot make an API Deployment, a backup Job or a resumed schedule that
              // came after it look as if it came before.
              List<Deployment> apis = apiDeployments(client);
              List<Job> backups = backupJobs(client);
              CronJob cron = backupCronJob(client, created);
              List<Job> restores = restoreJobs(client);
              SuperNovaStack now = get(client, RESTORED);
              if (now.getStatus() != null && now.getStatus().getRestore() != null) {
                phasesSeen.add(now.getStatus().getRestore().getPhase());
              }
              boolean restoreDone =
                  !restores.isEmpty() && restores.stream().allMatch(BackupTesting::isComplete);
              if (!restoreDone && !backups.isEmpty()) {
                violations.add(
                    Instant.now()
                        + ": backup Job "
                        + backups.get(0).getMetadata().getName()
                        + " exists while the restore is not complete");
              }
              if (!restoreDone
                  && cron != null
                  && !Boolean.TRUE.equals(cron.getSpec().getSuspend())) {
                violations.add(Instant.now() + ": backup CronJob not suspended during the restore");
              }
              if (!apis.isEmpty()
                  && (restores.isEmpty()
                      || !restores.stream().allMatch(BackupTesting::isComplete))) {
                violations.add(
                    Instant.now()
                        + ": API Deployment "
                        + apis.get(0).getMetadata().getName()
                        + " exists while the restore Job is "
                        + (restores.isEmpty() ? "absent" : "not complete"));
              }
              return Stacks.isReady(now);
            });
    assertThat(violations)
        .as(
            "API Deployments, backup Jobs or a running backup schedule seen before the restore finished")
        .isEmpty();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(backupJobs(client))
                  .as("the backup asked for during the restore runs once it succeeded")
                  .isNotEmpty();
              assertThat(backupCronJob(client, get(client, RESTORED)).getSpec().getSuspend())
                  .as("the schedule resumes")
                  .isFalse();
            });
    assertThat(phasesSeen).as("status.restore phases seen").contains(RestorePhase.Succeeded);

    SuperNovaStack ready = get(client, RESTORED);
    Job job = onlyRestoreJob(client);
    String sourceLatest = sourceClaim + "/" + FromBackupSpec.LATEST;

    // The Job ran to completion. (What it runs, reading only the source's volume and restoring
    // into this stack's own database: BackupJobPodsTest in the operator's unit tests.)
    assertThat(job.getMetadata().getName()).matches(RESTORED + "-restore-[0-9a-f]{8}");
    BackupTesting.assertOwnedByStack(job, created);
    assertThat(isComplete(job)).isTrue();
    assertThat(BackupTesting.onlyPodOf(client, job).getStatus().getPhase()).isEqualTo("Succeeded");

    // Ordering by the objects' own timestamps: database ready <= restore Job created, and
    // restore Job complete <= API Deployment created.
    Pod database = client.pods().withName(StackNames.database(ready) + "-0").get();
    Instant databaseReady =
        Instant.parse(
            database.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst()
                .orElseThrow()
                .getLastTransitionTime());
    Instant jobCreated = Instant.parse(job.getMetadata().getCreationTimestamp());
    Instant jobCompleted = Instant.parse(job.getStatus().getCompletionTime());
    Instant apiCreated =
        apiDeployments(client).stream()
            .map(d -> Instant.parse(d.getMetadata().getCreationTimestamp()))
            .min(Instant::compareTo)
            .orElseThrow();
    LOG.info(
        "Restore timeline: database ready {}, restore Job created {}, completed {}, API"
            + " Deployment created {}; status.restore phases seen {}",
        databaseReady,
        jobCreated,
        jobCompleted,
        apiCreated,
        phasesSeen);
    assertThat(jobCreated)
        .as("restore Job created after the database was ready")
        .isAfterOrEqualTo(databaseReady);
    assertThat(apiCreated)
        .as("API Deployment created after the restore completed")
        .isAfterOrEqualTo(jobCompleted);

    // Status and conditions.
    RestoreStatus status = ready.getStatus().getRestore();
    assertThat(status.getPhase()).isEqualTo(RestorePhase.Succeeded);
    assertThat(status.getSource()).isEqualTo(sourceLatest);
    assertThat(status.getJobName()).isEqualTo(job.getMetadata().getName());
    assertThat(status.getCompletionTime()).isEqualTo(job.getStatus().getCompletionTime());
    assertThat(status.getReason()).isNull();
    Condition restored = Stacks.condition(ready, "DatabaseRestored").orElseThrow();
    assertThat(restored.getStatus()).isEqualTo("True");
    assertThat(restored.getReason()).isEqualTo("Restored");
    assertThat(restored.getMessage()).contains(sourceLatest);
    assertThat(ready.getStatus().getPhase()).hasToString("Ready");
    assertThat(Stacks.isTrue(ready, "ApiReady")).isTrue();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(BackupTesting.eventsOf(client, RESTORED))
                    .extracting(e -> e.getType() + "/" + e.getReason())
                    .contains("Normal/Restored"));

    // A later reconcile (a spec change) runs no second restore: the same single Job.
    String uid = job.getMetadata().getUid();
    long generation = ready.getMetadata().getGeneration();
    Stacks.edit(client, RESTORED, s -> s.getSpec().getApi().setLogLevel(LogLevel.DEBUG));
    SuperNovaStack changed = BackupTesting.awaitReady(client, RESTORED);
    assertThat(changed.getMetadata().getGeneration()).isGreaterThan(generation);
    assertThat(changed.getStatus().getObservedGeneration())
        .isEqualTo(changed.getMetadata().getGeneration());
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(restoreJobs(client))
                    .extracting(j -> j.getMetadata().getUid())
                    .as("still the one restore Job")
                    .containsExactly(uid));
    SuperNovaStack later = get(client, RESTORED);
    assertThat(later.getStatus().getRestore().getPhase()).isEqualTo(RestorePhase.Succeeded);
    assertThat(later.getStatus().getRestore().getCompletionTime())
        .isEqualTo(status.getCompletionTime());
    assertThat(Stacks.isTrue(later, "DatabaseRestored")).isTrue();
  }

  private static List<Job> restoreJobs(KubernetesClient client) {
    return jobsOfRestored(client, "restore");
  }

  private static List<Job> backupJobs(KubernetesClient client) {
    return jobsOfRestored(client, "backup");
  }

  private static List<Job> jobsOfRestored(KubernetesClient client, String kind) {
    return client
        .batch()
        .v1()
        .jobs()
        .withLabel(Labels.INSTANCE, RESTORED)
        .withLabel(KIND_LABEL, kind)
        .list()
        .getItems();
  }

  private static Job onlyRestoreJob(KubernetesClient client) {
    List<Job> jobs = restoreJobs(client);
    assertThat(jobs).as("restore Jobs of " + RESTORED).hasSize(1);
    return jobs.get(0);
  }

  private static List<Deployment> apiDeployments(KubernetesClient client) {
    return client
        .apps()
        .deployments()
        .withLabel(Labels.INSTANCE, RESTORED)
        .withLabel(Labels.COMPONENT, Labels.COMPONENT_API)
        .list()
        .getItems();
  }
}
