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
        .contains("\"sizeBytes\":" + Files.size(dump));
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
  void drillRestoresTheLatestBackupChecksItAndDropsTheScratchDatabase() throws Exception {
    Path dir = Files.createDirectories(work.resolve("drill"));
    assertThat(backup(dir).exitCode()).isZero();

    var result = drill(dir);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.output())
        .contains("verify: drill: restoring " + newestDump(dir).getFileName())
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

    var result = drill(dir);

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
    var checked = drill(dir);
    assertThat(checked.exitCode()).as(checked.toString()).isEqualTo(6);
    assertThat(checked.output()).contains("verify: FAILED (CorruptBackup)");

    // An older dump's metadata without a checksum: pg_restore itself must notice.
    Path meta = Path.of(dump.toString().replace(".dump", ".json"));
    Files.writeString(meta, Files.readString(meta).replaceAll("(?m)^\\s*\"sha256\".*\\n", ""));
    var unchecked = drill(dir);
    assertThat(unchecked.exitCode()).as(unchecked.toString()).isNotZero();
    assertThat(unchecked.output())
        .contains("verify: FAILED (")
        .contains(dump.getFileName().toString());
    assertNoScratchDatabaseLeft();
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static ScriptRun.Result backup(Path dir) {
    return scripts.run(backupContainer(), secrets(postgres.password()), local(dir));
  }

  private static ScriptRun.Result restore(Path dir, String target, SuperNovaStack restoring) {
    Map<String, String> env = local(dir);
    env.put("PGDATABASE", target);
    return scripts.run(
        Rendered.restoreContainer(restoring, ProofStacks.context(restoring)),
        secrets(postgres.password()),
        env);
  }

  private static ScriptRun.Result drill(Path dir) {
    return scripts.run(
        Rendered.verifyContainer(stack, context), secrets(postgres.password()), local(dir));
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
        StackNames.databaseCredentials(stack) + "/" + ReferencedSecrets.SUPERUSER_PASSWORD,
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
