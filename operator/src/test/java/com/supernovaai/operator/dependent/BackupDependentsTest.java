package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupDependentsTest {

  @Test
  void cronJobHonoursTheSpec() {
    var stack = Stacks.minimal();
    stack.getSpec().getBackup().setSchedule("30 3 * * *");
    stack.getSpec().getBackup().setSuspend(true);
    var cronJob = new BackupCronJobDependent().desired(stack, TestContexts.with());
    var spec = cronJob.getSpec();
    assertThat(spec.getSchedule()).isEqualTo("30 3 * * *");
    assertThat(spec.getTimeZone()).isEqualTo("Etc/UTC");
    assertThat(spec.getSuspend()).isTrue();
    assertThat(spec.getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(spec.getSuccessfulJobsHistoryLimit()).isEqualTo(3);
    assertThat(spec.getFailedJobsHistoryLimit()).isEqualTo(3);
    var pod = spec.getJobTemplate().getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("timescale/timescaledb:2.17.2-pg16");
    assertThat(container.getCommand()).containsExactly("/bin/sh", "/scripts/backup.sh");
    assertThat(container.getEnv())
        .anyMatch(e -> e.getName().equals("RETENTION_DAYS") && e.getValue().equals("30"))
        .anyMatch(
            e -> e.getName().equals("PGPASSWORD") && e.getValueFrom().getSecretKeyRef() != null);
    assertThat(pod.getVolumes())
        .anyMatch(
            v ->
                v.getPersistentVolumeClaim() != null
                    && v.getPersistentVolumeClaim().getClaimName().equals("prod-backup"))
        .anyMatch(
            v ->
                v.getConfigMap() != null
                    && v.getConfigMap().getName().equals("prod-backup-scripts"));
  }

  /**
   * The API server drops readOnly: false from what it returns; a desired object carrying it would
   * never match the one read back, and every reconcile would patch the CronJob again.
   */
  @Test
  void writableBackupVolumeCarriesNoExplicitReadOnlyFalse() {
    var pod =
        new BackupCronJobDependent()
            .desired(Stacks.minimal(), TestContexts.with())
            .getSpec()
            .getJobTemplate()
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .singleElement()
        .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getReadOnly()).isNull());
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> m.getMountPath().equals(BackupCronJobDependent.BACKUP_DIR))
        .singleElement()
        .satisfies(m -> assertThat(m.getReadOnly()).isNull());
  }

  @Test
  void backupVolumeIsNeitherOwnedNorDeletedByTheWorkflow() {
    var dependent = new BackupVolumeDependent();
    assertThat(dependent).isNotInstanceOf(GarbageCollected.class).isNotInstanceOf(Deleter.class);
    var pvc = dependent.desired(Stacks.minimal(), TestContexts.with());
    assertThat(pvc.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("200Gi");
  }

  @Test
  void scriptsConfigMapShipsTheScripts() {
    var data =
        new BackupScriptsConfigMapDependent()
            .desired(Stacks.minimal(), TestContexts.with())
            .getData();
    assertThat(data.get("backup.sh")).contains("pg_dump -Fc");
    assertThat(data.get("restore.sh")).contains("timescaledb_pre_restore()");
  }

  /** Runs backup.sh with stand-ins for psql and pg_dump: file names, metadata and retention. */
  @Test
  void backupScriptDumpsRecordsVersionsAndAppliesRetention(@TempDir Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    executable(
        bin.resolve("psql"),
        "#!/bin/sh\ncase \"$*\" in *server_version*) echo ' 16.4 ';; *timescaledb*) echo '2.17.2';; esac\n");
    executable(
        bin.resolve("pg_dump"),
        "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'pg_dump (PostgreSQL) 16.4'; exit 0; fi\n"
            + "while [ $# -gt 0 ]; do if [ \"$1\" = -f ]; then echo dump > \"$2\"; fi; shift; done\n");
    var scripts =
        new BackupScriptsConfigMapDependent().desired(Stacks.minimal(), TestContexts.with());
    for (var entry : scripts.getData().entrySet()) {
      Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
    }
    Path script = dir.resolve("backup.sh");
    Path backups = Files.createDirectories(dir.resolve("backups"));
    Path old = Files.writeString(backups.resolve("prod-supernova-20200101T000000Z.dump"), "old");
    Path oldMeta = Files.writeString(backups.resolve("prod-supernova-20200101T000000Z.json"), "{}");
    Path recent = Files.writeString(backups.resolve("prod-supernova-recent.dump"), "recent");
    FileTime longAgo = FileTime.from(Instant.now().minus(31, ChronoUnit.DAYS));
    Files.setLastModifiedTime(old, longAgo);
    Files.setLastModifiedTime(oldMeta, longAgo);
    Files.setLastModifiedTime(recent, FileTime.from(Instant.now().minus(29, ChronoUnit.DAYS)));

    var process = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
    process.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    process.environment().put("PGDATABASE", "supernova");
    process.environment().put("STACK_NAME", "prod");
    process.environment().put("BACKUP_DIR", backups.toString());
    process.environment().put("RETENTION_DAYS", "30");
    // Only the new dump is kept whatever its age, so the 31-day-old one is past the minimum.
    process.environment().put("RETENTION_KEEP_MIN", "1");
    process.environment().put("TERMINATION_LOG", dir.resolve("termination-log").toString());
    var running = process.start();
    String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(running.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(running.exitValue()).as(output).isZero();

    try (Stream<Path> files = Files.list(backups)) {
      var names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names)
          .contains("prod-supernova-recent.dump")
          .doesNotContain(old.getFileName().toString(), oldMeta.getFileName().toString());
      var dump =
          names.stream().filter(n -> n.matches("prod-supernova-\\d{8}T\\d{6}Z\\.dump")).findFirst();
      assertThat(dump).as(names.toString()).isPresent();
      String meta = Files.readString(backups.resolve(dump.get().replace(".dump", ".json")));
      assertThat(meta)
          .contains("\"postgresVersion\": \"16.4\"")
          .contains("\"timescaledbVersion\": \"2.17.2\"")
          .contains("\"format\": \"custom\"")
          .contains("\"file\": \"" + dump.get() + "\"");
      assertThat(names).noneMatch(n -> n.endsWith(".partial"));
    }
  }

  private static void executable(Path path, String content) throws IOException {
    Files.writeString(path, content);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
