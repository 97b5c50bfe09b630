package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The pod every backup-related Job runs (scheduled and manual backups, the bootstrap restore, the
 * restore drill, and the credentials rotation): the database image, the scripts ConfigMap at
 * /scripts, the backup volume at /backups (not for a rotation), libpq settings, and a label telling
 * the operator which kind of Job it is.
 */
public final class BackupJobs {

  /**
   * Label on the Jobs and their pods: {@link #BACKUP}, {@link #RESTORE}, {@link #VERIFY} or {@link
   * #ROTATE}.
   */
  public static final String KIND_LABEL = SuperNovaStack.GROUP + "/backup-job";

  public static final String BACKUP = "backup";
  public static final String RESTORE = "restore";
  public static final String VERIFY = "verify";
  public static final String ROTATE = "rotate";

  /** Name of the container in every backup-related pod. */
  public static final String CONTAINER = "backup";

  /**
   * Exit codes of the scripts that no retry can fix (newer version, database not empty, file
   * missing, file corrupt, drill check failed): the Job fails at once.
   */
  static final List<Integer> FINAL_EXIT_CODES = List.of(3, 4, 5, 6, 7);

  private BackupJobs() {}

  /** pg_dump/pg_restore image: the database image unless spec.backup.image is set. */
  public static String image(SuperNovaStack stack) {
    var backup = stack.getSpec().getBackup();
    return backup.getImage() != null ? backup.getImage() : stack.getSpec().getDatabase().getImage();
  }

  public static Map<String, String> labels(SuperNovaStack stack, String kind) {
    Map<String, String> labels =
        Labels.of(stack, Labels.COMPONENT_BACKUP, Labels.versionOf(image(stack)));
    labels.put(KIND_LABEL, kind);
    return labels;
  }

