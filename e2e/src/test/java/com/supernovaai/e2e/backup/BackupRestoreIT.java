package com.supernovaai.e2e.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension.TestNamespace;
import com.supernovaai.e2e.cluster.LocalControlPlane;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.BackupVerifySpec;
import com.supernovaai.operator.model.BootstrapSpec;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.FromBackupSpec;
import com.supernovaai.operator.model.LogLevel;
import com.supernovaai.operator.model.RestorePhase;
import com.supernovaai.operator.model.RestoreStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups, the bootstrap restore and the restore drill as a user sees them on the real control
 * plane: the Job and CronJob objects the operator makes, the conditions and the status fields.
 *
 * <p>kwok plays the kubelet: Job pods are scheduled, run and end with exit code 0, but no script
 * runs (the scripts are proven against the real PostgreSQL by the operator's proof tests). So a Job
 * here succeeds and its pod carries no termination message: the fields that come from the script's
 * result line (dump file name and size, restored row count) stay empty, and this test asserts what
 * kwok makes observable: Jobs, their completion, and what the operator derives from it. The one
 * exception is {@link #FAILING_JOB_IMAGE}: its pods fail with a script's failure line.
 */
@ExtendWith(KubernetesClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreIT {

  /** The stack whose backups the others use. */
  private static final String SOURCE = "source";

  /** The stack that starts from SOURCE's latest dump. */
  private static final String RESTORED = "restored";

  private static final String BACKUP_NOW = SuperNovaStack.BACKUP_NOW_ANNOTATION;
  private static final String KIND_LABEL = SuperNovaStack.GROUP + "/backup-job";

  /**
   * Job pods of this image fail on the local control plane, with the termination message the backup
   * scripts write when the database does not answer (KWOK_FAILING_JOB_IMAGE in
   * e2e/cluster/local-cluster).
   */
  private static final String FAILING_JOB_IMAGE = "registry.invalid/supernova-test/job-fails:1";

  private static final Logger LOG = LoggerFactory.getLogger(BackupRestoreIT.class);

  private static InProcessOperator operator;

  @BeforeAll
  static void startOperator(TestCluster cluster, TestNamespace namespace) {
    operator = InProcessOperator.start(cluster, namespace.name());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  @Order(1)
  void backupNowAnnotationRunsOneBackupJobPerValue(KubernetesClient client) {
    SuperNovaStack stack = Stacks.withBackupAwayFromNow(Stacks.loadExample("minimal.yaml"));
    stack.getMetadata().setName(SOURCE);
    stack = awaitReady(client, create(client, stack));
    assertThat(Stacks.isTrue(stack, "BackupHealthy"))
        .as("BackupHealthy before any backup")
        .isTrue();
    assertThat(backupNowJobs(client)).as("no backup Job before it is asked for").isEmpty();
    assertThat(client.persistentVolumeClaims().withName(StackNames.backupVolume(stack)).get())
        .as("the backup volume")
        .isNotNull();

    // kubectl annotate sns source ops.supernova-ai.com/backup-now=<time>
    String request = "2025-06-01T12:00:00Z";
    annotate(client, SOURCE, BACKUP_NOW, request);

    Job job = awaitOnlyCompletedBackupNowJob(client);
    assertThat(job.getMetadata().getName()).matches(SOURCE + "-backup-now-[0-9a-f]{8}");
    assertThat(job.getMetadata().getAnnotations()).containsEntry(BACKUP_NOW, request);
    assertThat(job.getMetadata().getLabels())
        .containsEntry(KIND_LABEL, "backup")
        .containsEntry(Labels.INSTANCE, SOURCE)
        .containsEntry(Labels.COMPONENT, Labels.COMPONENT_BACKUP)
        .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR);
    assertOwnedByStack(job, stack);
    assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(job.getStatus().getCompletionTime()).isNotNull();
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");

    // The pod ran on the (kwok) node and ended with exit code 0.
    Pod pod = onlyPodOf(client, job);
    assertThat(pod.getSpec().getNodeName()).isNotBlank();
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(
            pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode())
        .isZero();

    // What runs: scripts/backup.sh in the database image against the stack's own database,
    // writing to the backup volume.
    PodSpec podSpec = job.getSpec().getTemplate().getSpec();
    Container backup = onlyContainer(podSpec);
    assertThat(backup.getImage()).isEqualTo(stack.getSpec().getDatabase().getImage());
    assertThat(backup.getCommand()).containsExactly("/bin/sh", "/scripts/backup.sh");
    assertLibpqEnv(backup, stack);
    assertThat(env(backup))
        .containsEntry("BACKUP_DIR", "/backups")
        .containsEntry("RETENTION_DAYS", "30")
        .containsEntry("STACK_NAME", SOURCE);
    assertThat(claimOf(podSpec, backup, "/backups")).isEqualTo(StackNames.backupVolume(stack));
    assertThat(mount(backup, "/backups").getReadOnly()).as("a backup writes").isNotEqualTo(true);
    assertThat(configMapOf(podSpec, backup, "/scripts")).isEqualTo(StackNames.backupScripts(stack));
    // ... exactly the pod of a scheduled backup.
    CronJob cronJob =
        client.batch().v1().cronjobs().withName(StackNames.backupCronJob(stack)).get();
    assertThat(podSpec)
        .usingRecursiveComparison()
        .isEqualTo(cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());

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
    await()
        .during(Duration.ofSeconds(8))
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(backupNowJobs(client))
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
    await()
        .during(Duration.ofSeconds(8))
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(backupNowJobs(client))
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

  @Test
  @Order(2)
  void backupCronJobFollowsTheSpecAndSuspendStopsIt(KubernetesClient client) {
    SuperNovaStack stack = get(client, SOURCE);
    CronJob cronJob =
        client.batch().v1().cronjobs().withName(StackNames.backupCronJob(stack)).get();
    assertThat(cronJob.getSpec().getSchedule())
        .isEqualTo(stack.getSpec().getBackup().getSchedule());
    assertThat(cronJob.getSpec().getTimeZone()).isEqualTo("Etc/UTC");
    assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(cronJob.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(3);
    assertThat(cronJob.getSpec().getFailedJobsHistoryLimit()).isEqualTo(3);
    assertThat(cronJob.getSpec().getSuspend()).isFalse();
    assertOwnedByStack(cronJob, stack);
    assertThat(cronJob.getSpec().getJobTemplate().getMetadata().getLabels())
        .containsEntry(KIND_LABEL, "backup")
        .containsEntry(Labels.INSTANCE, SOURCE);

    // A user's changes reach the CronJob: schedule, history limits, suspend.
    editSpec(
        client,
        SOURCE,
        s -> {
          s.getSpec().getBackup().setSchedule("30 1 * * *");
          s.getSpec().getBackup().setSuccessfulJobsHistoryLimit(5);
          s.getSpec().getBackup().setFailedJobsHistoryLimit(1);
          s.getSpec().getBackup().setSuspend(true);
          return s;
        });
    awaitReady(client, SOURCE);
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () -> {
              CronJob c =
                  client.batch().v1().cronjobs().withName(StackNames.backupCronJob(stack)).get();
              assertThat(c.getSpec().getSuspend()).as("suspended").isTrue();
              assertThat(c.getSpec().getSchedule()).isEqualTo("30 1 * * *");
              assertThat(c.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(5);
              assertThat(c.getSpec().getFailedJobsHistoryLimit()).isEqualTo(1);
              assertThat(c.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
              Condition healthy = Stacks.condition(get(client, SOURCE), "BackupHealthy").get();
              assertThat(healthy.getStatus()).isEqualTo("True");
              assertThat(healthy.getReason()).isEqualTo("Suspended");
            });

    editSpec(
        client,
        SOURCE,
        s -> {
          s.getSpec().getBackup().setSuspend(false);
          return s;
        });
    awaitReady(client, SOURCE);
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .batch()
                          .v1()
                          .cronjobs()
                          .withName(StackNames.backupCronJob(stack))
                          .get()
                          .getSpec()
                          .getSuspend())
                  .as("resumed")
                  .isFalse();
              assertThat(Stacks.condition(get(client, SOURCE), "BackupHealthy").get().getReason())
                  .isEqualTo("Scheduled");
            });
  }

  @Test
  @Order(3)
  void newStackStartsFromTheLatestBackupBeforeItsApiExists(KubernetesClient client) {
    String sourceClaim = StackNames.backupVolume(get(client, SOURCE));
    SuperNovaStack stack = Stacks.withBackupAwayFromNow(Stacks.loadExample("minimal.yaml"));
    stack.getMetadata().setName(RESTORED);
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
        .setAnnotations(
            new java.util.HashMap<>(Map.of(SuperNovaStack.BACKUP_NOW_ANNOTATION, "at-creation")));
    SuperNovaStack created = create(client, stack);

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
              List<Job> backups = backupJobsOf(client, RESTORED);
              CronJob cron =
                  client.batch().v1().cronjobs().withName(StackNames.backupCronJob(created)).get();
              List<Job> restores = restoreJobs(client);
              SuperNovaStack now = get(client, RESTORED);
              if (now.getStatus() != null && now.getStatus().getRestore() != null) {
                phasesSeen.add(now.getStatus().getRestore().getPhase());
              }
              boolean restoreDone =
                  !restores.isEmpty() && restores.stream().allMatch(this::isComplete);
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
                  && (restores.isEmpty() || !restores.stream().allMatch(this::isComplete))) {
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
              assertThat(backupJobsOf(client, RESTORED))
                  .as("the backup asked for during the restore runs once it succeeded")
                  .isNotEmpty();
              assertThat(
                      client
                          .batch()
                          .v1()
                          .cronjobs()
                          .withName(StackNames.backupCronJob(get(client, RESTORED)))
                          .get()
                          .getSpec()
                          .getSuspend())
                  .as("the schedule resumes")
                  .isFalse();
            });
    assertThat(phasesSeen).as("status.restore phases seen").contains(RestorePhase.Succeeded);

    SuperNovaStack ready = get(client, RESTORED);
    Job job = onlyRestoreJob(client);
    String sourceLatest = sourceClaim + "/" + FromBackupSpec.LATEST;

    // The Job: scripts/restore.sh latest, reading (only) the source stack's backup volume and
    // restoring into this stack's own database.
    assertThat(job.getMetadata().getName()).matches(RESTORED + "-restore-[0-9a-f]{8}");
    assertOwnedByStack(job, created);
    assertThat(job.getMetadata().getLabels())
        .containsEntry(KIND_LABEL, "restore")
        .containsEntry(Labels.INSTANCE, RESTORED);
    PodSpec podSpec = job.getSpec().getTemplate().getSpec();
    Container restore = onlyContainer(podSpec);
    assertThat(restore.getCommand())
        .containsExactly("/bin/sh", "/scripts/restore.sh", FromBackupSpec.LATEST);
    assertThat(restore.getImage()).isEqualTo(ready.getSpec().getDatabase().getImage());
    assertLibpqEnv(restore, ready);
    assertThat(env(restore))
        .containsEntry("FORCE", "false")
        .containsEntry("RESTORE_ROLE", StackNames.DATABASE_USER)
        .containsEntry("BACKUP_DIR", "/backups");
    assertThat(claimOf(podSpec, restore, "/backups")).isEqualTo(sourceClaim);
    assertThat(mount(restore, "/backups").getReadOnly()).as("a restore only reads").isTrue();
    assertThat(
            podSpec.getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null)
                .map(v -> v.getPersistentVolumeClaim().getReadOnly())
                .toList())
        .containsExactly(true);
    assertThat(configMapOf(podSpec, restore, "/scripts"))
        .isEqualTo(StackNames.backupScripts(ready));
    assertThat(isComplete(job)).isTrue();
    assertThat(onlyPodOf(client, job).getStatus().getPhase()).isEqualTo("Succeeded");

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
                assertThat(eventsOf(client, RESTORED))
                    .extracting(e -> e.getType() + "/" + e.getReason())
                    .contains("Normal/Restored"));

    // A later reconcile (a spec change) runs no second restore: the same single Job.
    String uid = job.getMetadata().getUid();
    long generation = ready.getMetadata().getGeneration();
    editSpec(
        client,
        RESTORED,
        s -> {
          s.getSpec().getApi().setLogLevel(LogLevel.DEBUG);
          return s;
        });
    SuperNovaStack changed = awaitReady(client, RESTORED);
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

  @Test
  @Order(4)
  void restoreDrillOnScheduleAndRunByHand(KubernetesClient client, TestCluster cluster)
      throws Exception {
    SuperNovaStack stack = get(client, SOURCE);
    assertThat(Stacks.condition(stack, "BackupVerified")).as("no drill configured").isEmpty();
    assertThat(client.batch().v1().cronjobs().withName(StackNames.backupVerify(stack)).get())
        .isNull();

    editSpec(
        client,
        SOURCE,
        s -> {
          BackupVerifySpec verify = new BackupVerifySpec();
          verify.setSchedule("0 4 * * 0");
          s.getSpec().getBackup().setVerify(verify);
          return s;
        });
    awaitReady(client, SOURCE);
    CronJob drill =
        await()
            .atMost(KubernetesClusterExtension.defaultTimeout())
            .until(
                () -> client.batch().v1().cronjobs().withName(StackNames.backupVerify(stack)).get(),
                c -> c != null);
    assertThat(drill.getMetadata().getName()).isEqualTo(SOURCE + "-backup-verify");
    assertThat(drill.getSpec().getSchedule()).isEqualTo("0 4 * * 0");
    assertThat(drill.getSpec().getTimeZone()).isEqualTo("Etc/UTC");
    assertThat(drill.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(drill.getSpec().getSuspend()).isFalse();
    assertOwnedByStack(drill, stack);
    PodSpec template = drill.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    Container verify = onlyContainer(template);
    assertThat(verify.getCommand()).containsExactly("/bin/sh", "/scripts/verify.sh", "latest");
    assertThat(verify.getEnv())
        .as("the drill restores into a scratch server of its own: no address or password of prod")
        .noneMatch(e -> e.getName().startsWith("PG") || e.getValueFrom() != null);
    assertThat(mount(verify, "/scratch").getName()).isEqualTo("scratch");
    assertThat(claimOf(template, verify, "/backups")).isEqualTo(StackNames.backupVolume(stack));
    assertThat(mount(verify, "/backups").getReadOnly()).as("a drill only reads").isTrue();
    assertThat(drill.getSpec().getJobTemplate().getMetadata().getLabels())
        .containsEntry(KIND_LABEL, "verify")
        .containsEntry(Labels.INSTANCE, SOURCE);

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
    kubectl(
        cluster,
        client,
        "create",
        "job",
        "--from=cronjob/" + StackNames.backupVerify(stack),
        SOURCE + "-drill-by-hand");
    Job byHand =
        await()
            .atMost(KubernetesClusterExtension.defaultTimeout())
            .until(
                () -> client.batch().v1().jobs().withName(SOURCE + "-drill-by-hand").get(),
                j -> j != null && isComplete(j));
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
    assertThat(onlyContainer(byHand.getSpec().getTemplate().getSpec()).getCommand())
        .containsExactly("/bin/sh", "/scripts/verify.sh", "latest");

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
                assertThat(eventsOf(client, SOURCE))
                    .extracting(e -> e.getType() + "/" + e.getReason())
                    .contains("Normal/DrillSucceeded"));

    // Turning the drill off removes its CronJob and its condition.
    editSpec(
        client,
        SOURCE,
        s -> {
          s.getSpec().getBackup().setVerify(null);
          return s;
        });
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () -> {
              assertThat(
                      client.batch().v1().cronjobs().withName(StackNames.backupVerify(stack)).get())
                  .isNull();
              assertThat(Stacks.condition(get(client, SOURCE), "BackupVerified")).isEmpty();
            });
  }

  /**
   * What a platform engineer sees when last night's backup failed: the stack keeps serving (Ready),
   * but says Degraded with the script's own reason, in the condition, in {@code kubectl get sns}
   * and in a Warning Event; the next good backup clears it.
   */
  @Test
  @Order(5)
  void aFailedBackupShowsOnTheStackWithoutTakingItDown(KubernetesClient client, TestCluster cluster)
      throws Exception {
    String request = "2025-06-02T02:00:00Z";
    backUpNowWith(client, FAILING_JOB_IMAGE, request);

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
    assertThat(kubectl(cluster, client, "get", "sns", SOURCE))
        .containsPattern(SOURCE + "\\s+True\\s+Degraded");
    Job failedJob =
        backupNowJobs(client).stream()
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

  // --- helpers -----------------------------------------------------------------------------------

  private boolean isComplete(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private Job awaitOnlyCompletedBackupNowJob(KubernetesClient client) {
    return await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .until(() -> backupNowJobs(client), jobs -> jobs.size() == 1 && isComplete(jobs.get(0)))
        .get(0);
  }

  private static List<Job> backupNowJobs(KubernetesClient client) {
    return client.batch().v1().jobs().list().getItems().stream()
        .filter(j -> j.getMetadata().getName().startsWith(SOURCE + "-backup-now-"))
        .toList();
  }

  private static List<Job> restoreJobs(KubernetesClient client) {
    return client
        .batch()
        .v1()
        .jobs()
        .withLabel(Labels.INSTANCE, RESTORED)
        .withLabel(KIND_LABEL, "restore")
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

  private static List<Job> backupJobsOf(KubernetesClient client, String stack) {
    return client
        .batch()
        .v1()
        .jobs()
        .withLabel(Labels.INSTANCE, stack)
        .withLabel(KIND_LABEL, "backup")
        .list()
        .getItems();
  }

  private static Pod onlyPodOf(KubernetesClient client, Job job) {
    List<Pod> pods =
        client.pods().withLabel("job-name", job.getMetadata().getName()).list().getItems();
    assertThat(pods).as("pods of " + job.getMetadata().getName()).hasSize(1);
    return pods.get(0);
  }

  private static Container onlyContainer(PodSpec spec) {
    assertThat(spec.getContainers()).hasSize(1);
    Container c = spec.getContainers().get(0);
    assertThat(c.getName()).isEqualTo("backup");
    return c;
  }

  /**
   * libpq points at the stack's own database as postgres, the password from the copy of its Secret
   * that the database accepts (an edited Secret is not, until a rotation applied it).
   */
  private static void assertLibpqEnv(Container c, SuperNovaStack stack) {
    assertThat(env(c))
        .containsEntry("PGHOST", StackNames.serviceHost(stack, StackNames.database(stack)))
        .containsEntry("PGPORT", Integer.toString(StackNames.DATABASE_PORT))
        .containsEntry("PGDATABASE", StackNames.DATABASE_NAME)
        .containsEntry("PGUSER", "postgres");
    EnvVar password =
        c.getEnv().stream().filter(e -> "PGPASSWORD".equals(e.getName())).findFirst().orElseThrow();
    assertThat(password.getValue()).as("no password inline").isNull();
    assertThat(password.getValueFrom().getSecretKeyRef().getName())
        .isEqualTo(StackNames.databaseCredentialsApplied(stack));
  }

  private static Map<String, String> env(Container c) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar e : c.getEnv()) {
      if (e.getValue() != null) {
        env.put(e.getName(), e.getValue());
      }
    }
    return env;
  }

  private static VolumeMount mount(Container c, String path) {
    return c.getVolumeMounts().stream()
        .filter(m -> path.equals(m.getMountPath()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume mounted at " + path));
  }

  private static Volume volume(PodSpec spec, Container c, String path) {
    String name = mount(c, path).getName();
    return spec.getVolumes().stream()
        .filter(v -> name.equals(v.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static String claimOf(PodSpec spec, Container c, String path) {
    return volume(spec, c, path).getPersistentVolumeClaim().getClaimName();
  }

  private static String configMapOf(PodSpec spec, Container c, String path) {
    return volume(spec, c, path).getConfigMap().getName();
  }

  private static void assertOwnedByStack(HasMetadata object, SuperNovaStack stack) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    assertThat(owners)
        .as("owner of " + object.getKind() + " " + object.getMetadata().getName())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("SuperNovaStack");
              assertThat(o.getName()).isEqualTo(stack.getMetadata().getName());
              assertThat(o.getUid()).isEqualTo(stack.getMetadata().getUid());
            });
  }

  private static List<Event> eventsOf(KubernetesClient client, String stack) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> e.getInvolvedObject() != null)
        .filter(e -> "SuperNovaStack".equals(e.getInvolvedObject().getKind()))
        .filter(e -> stack.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static SuperNovaStack get(KubernetesClient client, String name) {
    return client.resources(SuperNovaStack.class).withName(name).get();
  }

  private static String annotation(SuperNovaStack stack, String key) {
    return Optional.ofNullable(stack.getMetadata().getAnnotations())
        .map(a -> a.get(key))
        .orElse(null);
  }

  /** Sets SOURCE's backup image (null: the database's) and asks for a backup with that request. */
  private static void backUpNowWith(KubernetesClient client, String image, String request) {
    editSpec(
        client,
        SOURCE,
        s -> {
          s.getSpec().getBackup().setImage(image);
          return s;
        });
    annotate(client, SOURCE, BACKUP_NOW, request);
  }

  /** Sets (or, with null, removes) one annotation, as kubectl annotate does. */
  private static void annotate(KubernetesClient client, String name, String key, String value) {
    editSpec(
        client,
        name,
        s -> {
          if (s.getMetadata().getAnnotations() == null) {
            s.getMetadata().setAnnotations(new HashMap<>());
          }
          if (value == null) {
            s.getMetadata().getAnnotations().remove(key);
          } else {
            s.getMetadata().getAnnotations().put(key, value);
          }
          return s;
        });
  }

  /**
   * Edits the stack as {@code kubectl edit} does, retrying when the operator's status update got
   * there first (409 Conflict).
   */
  private static void editSpec(
      KubernetesClient client, String name, UnaryOperator<SuperNovaStack> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        client.resources(SuperNovaStack.class).withName(name).edit(change);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  private static SuperNovaStack create(KubernetesClient client, SuperNovaStack stack) {
    stack.getMetadata().setNamespace(client.getNamespace());
    return client.resource(stack).create();
  }

  private static SuperNovaStack awaitReady(KubernetesClient client, SuperNovaStack stack) {
    return awaitReady(client, stack.getMetadata().getName());
  }

  private static SuperNovaStack awaitReady(KubernetesClient client, String name) {
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .pollInterval(Duration.ofMillis(500))
        .until(() -> Stacks.isReady(get(client, name)));
    return get(client, name);
  }

  private static String kubectl(TestCluster cluster, KubernetesClient client, String... args)
      throws Exception {
    Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    try {
      Files.writeString(kubeconfig, cluster.kubeconfigYaml());
      List<String> command =
          new ArrayList<>(
              List.of(
                  LocalControlPlane.binary("kubectl").toString(),
                  "--kubeconfig",
                  kubeconfig.toString(),
                  "-n",
                  client.getNamespace()));
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor()).as(out).isZero();
      return out;
    } finally {
      Files.deleteIfExists(kubeconfig);
    }
  }
}
