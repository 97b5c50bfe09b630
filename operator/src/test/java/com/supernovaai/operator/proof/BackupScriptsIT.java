package com.supernovaai.operator.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.ReferencedSecrets;
import com.supernovaai.operator.dependent.Rendered;
import com.supernovaai.operator.model.BackupVerifySpec;
import com.supernovaai.operator.model.BootstrapSpec;
import com.supernovaai.operator.model.FromBackupSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.testsupport.LocalPostgres;
import com.supernovaai.testsupport.Processes;
import io.fabric8.kubernetes.api.model.Container;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup.sh, restore.sh and verify.sh, taken from the scripts ConfigMap the operator renders and
 * run with the command and env of the Jobs it renders, against a real PostgreSQL holding the API
 * server's sentiment_data: dumps, metadata, retention, a faithful restore, and readable failures
 * for every fault the issue lists.
 */
class BackupScriptsIT {

  private static final int ROWS = 20_000;
  private static final String SOURCE = StackNames.DATABASE_NAME;

  @TempDir static Path work;

  private static LocalPostgres postgres;
  private static SuperNovaStack stack;
  private static Context<SuperNovaStack> context;
  private static ScriptRun scripts;
  private static String sourceFingerprint;
  private static int databases;

  @BeforeAll
  static void sourceDatabase() {
    postgres = LocalPostgres.startDefault();
    SentimentData.createOwnedDatabase(postgres, SOURCE);
    SentimentData.createSchema(postgres, SOURCE);
    SentimentData.insert(postgres, SOURCE, ROWS);
    sourceFingerprint = SentimentData.fingerprint(postgres, SOURCE);
    assertThat(sourceFingerprint).startsWith(ROWS + " ");

    stack = ProofStacks.stack();
    var verify = new BackupVerifySpec();
    verify.setSchedule("0 4 * * 0");
    stack.getSpec().getBackup().setVerify(verify);
    context = ProofStacks.context(stack);
    scripts = ScriptRun.mount(Rendered.backupScripts(stack, context), work.resolve("scripts"));
    // The drill runs as the pod's unprivileged user: it reads the dumps and scripts under here.
    try {
      Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  // --- backup.sh -------------------------------------------------------------------------------

  @Test
  void backupWritesDumpWithMetadataAndPrunesFilesOlderThanTheRetention() throws Exception {
    Path dir = Files.createDirectories(work.resolve("retention"));
    Path oldDump = old(dir.resolve("prod-supernova-20200101T020000Z.dump"), 31);
    Path oldMeta = old(dir.resolve("prod-supernova-20200101T020000Z.json"), 31);
    Path oldPartial = old(dir.resolve("prod-supernova-20200102T020000Z.dump.partial"), 31);
    Path recent = old(dir.resolve("prod-supernova-20200201T020000Z.dump"), 29);
    // With the new dump these make the RETENTION_KEEP_MIN (3) newest successful backups.
    finished(dir, "prod-supernova-20200202T020000Z", 29, ROWS);
    finished(dir, "prod-supernova-20200203T020000Z", 28, ROWS);

    var result = backup(dir);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.output()).contains("backup: dumping supernova").contains("backup: wrote ");
    assertThat(result.output())
        .contains("retention 30d removes " + oldDump.getFileName())
        .contains("retention 30d removes " + oldMeta.getFileName());
    assertThat(oldDump).doesNotExist();
    assertThat(oldMeta).doesNotExist();
    assertThat(oldPartial).doesNotExist();
    assertThat(recent).exists();

    Path dump = newestDump(dir);
    assertThat(dump.getFileName().toString()).matches("prod-supernova-\\d{8}T\\d{6}Z\\.dump");
    String meta = Files.readString(Path.of(dump.toString().replace(".dump", ".json")));
    String serverVersion = postgres.psql("postgres", "SHOW server_version").split(" ")[0];
    assertThat(meta)
        .contains("\"format\": \"custom\"")
        .contains("\"file\": \"" + dump.getFileName() + "\"")
        .contains("\"sizeBytes\": " + Files.size(dump))
        .contains("\"sha256\": \"" + sha256(dump) + "\"")
        .contains("\"postgresVersion\": \"" + serverVersion + "\"")
        .contains("\"timescaledbVersion\": \"\"")
        .contains("\"sentimentDataRowsMin\": " + ROWS)
        .contains("\"sentimentDataRowsMax\": " + ROWS);
    // What the operator reads from the pod: the result as one JSON line.
    assertThat(result.terminationMessage())
        .contains("\"result\":\"Succeeded\"")
        .contains("\"file\":\"" + dump.getFileName() + "\"")
        .contains("\"sizeBytes\":" + Files.size(dump))
        .contains("\"sentimentDataRows\":" + ROWS);
  }

  @Test
  void retentionKeepsTheNewestSuccessfulDumpsWhateverTheirAgeAndNeverTheOneJustWritten()
      throws Exception {
    Path dir = Files.createDirectories(work.resolve("keep-min"));
    List<Path> pairs = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      pairs.add(finished(dir, "prod-supernova-2020010" + (4 - i) + "T020000Z", 40 + i, ROWS));
    }
    Path oldPartial = old(dir.resolve("prod-supernova-20200101T020000Z.dump.partial"), 40);
    // A backup still being written (another pod) is not touched: it is younger than the retention.
    Path freshPartial =
        Files.writeString(dir.resolve("prod-supernova-29990101T020000Z.dump.partial"), "x");

    var result = backup(dir);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path written = newestDump(dir);
    assertThat(written).exists();
    assertThat(json(pairs.get(0))).exists();
    assertThat(pairs.get(0)).exists();
    assertThat(pairs.get(1)).exists();
    assertThat(json(pairs.get(1))).exists();
    assertThat(pairs.get(2)).doesNotExist();
    assertThat(json(pairs.get(2))).doesNotExist();
    assertThat(pairs.get(3)).doesNotExist();
    assertThat(oldPartial).doesNotExist();
    assertThat(freshPartial).exists();
    assertThat(result.output())
        .contains("retention 30d removes " + pairs.get(2).getFileName())
        .doesNotContain("removes " + pairs.get(1).getFileName());

    // Even a retention of 0 days with a minimum of 1 keeps the dump this run wrote.
    Files.delete(freshPartial);
    Thread.sleep(1100);
    Map<String, String> env = new HashMap<>();
    env.put("RETENTION_DAYS", "0");
    env.put("RETENTION_KEEP_MIN", "1");
    var again = backup(dir, env);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as(again.toString())
          .containsExactlyInAnyOrder(
              newestDump(dir).getFileName().toString(),
              json(newestDump(dir)).getFileName().toString());
    }
    assertThat(newestDump(dir)).isNotEqualTo(written);
  }

  @Test
  void aSharpDropInSentimentRowsIsFlaggedAndNoOlderDumpIsPruned() throws Exception {
    Path dir = Files.createDirectories(work.resolve("row-drop"));
    List<Path> old = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      old.add(finished(dir, "prod-supernova-2020010" + (3 - i) + "T020000Z", 40 + i, 1_000_000));
    }
    Path previous = finished(dir, "prod-supernova-20200301T020000Z", 1, 1_000_000);

    var result = backup(dir);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path dump = newestDump(dir);
    assertThat(result.output())
        .contains(
            "backup: suspected data loss: sentiment_data has "
                + ROWS
                + " rows, the previous backup "
                + previous.getFileName()
                + " had 1000000");
    assertThat(result.terminationMessage())
        .contains("\"result\":\"Succeeded\"")
        .contains("\"file\":\"" + dump.getFileName() + "\"")
        .contains("\"suspectedDataLoss\":true")
        .contains("\"previousSentimentDataRows\":1000000")
        .contains("\"sentimentDataRows\":" + ROWS);
    assertThat(Files.readString(json(dump)))
        .contains("\"suspectedDataLoss\": true")
        .contains("\"previousSentimentDataRows\": 1000000");
    assertThat(result.output()).doesNotContain("removes");
    for (Path kept : old) {
      assertThat(kept).exists();
      assertThat(json(kept)).exists();
    }
    assertThat(previous).exists();
  }

  @Test
  void aFailedBackupPrunesNothing() throws Exception {
    Path dir = Files.createDirectories(work.resolve("failed-no-retention"));
    Path oldPair = finished(dir, "prod-supernova-20200101T020000Z", 40, ROWS);
    Path oldPartial = old(dir.resolve("prod-supernova-20200102T020000Z.dump.partial"), 40);
    Map<String, String> env = new HashMap<>();
    env.put("PGPORT", String.valueOf(Processes.freePort()));

    var result = backup(dir, env);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(oldPair).exists();
    assertThat(json(oldPair)).exists();
    assertThat(oldPartial).exists();
  }

  @Test
  void backupOfADatabaseThatIsDownFailsWithAReadableLineAndLeavesNoFile() throws Exception {
    Path dir = Files.createDirectories(work.resolve("down"));
    try (LocalPostgres down = LocalPostgres.startDefault()) {
      down.stop();
      var result =
          scripts.run(
              backupContainer(),
              secrets(down.password()),
              Map.of(
                  "PGHOST", "127.0.0.1",
                  "PGPORT", String.valueOf(down.port()),
                  "BACKUP_DIR", dir.toString()));
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(result.output())
          .containsPattern(
              "backup: FAILED \\(DatabaseUnreachable\\): cannot connect to database supernova at"
                  + " 127\\.0\\.0\\.1:"
                  + down.port()
                  + ": .*(refused|connect)");
      assertThat(result.terminationMessage()).contains("\"reason\":\"DatabaseUnreachable\"");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void backupToAFullVolumeFailsWithAReadableLineAndKeepsEarlierBackups() throws Exception {
    Path dir = Files.createDirectories(work.resolve("full"));
    // A 256 KiB tmpfs stands in for a full PersistentVolume (the dump of 20,000 rows is larger).
    var mount =
        Processes.runAllowingFailure(
            List.of("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", dir.toString()),
            Duration.ofSeconds(10));
    assumeThat(mount.exitCode())
        .as("mounting a tmpfs needs root (CAP_SYS_ADMIN): " + mount.output())
        .isZero();
    try {
      Path earlier =
          Files.writeString(
              dir.resolve("prod-supernova-20250101T020000Z.dump"), "x".repeat(10_000));
      var result = backup(dir);
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(result.output())
          .contains("backup: FAILED (BackupVolumeFull): backup volume " + dir + " is full")
          .contains("the partial file was removed, earlier backups are untouched")
          .contains("grow spec.backup.storage.size");
      assertThat(result.terminationMessage()).contains("\"reason\":\"BackupVolumeFull\"");
      assertThat(Files.readString(earlier)).hasSize(10_000);
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .containsExactly(earlier.getFileName().toString());
      }
    } finally {
      Processes.run(List.of("umount", dir.toString()), Duration.ofSeconds(10));
    }
  }

  // --- restore.sh ------------------------------------------------------------------------------

  @Test
  void restoreBringsBackTheSameRowsIntoAnEmptyDatabaseOnceOnly() throws Exception {
    Path dir = Files.createDirectories(work.resolve("restore"));
    assertThat(backup(dir).exitCode()).isZero();
    String target = emptyDatabase();

    var result = restore(dir, target, fromBackup("latest", false));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.output()).contains("restore: restored " + newestDump(dir).getFileName());
    assertThat(SentimentData.fingerprint(postgres, target)).isEqualTo(sourceFingerprint);
    assertThat(
            postgres.psql(
                target, "SELECT tableowner FROM pg_tables WHERE tablename = 'sentiment_data'"))
        .as("restored tables belong to the API server's role")
        .isEqualTo(SentimentData.OWNER);
    assertThat(postgres.psql(target, "SELECT current_setting('supernova.restored_from', true)"))
        .startsWith(newestDump(dir).getFileName().toString());
    assertThat(result.terminationMessage()).contains("\"sentimentDataRows\":" + ROWS);

    // A second run (a retried Job, a re-created stack) does nothing.
    var again = restore(dir, target, fromBackup("latest", false));
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.output()).contains("was already restored from");
    assertThat(SentimentData.fingerprint(postgres, target)).isEqualTo(sourceFingerprint);
  }

  @Test
  void restoreRefusesADatabaseWithDataUnlessForced() throws Exception {
    Path dir = Files.createDirectories(work.resolve("not-empty"));
    assertThat(backup(dir).exitCode()).isZero();
    String target = emptyDatabase();
    postgres.psql(target, "CREATE TABLE keep_me (id int); INSERT INTO keep_me VALUES (1)");

    var refused = restore(dir, target, fromBackup("latest", false));
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.output())
        .contains(
            "restore: FAILED (DatabaseNotEmpty): database "
                + target
                + " already has 1 tables (e.g. public.keep_me); refusing to restore over data")
        .contains("spec.database.bootstrap.fromBackup.force: true");
    assertThat(postgres.psql(target, "SELECT to_regclass('public.sentiment_data') IS NULL"))
        .isEqualTo("t");
    assertThat(postgres.psql(target, "SELECT count(*) FROM keep_me")).isEqualTo("1");

    var forced = restore(dir, target, fromBackup("latest", true));
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(SentimentData.fingerprint(postgres, target)).isEqualTo(sourceFingerprint);
  }

  @Test
  void aForcedRestoreRunsOnceAndNeverAgainOverLiveData() throws Exception {
    Path dir = Files.createDirectories(work.resolve("force-once"));
    assertThat(backup(dir).exitCode()).isZero();
    String target = emptyDatabase();
    postgres.psql(target, "CREATE TABLE replace_me (id int)");

    var first = restore(dir, target, fromBackup("latest", true));
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(SentimentData.fingerprint(postgres, target)).isEqualTo(sourceFingerprint);

    // The API server wrote after the restore; then the Retain stack is deleted and re-created from
    // the same manifest, and its restore Job runs again with force: true.
    postgres.psql(target, "INSERT INTO users (username, password_hash) VALUES ('carol', 'h')");
    String live = SentimentData.fingerprint(postgres, target);
    var again = restore(dir, target, fromBackup("latest", true));

    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.output()).contains("was already restored from");
    assertThat(SentimentData.fingerprint(postgres, target)).isEqualTo(live);
  }

  @Test
  void theDataAndTheRestoredMarkerCommitTogether() throws Exception {
    Path dir = Files.createDirectories(work.resolve("marker-atomic"));
    assertThat(backup(dir).exitCode()).isZero();
    String target = emptyDatabase();
    // A user that may create tables but does not own the database (an external database's app
    // user): it cannot set the marker, so nothing may be committed without it.
    postgres.psql(
        "postgres",
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'restorer') THEN"
            + " CREATE ROLE restorer LOGIN PASSWORD 'restorer-pw'; END IF; END $$");
    postgres.psql(target, "GRANT CREATE ON SCHEMA public TO restorer");
    Map<String, String> env = local(dir);
    env.put("PGDATABASE", target);
    env.put("PGUSER", "restorer");
    env.put("PGPASSWORD", "restorer-pw");
    env.put("RESTORE_ROLE", "");
    SuperNovaStack restoring = fromBackup(newestDump(dir).getFileName().toString(), false);

    var result =
        scripts.run(
            Rendered.restoreContainer(restoring, ProofStacks.context(restoring)),
            secrets(postgres.password()),
            env);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.output())
        .contains("restore: FAILED (RestoreFailed): restoring " + newestDump(dir).getFileName())
        .contains("needs the owner of database " + target)
        .contains(target + " is unchanged");
    assertThat(postgres.psql(target, "SELECT to_regclass('public.sentiment_data') IS NULL"))
        .as("no restored table without the marker")
        .isEqualTo("t");
  }

  @Test
  void latestIsPinnedByTheFirstAttemptAndARetryRestoresThatFileNotANewerOne() throws Exception {
    Path dir = Files.createDirectories(work.resolve("pinned"));
    Pinned pinned = pinnedByAFailedAttempt(dir);
    Path good = pinned.dump();

    // Meanwhile a backup of the still-empty database becomes the newest dump on the volume.
    assertThat(backupOf(dir, emptyDatabase()).exitCode()).isZero();
    assertThat(newestDumpByTime(dir)).isNotEqualTo(good);

    var retry = restore(dir, pinned.target(), fromBackup("latest", false));

    assertThat(retry.exitCode()).as(retry.toString()).isZero();
    assertThat(retry.output()).contains("restore: restored " + good.getFileName());
    assertThat(retry.terminationMessage()).contains("\"file\":\"" + good.getFileName() + "\"");
    assertThat(SentimentData.fingerprint(postgres, pinned.target())).isEqualTo(sourceFingerprint);
  }

  @Test
  void aRetryWhosePinnedDumpVanishedFailsClearlyInsteadOfTakingAnother() throws Exception {
    Path dir = Files.createDirectories(work.resolve("pinned-gone"));
    Pinned pinned = pinnedByAFailedAttempt(dir);
    Path good = pinned.dump();
    assertThat(backupOf(dir, SOURCE).exitCode()).isZero();
    Files.delete(good);
    Files.delete(json(good));

    var retry = restore(dir, pinned.target(), fromBackup("latest", false));

    assertThat(retry.exitCode()).as(retry.toString()).isEqualTo(5);
    assertThat(retry.output())
        .contains(
            "restore: FAILED (BackupNotFound): backup file "
                + good.getFileName()
                + " not found in "
                + dir)
        .contains("pinned");
    assertThat(retry.terminationMessage())
        .contains("\"reason\":\"BackupNotFound\"")
        .contains("\"file\":\"" + good.getFileName() + "\"");
    assertThat(
            postgres.psql(pinned.target(), "SELECT to_regclass('public.sentiment_data') IS NULL"))
        .isEqualTo("t");
  }

  @Test
  void aDatabaseLeftInTimescaleDbRestoringModeIsTakenOutOfIt() throws Exception {
    Path dir = Files.createDirectories(work.resolve("restoring-mode"));
    assertThat(backup(dir).exitCode()).isZero();
    String target = emptyDatabase();
    // What a restore killed between timescaledb_pre_restore() and timescaledb_post_restore()
    // leaves.
    postgres.psql("postgres", "ALTER DATABASE " + target + " SET timescaledb.restoring = 'on'");
    assertThat(restoringMode(target)).isEqualTo("on");

    var result = restore(dir, target, fromBackup("latest", false));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.output())
        .contains("restore: database " + target + " was left in TimescaleDB's restoring mode");
    assertThat(restoringMode(target)).isEmpty();
    assertThat(SentimentData.fingerprint(postgres, target)).isEqualTo(sourceFingerprint);

    // Also when the killed attempt had already restored the data.
    postgres.psql("postgres", "ALTER DATABASE " + target + " SET timescaledb.restoring = 'on'");
    var again = restore(dir, target, fromBackup("latest", false));
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.output()).contains("was already restored from");
    assertThat(restoringMode(target)).isEmpty();
  }

  @Test
  void restoreRefusesADumpFromANewerPostgres() throws Exception {
    Path dir = Files.createDirectories(work.resolve("newer"));
    assertThat(backup(dir).exitCode()).isZero();
    Path meta = Path.of(newestDump(dir).toString().replace(".dump", ".json"));
    Files.writeString(
        meta,
        Files.readString(meta)
            .replaceAll("\"postgresVersion\": \"[^\"]*\"", "\"postgresVersion\": \"99.1\""));
    String target = emptyDatabase();

    var result = restore(dir, target, fromBackup(newestDump(dir).getFileName().toString(), false));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.output())
        .containsPattern(
            "restore: FAILED \\(NewerVersion\\): .*\\.dump was dumped from PostgreSQL 99\\.1, newer than"
                + " this server \\(PostgreSQL \\d+\\.\\d+\\); restore it into PostgreSQL 99 or newer");
    assertThat(result.terminationMessage()).contains("\"reason\":\"NewerVersion\"");
    assertThat(postgres.psql(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
        .isEqualTo("0");
  }

  @Test
  void restoreOfAMissingFileFailsAndNamesTheBackupsThatExist() throws Exception {
    Path dir = Files.createDirectories(work.resolve("missing"));
    assertThat(backup(dir).exitCode()).isZero();
    String target = emptyDatabase();

    var result = restore(dir, target, fromBackup("prod-supernova-20990101T000000Z.dump", false));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
    assertThat(result.output())
        .contains(
            "restore: FAILED (BackupNotFound): backup file prod-supernova-20990101T000000Z.dump not found in "
                + dir)
        .contains(newestDump(dir).getFileName().toString());

    Path empty = Files.createDirectories(work.resolve("no-backups"));
    var none = restore(empty, target, fromBackup("latest", false));
    assertThat(none.exitCode()).isEqualTo(5);
    assertThat(none.output()).contains("restore: FAILED (BackupNotFound): no finished backup");
  }

  // --- verify.sh (restore drill) ---------------------------------------------------------------

  @Test
  void drillRestoresTheLatestBackupIntoAScratchServerOfItsOwnWithoutAnyDatabaseAddress()
      throws Exception {
    Path dir = Files.createDirectories(work.resolve("drill"));
    assertThat(backup(dir).exitCode()).isZero();
    Path scratch = scratchDir("drill-scratch");
    Map<String, String> env = new HashMap<>();
    env.put("BACKUP_DIR", dir.toString());
    env.put("SCRATCH_DIR", scratch.toString());
    // The drill needs no address or password of the production database.
    for (String libpq : List.of("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD")) {
      env.put(libpq, null);
    }

    var result = scripts.unprivileged().run(verifyContainer(), secrets(postgres.password()), env);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.output())
        .contains("verify: drill: restoring " + newestDump(dir).getFileName())
        .contains("scratch PostgreSQL")
        .contains(
            "verify: drill OK: "
                + newestDump(dir).getFileName()
                + " restores (2 tables, "
                + ROWS
                + " sentiment_data rows)");
    assertThat(result.terminationMessage())
        .contains("\"result\":\"Succeeded\"")
        .contains("\"sentimentDataRows\":" + ROWS);
    assertNoScratchDatabaseLeft();
    assertEmpty(scratch);
  }

  @Test
  void drillDetectsACorruptDump() throws Exception {
    Path dir = Files.createDirectories(work.resolve("corrupt"));
    assertThat(backup(dir).exitCode()).isZero();
    Path dump = newestDump(dir);
    try (RandomAccessFile file = new RandomAccessFile(dump.toFile(), "rw")) {
      file.seek(file.length() / 2);
      file.write(new byte[64]);
    }

    var result = drill(dir, scratchDir("corrupt-scratch"));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(6);
    assertThat(result.output())
        .contains(
            "verify: FAILED (CorruptBackup): drill restore of " + dump.getFileName() + " failed")
        .contains("does not match the SHA-256 recorded when it was written");
    assertThat(result.terminationMessage()).contains("\"reason\":\"CorruptBackup\"");
    assertNoScratchDatabaseLeft();
  }

  @Test
  void drillDetectsATruncatedDumpEvenWithoutTheRecordedChecksum() throws Exception {
    Path dir = Files.createDirectories(work.resolve("truncated"));
    assertThat(backup(dir).exitCode()).isZero();
    Path dump = newestDump(dir);
    try (RandomAccessFile file = new RandomAccessFile(dump.toFile(), "rw")) {
      file.setLength(file.length() / 2);
    }
    var checked = drill(dir, scratchDir("truncated-scratch"));
    assertThat(checked.exitCode()).as(checked.toString()).isEqualTo(6);
    assertThat(checked.output()).contains("verify: FAILED (CorruptBackup)");

    // An older dump's metadata without a checksum: pg_restore itself must notice.
    Path meta = Path.of(dump.toString().replace(".dump", ".json"));
    Files.writeString(meta, Files.readString(meta).replaceAll("(?m)^\\s*\"sha256\".*\\n", ""));
    Path scratch = scratchDir("unchecked-scratch");
    var unchecked = drill(dir, scratch);
    assertThat(unchecked.exitCode()).as(unchecked.toString()).isNotZero();
    assertThat(unchecked.output())
        .contains("verify: FAILED (")
        .contains(dump.getFileName().toString());
    assertNoScratchDatabaseLeft();
    assertEmpty(scratch);
  }

  @Test
  void aDrillKilledMidRestoreLeavesNothingOnTheProductionServer() throws Exception {
    Path dir = Files.createDirectories(work.resolve("drill-killed"));
    // Big enough that the restore takes a while.
    String big = "drill_source_big";
    SentimentData.createOwnedDatabase(postgres, big);
    SentimentData.createSchema(postgres, big);
    SentimentData.insert(postgres, big, 300_000);
    assertThat(backupOf(dir, big).exitCode()).isZero();
    String databasesBefore = productionDatabases();
    Path scratch = scratchDir("drill-killed-scratch");
    Map<String, String> env = local(dir);
    env.put("SCRATCH_DIR", scratch.toString());

    // With the production address and password in its env, as the Job renders it today.
    var started =
        scripts.unprivileged().start(verifyContainer(), secrets(postgres.password()), env);
    try {
      awaitDescendant(started.process(), "pg_restore", Duration.ofMinutes(2));
    } finally {
      started.killGroup();
    }
    var killed = started.await(Duration.ofSeconds(30));

    assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(137);
    assertThat(killed.output()).doesNotContain("drill OK");
    assertThat(productionDatabases()).as(killed.toString()).isEqualTo(databasesBefore);
    awaitTrue(
        () ->
            "0"
                .equals(
                    postgres.psql(
                        "postgres",
                        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                            + " AND pid <> pg_backend_pid()")),
        "no session left on the production server");
    // The scratch server died with the drill's processes; in a pod its emptyDir goes with the pod,
    // here the test removes the directory.
    awaitTrue(
        () ->
            ProcessHandle.allProcesses()
                .noneMatch(
                    p ->
                        p.info()
                            .commandLine()
                            .map(c -> c.contains(scratch.toString()))
                            .orElse(false)),
        "no process left running on " + scratch);
    Processes.deleteTree(scratch);
    postgres.psql("postgres", "DROP DATABASE " + big);
  }

  @Test
  void aDrillRefusesAScratchVolumeTooSmallForTheRestore() throws Exception {
    Path dir = Files.createDirectories(work.resolve("drill-small"));
    assertThat(backup(dir).exitCode()).isZero();
    Path scratch = Files.createDirectories(work.resolve("drill-small-scratch"));
    var mount =
        Processes.runAllowingFailure(
            List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", scratch.toString()),
            Duration.ofSeconds(10));
    assumeThat(mount.exitCode())
        .as("mounting a tmpfs needs root (CAP_SYS_ADMIN): " + mount.output())
        .isZero();
    try {
      handToUnprivileged(scratch);
      var result = drill(dir, scratch);

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(7);
      assertThat(result.output())
          .contains("verify: FAILED (DrillVolumeTooSmall): scratch volume " + scratch)
          .contains(newestDump(dir).getFileName().toString());
      assertThat(result.terminationMessage()).contains("\"reason\":\"DrillVolumeTooSmall\"");
      assertEmpty(scratch);
    } finally {
      Processes.run(List.of("umount", scratch.toString()), Duration.ofSeconds(10));
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static ScriptRun.Result backup(Path dir) {
    return scripts.run(backupContainer(), secrets(postgres.password()), local(dir));
  }

  private static ScriptRun.Result backup(Path dir, Map<String, String> extra) {
    Map<String, String> env = local(dir);
    env.putAll(extra);
    return scripts.run(backupContainer(), secrets(postgres.password()), env);
  }

  /** A backup of another database of the server into {@code dir}. */
  private static ScriptRun.Result backupOf(Path dir, String database) {
    return backup(dir, Map.of("PGDATABASE", database));
  }

  /**
   * A good dump of the source, and a first restore attempt of "latest" into a new database that
   * fails after it started (an object the dump creates is already there), then the obstacle
   * removed: what a retried pod finds.
   */
  private static Pinned pinnedByAFailedAttempt(Path dir) throws IOException {
    assertThat(backup(dir).exitCode()).isZero();
    Path good = newestDump(dir);
    // Older than whatever is written next, as the volume's listing sees it.
    age(good, Duration.ofMinutes(5));
    age(json(good), Duration.ofMinutes(5));
    String target = emptyDatabase();
    postgres.psql(target, "CREATE SEQUENCE public.users_id_seq");

    var attempt = restore(dir, target, fromBackup("latest", false));

    assertThat(attempt.exitCode()).as(attempt.toString()).isEqualTo(1);
    assertThat(attempt.output()).contains("restore: FAILED (RestoreFailed)");
    assertThat(attempt.terminationMessage())
        .as("the file a failed attempt used is known to the operator")
        .contains("\"file\":\"" + good.getFileName() + "\"");
    postgres.psql(target, "DROP SEQUENCE public.users_id_seq");
    return new Pinned(good, target);
  }

  /** The dump a failed first attempt resolved "latest" to, and the database it restores into. */
  private record Pinned(Path dump, String target) {}

  private static String restoringMode(String database) {
    return postgres.psql(database, "SELECT current_setting('timescaledb.restoring', true)");
  }

  private static ScriptRun.Result restore(Path dir, String target, SuperNovaStack restoring) {
    Map<String, String> env = local(dir);
    env.put("PGDATABASE", target);
    return scripts.run(
        Rendered.restoreContainer(restoring, ProofStacks.context(restoring)),
        secrets(postgres.password()),
        env);
  }

  /**
   * A drill as the Job runs it, with its env pointing at an address that only counts connections:
   * the drill must never connect to the production database.
   */
  private static ScriptRun.Result drill(Path dir, Path scratch) throws IOException {
    try (var tripwire = new Tripwire()) {
      Map<String, String> env = local(dir);
      env.put("PGPORT", String.valueOf(tripwire.port()));
      env.put("SCRATCH_DIR", scratch.toString());
      var result = scripts.unprivileged().run(verifyContainer(), secrets(postgres.password()), env);
      assertThat(tripwire.accepted())
          .as("connections to the production database's address\n" + result)
          .isZero();
      return result;
    }
  }

  private static Container verifyContainer() {
    return Rendered.verifyContainer(stack, context);
  }

  /** A directory standing in for the drill's emptyDir, writable by the pod's user. */
  private static Path scratchDir(String name) throws IOException {
    Path dir = Files.createDirectories(work.resolve(name));
    handToUnprivileged(dir);
    return dir;
  }

  private static void handToUnprivileged(Path dir) {
    String user = ScriptRun.unprivilegedUser();
    if (user != null) {
      Processes.run(List.of("chown", user + ":", dir.toString()), Duration.ofSeconds(10));
    }
  }

  private static void assertEmpty(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).as("left in " + dir).isEmpty();
    }
  }

  private static String productionDatabases() {
    return postgres.psql(
        "postgres", "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database");
  }

  private static void awaitDescendant(Process process, String name, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (process
          .descendants()
          .anyMatch(p -> p.info().commandLine().map(c -> c.contains(name)).orElse(false))) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("the script ended before " + name + " started");
      }
      sleep(10);
    }
    throw new AssertionError(name + " did not start within " + timeout);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still not true after 20s: " + what);
      }
      sleep(100);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A loopback port that accepts and counts connections, closing each at once. */
  private static final class Tripwire implements AutoCloseable {
    private final java.net.ServerSocket socket;
    private final java.util.concurrent.atomic.AtomicInteger accepted =
        new java.util.concurrent.atomic.AtomicInteger();

    Tripwire() throws IOException {
      socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
      Thread thread =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (var ignored = socket.accept()) {
                    accepted.incrementAndGet();
                  } catch (IOException e) {
                    // Closed.
                  }
                }
              },
              "tripwire");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    int accepted() {
      return accepted.get();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static Container backupContainer() {
    return Rendered.backupCronJob(stack, context)
        .getSpec()
        .getJobTemplate()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  /** A stack asking for a restore of {@code file}. */
  private static SuperNovaStack fromBackup(String file, boolean force) {
    SuperNovaStack restoring = ProofStacks.stack();
    var from = new FromBackupSpec();
    from.setFile(file);
    from.setForce(force);
    var bootstrap = new BootstrapSpec();
    bootstrap.setFromBackup(from);
    restoring.getSpec().getDatabase().setBootstrap(bootstrap);
    return restoring;
  }

  /** The cluster-specific env replaced by this machine's: database address and backup dir. */
  private static Map<String, String> local(Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", "127.0.0.1");
    env.put("PGPORT", String.valueOf(postgres.port()));
    env.put("BACKUP_DIR", dir.toString());
    return env;
  }

  private static Map<String, String> secrets(String superuserPassword) {
    return Map.of(
        StackNames.databaseCredentialsApplied(stack) + "/" + ReferencedSecrets.SUPERUSER_PASSWORD,
        superuserPassword);
  }

  private static String emptyDatabase() {
    String name = "target_" + (++databases);
    SentimentData.createOwnedDatabase(postgres, name);
    return name;
  }

  private static void assertNoScratchDatabaseLeft() {
    assertThat(
            postgres.psql(
                "postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE '%\\_drill\\_%'"))
        .isEqualTo("0");
  }

  private static Path newestDump(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches(".*-\\d{8}T\\d{6}Z\\.dump"))
          .filter(p -> Files.exists(Path.of(p.toString().replace(".dump", ".json"))))
          .max(java.util.Comparator.comparing(p -> p.getFileName().toString()))
          .orElseThrow(() -> new AssertionError("no dump in " + dir));
    }
  }

  /** The newest finished dump as "latest" sees it: by modification time. */
  private static Path newestDumpByTime(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".dump"))
          .filter(p -> Files.exists(json(p)))
          .max(java.util.Comparator.comparing(p -> p.toFile().lastModified()))
          .orElseThrow(() -> new AssertionError("no dump in " + dir));
    }
  }

  private static Path json(Path dump) {
    return Path.of(dump.toString().replaceAll("\\.dump$", ".json"));
  }

  /** A finished backup {@code days} old whose metadata counted {@code rows} sentiment rows. */
  private static Path finished(Path dir, String base, int days, long rows) throws IOException {
    Path dump = old(dir.resolve(base + ".dump"), days);
    Path meta = dir.resolve(base + ".json");
    Files.writeString(
        meta,
        "{\n  \"file\": \""
            + base
            + ".dump\",\n  \"sentimentDataRowsMin\": "
            + rows
            + ",\n  \"sentimentDataRowsMax\": "
            + rows
            + "\n}\n");
    age(meta, Duration.ofDays(days));
    return dump;
  }

  private static void age(Path file, Duration by) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(by)));
  }

  private static Path old(Path file, int days) throws IOException {
    Files.writeString(file, "old");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(days, ChronoUnit.DAYS)));
    return file;
  }

  private static String sha256(Path file) throws Exception {
    var digest = java.security.MessageDigest.getInstance("SHA-256");
    return java.util.HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
  }
}