  /**
   * A Job spec running one script.
   *
   * @param claimName the volume with the dumps; null for a Job that needs none
   * @param readOnlyVolume restore and drill only read the dumps
   */
  static JobSpec spec(
      SuperNovaStack stack,
      String kind,
      List<String> command,
      List<EnvVar> env,
      String claimName,
      boolean readOnlyVolume,
      long activeDeadlineSeconds) {
    // A false readOnly is left out: the API server omits it from what it returns, so an explicit
    // false would never match the object read back and every reconcile would patch it again.
    Boolean readOnly = readOnlyVolume ? Boolean.TRUE : null;
    var container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(image(stack))
            .withCommand(command)
            .withEnv(env)
            .withResources(Defaults.backup(stack.getSpec().getBackup().getResources()))
            .withSecurityContext(SecurityContexts.container(true))
            // The scripts write their result (file, size, reason of a failure) as a JSON line.
            .withTerminationMessagePath("/dev/termination-log")
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .addNewVolumeMount()
            .withName("scripts")
            .withMountPath("/scripts")
            .withReadOnly(true)
            .endVolumeMount();
    var pod =
        SecurityContexts.podSpec(SecurityContexts.POSTGRES_USER, SecurityContexts.POSTGRES_USER)
            .withRestartPolicy("Never")
            .addNewVolume()
            .withName("scripts")
            .withNewConfigMap()
            .withName(StackNames.backupScripts(stack))
            .withDefaultMode(0555)
            .endConfigMap()
            .endVolume();
    if (claimName != null) {
      container
          .addNewVolumeMount()
          .withName("backups")
          .withMountPath(BackupCronJobDependent.BACKUP_DIR)
          .withReadOnly(readOnly)
          .endVolumeMount();
      pod.addNewVolume()
          .withName("backups")
          .withNewPersistentVolumeClaim()
          .withClaimName(claimName)
          .withReadOnly(readOnly)
          .endPersistentVolumeClaim()
          .endVolume();
    }
    container.addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount();
    pod.addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume();
    return new JobSpecBuilder()
        .withBackoffLimit(2)
        .withActiveDeadlineSeconds(activeDeadlineSeconds)
        .withNewPodFailurePolicy()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName(CONTAINER)
        .withOperator("In")
        .withValues(FINAL_EXIT_CODES)
        .endOnExitCodes()
        .endRule()
        .endPodFailurePolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels(stack, kind))
        .endMetadata()
        .withSpec(pod.withContainers(container.build()).build())
        .endTemplate()
        .build();
  }

  /**
   * A CronJob of {@code job}: UTC schedule, one run at a time (Forbid), a run that could not start
   * within an hour skipped, and the history limits of spec.backup.
   */
  static CronJobSpec schedule(
      SuperNovaStack stack, String kind, String schedule, boolean suspend, JobSpec job) {
    var backup = stack.getSpec().getBackup();
    return new CronJobSpecBuilder()
        .withSchedule(schedule)
        .withTimeZone("Etc/UTC")
        .withSuspend(suspend)
        .withConcurrencyPolicy("Forbid")
        .withStartingDeadlineSeconds(3600L)
        .withSuccessfulJobsHistoryLimit(backup.getSuccessfulJobsHistoryLimit())
        .withFailedJobsHistoryLimit(backup.getFailedJobsHistoryLimit())
        .withNewJobTemplate()
        .withNewMetadata()
        .withLabels(labels(stack, kind))
        .endMetadata()
        .withSpec(job)
        .endJobTemplate()
        .build();
  }

  /**
   * The stack's Jobs of one kind ({@link #BACKUP}, {@link #VERIFY} ...) in the operator's cache.
   */
  public static List<Job> jobs(SuperNovaStack stack, Context<SuperNovaStack> context, String kind) {
    return context
        .getSecondaryResourcesAsStream(Job.class)
        .filter(j -> j.getMetadata().getLabels() != null)
        .filter(j -> kind.equals(j.getMetadata().getLabels().get(KIND_LABEL)))
        .filter(
            j -> StackNames.stack(stack).equals(j.getMetadata().getLabels().get(Labels.INSTANCE)))
        .toList();
  }

  /** Backup and drill Jobs of the stack that have not finished (restore Jobs excluded). */
  public static List<Job> active(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return Stream.concat(
            jobs(stack, context, BACKUP).stream(), jobs(stack, context, VERIFY).stream())
        .filter(j -> !Jobs.finished(j))
        .toList();
  }

  /** The backup Job, scheduled or manual; with an objectStore it copies each dump there too. */
  static JobSpec backup(SuperNovaStack stack) {
    return OffsiteDumps.addTo(
        stack,
        spec(
            stack,
            BACKUP,
            List.of("/bin/sh", "/scripts/" + Scripts.BACKUP),
            env(stack),
            StackNames.backupVolume(stack),
            false,
            6 * 3600L));
  }

  /**
   * libpq settings (the superuser of the operator-run database, or the external credentials) and
   * the backup settings.
   */
  static List<EnvVar> env(SuperNovaStack stack) {
    var external = stack.getSpec().getDatabase().getExternal();
    List<EnvVar> env = new ArrayList<>();
    env.add(EnvVars.of("STACK_NAME", StackNames.stack(stack)));
    env.add(EnvVars.of("BACKUP_DIR", BackupCronJobDependent.BACKUP_DIR));
    env.add(
        EnvVars.of(
            "RETENTION_DAYS", Integer.toString(stack.getSpec().getBackup().getRetentionDays())));
    env.add(
        EnvVars.of(
            "RETENTION_KEEP_MIN", Integer.toString(stack.getSpec().getBackup().getKeepAtLeast())));
    if (external != null) {
      env.add(EnvVars.of("PGHOST", external.getHost()));
      env.add(EnvVars.of("PGPORT", Integer.toString(external.getPort())));
      env.add(EnvVars.of("PGDATABASE", external.getDatabase()));
      env.add(
          EnvVars.fromSecret(
              "PGUSER", external.getCredentialsSecret(), ReferencedSecrets.USERNAME));
      env.add(
          EnvVars.fromSecret(
              "PGPASSWORD", external.getCredentialsSecret(), ReferencedSecrets.PASSWORD));
    } else {
      env.add(EnvVars.of("PGHOST", StackNames.serviceHost(stack, StackNames.database(stack))));
      env.add(EnvVars.of("PGPORT", Integer.toString(StackNames.DATABASE_PORT)));
      env.add(EnvVars.of("PGDATABASE", StackNames.DATABASE_NAME));
      env.add(EnvVars.of("PGUSER", StackNames.DATABASE_SUPERUSER));
      env.add(
          EnvVars.fromSecret(
              "PGPASSWORD",
              StackNames.databaseCredentialsApplied(stack),
              ReferencedSecrets.SUPERUSER_PASSWORD));
    }
    return env;
  }
}
