package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.BackupVerifySpec;
import com.supernovaai.operator.model.FromBackupSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pods of the backup-now Job, the bootstrap restore Job and the restore drill: what runs, with
 * which libpq settings, on which volumes. (Moved here from the backup ITs: none of it needs a
 * cluster; the ITs keep what does: Jobs created, completed, and what status says about them.)
 */
class BackupJobPodsTest {

  private static final String KIND_LABEL = SuperNovaStack.GROUP + "/backup-job";

  @Test
  void backupNowJobRunsTheScheduledBackupPodOnce() {
    SuperNovaStack stack = Stacks.minimal();
    stack
        .getMetadata()
        .setAnnotations(Map.of(SuperNovaStack.BACKUP_NOW_ANNOTATION, "2025-06-01T12:00:00Z"));

    Job job = new ManualBackupJobDependent().desired(stack, TestContexts.with());

    assertThat(job.getMetadata().getName()).matches("prod-backup-now-[0-9a-f]{8}");
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry(SuperNovaStack.BACKUP_NOW_ANNOTATION, "2025-06-01T12:00:00Z");
    assertThat(job.getMetadata().getLabels())
        .containsEntry(KIND_LABEL, "backup")
        .containsEntry(Labels.INSTANCE, "prod")
        .containsEntry(Labels.COMPONENT, Labels.COMPONENT_BACKUP)
        .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");

    // scripts/backup.sh in the database image against the stack's own database, writing to the
    // backup volume.
    Container backup = onlyContainer(pod);
    assertThat(backup.getImage()).isEqualTo(stack.getSpec().getDatabase().getImage());
    assertThat(backup.getCommand()).containsExactly("/bin/sh", "/scripts/backup.sh");
    assertLibpqEnv(backup, stack);
    assertThat(env(backup))
        .containsEntry("BACKUP_DIR", "/backups")
        .containsEntry("RETENTION_DAYS", "30")
        .containsEntry("STACK_NAME", "prod");
    assertThat(claimOf(pod, backup, "/backups")).isEqualTo(StackNames.backupVolume(stack));
    assertThat(mount(backup, "/backups").getReadOnly()).as("a backup writes").isNotEqualTo(true);
    assertThat(configMapOf(pod, backup, "/scripts")).isEqualTo(StackNames.backupScripts(stack));

    // ... exactly the pod of a scheduled backup.
    CronJob cronJob = new BackupCronJobDependent().desired(stack, TestContexts.with());
    assertThat(pod)
        .usingRecursiveComparison()
        .isEqualTo(cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
  }

  @Test
  void backupCronJobFollowsTheSpecScheduleAndRunsUnlessSuspended() {
    SuperNovaStack stack = Stacks.minimal();
    stack.getSpec().getBackup().setSchedule("0 14 * * *");

    CronJob cronJob = new BackupCronJobDependent().desired(stack, TestContexts.with());

    assertThat(cronJob.getSpec().getSchedule()).isEqualTo("0 14 * * *");
    assertThat(cronJob.getSpec().getSuspend()).isFalse();
    assertThat(cronJob.getSpec().getJobTemplate().getMetadata().getLabels())
        .containsEntry(KIND_LABEL, "backup")
        .containsEntry(Labels.INSTANCE, "prod");
  }

  @Test
  void restoreJobReadsOnlyTheSourceVolumeAndRestoresIntoTheStacksDatabase() {
    SuperNovaStack stack = Stacks.restoringFromBackup("source-backup");
    stack.getMetadata().setName("restored");

    Job job = new RestoreJobDependent().desired(stack, TestContexts.with());

    assertThat(job.getMetadata().getName()).matches("restored-restore-[0-9a-f]{8}");
    assertThat(job.getMetadata().getLabels())
        .containsEntry(KIND_LABEL, "restore")
        .containsEntry(Labels.INSTANCE, "restored");
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container restore = onlyContainer(pod);
    assertThat(restore.getCommand())
        .containsExactly("/bin/sh", "/scripts/restore.sh", FromBackupSpec.LATEST);
    assertThat(restore.getImage()).isEqualTo(stack.getSpec().getDatabase().getImage());
    assertLibpqEnv(restore, stack);
    assertThat(env(restore))
        .containsEntry("FORCE", "false")
        .containsEntry("RESTORE_ROLE", StackNames.DATABASE_USER)
        .containsEntry("BACKUP_DIR", "/backups");
    assertThat(claimOf(pod, restore, "/backups")).isEqualTo("source-backup");
    assertThat(mount(restore, "/backups").getReadOnly()).as("a restore only reads").isTrue();
    assertThat(
            pod.getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null)
                .map(v -> v.getPersistentVolumeClaim().getReadOnly())
                .toList())
        .containsExactly(true);
    assertThat(configMapOf(pod, restore, "/scripts")).isEqualTo(StackNames.backupScripts(stack));
  }

  @Test
  void drillRestoresIntoAScratchServerOfItsOwnAndOnlyReadsTheDumps() {
    SuperNovaStack stack = Stacks.minimal();
    BackupVerifySpec verify = new BackupVerifySpec();
    verify.setSchedule("0 4 * * 0");
    stack.getSpec().getBackup().setVerify(verify);

    CronJob drill = new BackupVerifyCronJobDependent().desired(stack, TestContexts.with());

    assertThat(drill.getMetadata().getName()).isEqualTo("prod-backup-verify");
    assertThat(drill.getSpec().getSchedule()).isEqualTo("0 4 * * 0");
    assertThat(drill.getSpec().getTimeZone()).isEqualTo("Etc/UTC");
    assertThat(drill.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(drill.getSpec().getSuspend()).isFalse();
    assertThat(drill.getSpec().getJobTemplate().getMetadata().getLabels())
        .containsEntry(KIND_LABEL, "verify")
        .containsEntry(Labels.INSTANCE, "prod");
    PodSpec pod = drill.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    Container container = onlyContainer(pod);
    assertThat(container.getCommand()).containsExactly("/bin/sh", "/scripts/verify.sh", "latest");
    assertThat(container.getEnv())
        .as("the drill restores into a scratch server of its own: no address or password of prod")
        .noneMatch(e -> e.getName().startsWith("PG") || e.getValueFrom() != null);
    assertThat(mount(container, "/scratch").getName()).isEqualTo("scratch");
    assertThat(claimOf(pod, container, "/backups")).isEqualTo(StackNames.backupVolume(stack));
    assertThat(mount(container, "/backups").getReadOnly()).as("a drill only reads").isTrue();
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

  private static Container onlyContainer(PodSpec spec) {
    assertThat(spec.getContainers()).hasSize(1);
    Container c = spec.getContainers().get(0);
    assertThat(c.getName()).isEqualTo("backup");
    return c;
  }

  /** The literal values of the container's env (those from a Secret left out). */
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
}
