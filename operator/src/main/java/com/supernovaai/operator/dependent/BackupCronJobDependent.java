package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * Scheduled pg_dump (custom format) to the backup volume, by scripts/backup.sh: UTC-stamped file
 * names, versions beside each dump, retention by age. One run at a time (Forbid).
 */
public class BackupCronJobDependent extends StackDependent<CronJob> {

  public static final String BACKUP_DIR = "/backups";

  public BackupCronJobDependent() {
    super(CronJob.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.backup(stack);
  }

  @Override
  protected CronJob desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var backup = stack.getSpec().getBackup();
    var database = stack.getSpec().getDatabase();
    String image = backup.getImage() != null ? backup.getImage() : database.getImage();
    var labels = Labels.of(stack, Labels.COMPONENT_BACKUP, Labels.versionOf(image));

    var container =
        new ContainerBuilder()
            .withName("backup")
            .withImage(image)
            .withCommand("/bin/sh", "/scripts/" + Scripts.BACKUP)
            .withEnv(env(stack))
            .withResources(Defaults.backup(backup.getResources()))
            .withSecurityContext(SecurityContexts.container(true))
            .addNewVolumeMount()
            .withName("scripts")
            .withMountPath("/scripts")
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("backups")
            .withMountPath(BACKUP_DIR)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .build();

    return new CronJobBuilder()
        .withNewMetadata()
        .withName(name(stack))
        .withNamespace(StackNames.namespace(stack))
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withSchedule(backup.getSchedule())
        .withTimeZone("Etc/UTC")
        .withSuspend(backup.getSuspend())
        .withConcurrencyPolicy("Forbid")
        .withStartingDeadlineSeconds(3600L)
        .withSuccessfulJobsHistoryLimit(backup.getSuccessfulJobsHistoryLimit())
        .withFailedJobsHistoryLimit(backup.getFailedJobsHistoryLimit())
        .withNewJobTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(2)
        .withActiveDeadlineSeconds(6 * 3600L)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(
            SecurityContexts.pod(SecurityContexts.POSTGRES_USER, SecurityContexts.POSTGRES_USER))
        .withContainers(container)
        .addNewVolume()
        .withName("scripts")
        .withNewConfigMap()
        .withName(StackNames.backupScripts(stack))
        .withDefaultMode(0555)
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("backups")
        .withNewPersistentVolumeClaim()
        .withClaimName(StackNames.backupVolume(stack))
        .endPersistentVolumeClaim()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .endJobTemplate()
        .endSpec()
        .build();
  }

  /** libpq settings: the superuser of the operator-run database, or the external credentials. */
  static List<EnvVar> env(SuperNovaStack stack) {
    var external = stack.getSpec().getDatabase().getExternal();
    List<EnvVar> env = new ArrayList<>();
    env.add(DatabaseStatefulSetDependent.env("STACK_NAME", StackNames.stack(stack)));
    env.add(DatabaseStatefulSetDependent.env("BACKUP_DIR", BACKUP_DIR));
    env.add(
        DatabaseStatefulSetDependent.env(
            "RETENTION_DAYS", Integer.toString(stack.getSpec().getBackup().getRetentionDays())));
    if (external != null) {
      env.add(DatabaseStatefulSetDependent.env("PGHOST", external.getHost()));
      env.add(DatabaseStatefulSetDependent.env("PGPORT", Integer.toString(external.getPort())));
      env.add(DatabaseStatefulSetDependent.env("PGDATABASE", external.getDatabase()));
      env.add(
          DatabaseStatefulSetDependent.secretEnv(
              "PGUSER", external.getCredentialsSecret(), ReferencedSecrets.USERNAME));
      env.add(
          DatabaseStatefulSetDependent.secretEnv(
              "PGPASSWORD", external.getCredentialsSecret(), ReferencedSecrets.PASSWORD));
    } else {
      env.add(
          DatabaseStatefulSetDependent.env(
              "PGHOST", StackNames.serviceHost(stack, StackNames.database(stack))));
      env.add(
          DatabaseStatefulSetDependent.env("PGPORT", Integer.toString(StackNames.DATABASE_PORT)));
      env.add(DatabaseStatefulSetDependent.env("PGDATABASE", StackNames.DATABASE_NAME));
      env.add(DatabaseStatefulSetDependent.env("PGUSER", "postgres"));
      env.add(
          DatabaseStatefulSetDependent.secretEnv(
              "PGPASSWORD",
              StackNames.databaseCredentials(stack),
              ReferencedSecrets.SUPERUSER_PASSWORD));
    }
    return env;
  }
}
