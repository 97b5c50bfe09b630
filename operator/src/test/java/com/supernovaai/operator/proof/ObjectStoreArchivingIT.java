package com.supernovaai.operator.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.operator.config.ArchiveConfig;
import com.supernovaai.operator.dependent.Scripts;
import com.supernovaai.operator.reconciler.ArchivingObserver;
import com.supernovaai.operator.status.ContinuousArchiving;
import com.supernovaai.operator.status.Reasons;
import com.supernovaai.testsupport.LocalObjectStore;
import com.supernovaai.testsupport.LocalPostgres;
import com.supernovaai.testsupport.Processes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Continuous WAL archiving, base backups and point-in-time recovery to a real S3-compatible store
 * (SeaweedFS, over TLS), with the pgBackRest configuration and the scripts the operator renders,
 * run by a real PostgreSQL: segments reach the bucket as they complete, a restore to a noted time
 * brings back exactly the rows committed before it, and an object store outage delays archiving
 * without losing a segment.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObjectStoreArchivingIT {

  private static final Pattern SEGMENT = Pattern.compile("\\b([0-9A-F]{24})-[0-9a-f]{40}\\b");

  @TempDir static Path work;

  private static LocalObjectStore store;
  private static LocalPostgres postgres;
  private static Path conf;
  private static Map<String, String> credentials;
  private static ScriptRun scripts;

  @BeforeAll
  static void archivingDatabase() throws IOException {
    long started = System.nanoTime();
    // The pod's unprivileged account reads the scripts and configuration under here.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    store = LocalObjectStore.start("supernova-backups");
    credentials =
        Map.of(
            ArchiveConfig.ACCESS_KEY_ENV, store.accessKey(),
            ArchiveConfig.SECRET_KEY_ENV, store.secretKey());
    conf = work.resolve("pgbackrest.conf");
    Path lock = Files.createDirectories(work.resolve("lock"));
    Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rwxrwxrwx"));

    StringBuilder archiving = new StringBuilder();
    ArchiveConfig.postgresParameters(conf.toString(), 60)
        .forEach((k, v) -> archiving.append(k).append(" = ").append(v).append('\n'));
    postgres =
        LocalPostgres.builder().extraConf(archiving.toString()).environment(credentials).start();
    Files.writeString(
        conf,
        ArchiveConfig.pgBackRestConf(
            new ArchiveConfig.Repository(
                store.host(),
                store.port(),
                store.bucket(),
                "us-east-1",
                "/prod/supernova",
                store.caFile().toString(),
                2),
            new ArchiveConfig.Database(
                postgres.dataDirectory().toString(),
                postgres.socketDirectory().toString(),
                postgres.port(),
                postgres.user()),
            new ArchiveConfig.LocalPaths(lock.toString())));
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));

    scripts =
        ScriptRun.mount(
                Map.of(
                    Scripts.BASE_BACKUP, Scripts.load(Scripts.BASE_BACKUP),
                    Scripts.PITR_RESTORE, Scripts.load(Scripts.PITR_RESTORE),
                    Scripts.PITR_BOOTSTRAP, Scripts.load(Scripts.PITR_BOOTSTRAP),
                    Scripts.BACKUP_LIB, Scripts.load(Scripts.BACKUP_LIB)),
                work.resolve("scripts"))
            .unprivileged();
    System.out.printf(
        "ObjectStoreArchivingIT: object store and archiving database up in %d ms%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  @Order(1)
  void aBaseBackupGoesToTheBucketAndEveryCompletedSegmentFollowsIt() {
    long started = System.nanoTime();
    var backup = scripts.run(container(Scripts.BASE_BACKUP), Map.of(), env(Map.of()));
    long backupMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();

    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    assertThat(backup.output()).containsPattern("base-backup: backup \\d{8}-\\d{6}F done in");
    assertThat(backup.terminationMessage())
        .containsPattern("\"result\":\"Succeeded\",\"label\":\"\\d{8}-\\d{6}F\",\"type\":\"full\"");
    System.out.printf("ObjectStoreArchivingIT: full base backup took %d ms%n", backupMillis);

    postgres.psql("postgres", "CREATE TABLE ticks (id bigint PRIMARY KEY)");
    insert("ticks", 1, 1000);
    long switched = System.nanoTime();
    String segment = switchSegment();
    awaitArchived(segment, Duration.ofSeconds(60));
    System.out.printf(
        "ObjectStoreArchivingIT: archive lag of one completed segment: %d ms%n",
        Duration.ofNanos(System.nanoTime() - switched).toMillis());
    assertThat(archivedSegments()).contains(segment);
    assertThat(postgres.psql("postgres", "SELECT failed_count FROM pg_stat_archiver"))
        .as("archive_command failures")
        .isEqualTo("0");
  }

  @Test
  @Order(2)
  void restoreToANotedTimeBringsBackExactlyTheRowsCommittedBeforeIt() {
    awaitClockPastNewestBackup();
    postgres.psql("postgres", "CREATE TABLE orders (id bigint PRIMARY KEY)");
    insert("orders", 1, 1200);
    // The server's clock, in UTC, after the first batch committed and before the second starts.
    String noted =
        postgres.psql(
            "postgres",
            "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'");
    insert("orders", 1201, 1700);
    postgres.psql("postgres", "DROP TABLE orders");
    awaitArchived(switchSegment(), Duration.ofSeconds(60));

    long started = System.nanoTime();
    try (LocalPostgres restored = restore(noted)) {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> "f".equals(restored.psql("postgres", "SELECT pg_is_in_recovery()")));
      System.out.printf(
          "ObjectStoreArchivingIT: restore to %s and WAL replay took %d ms%n",
          noted, Duration.ofNanos(System.nanoTime() - started).toMillis());
      assertThat(restored.psql("postgres", "SELECT count(*) FROM orders")).isEqualTo("1200");
      assertThat(restored.psql("postgres", "SELECT max(id) FROM orders")).isEqualTo("1200");
      assertThat(restored.psql("postgres", "SELECT count(*) FROM ticks")).isEqualTo("1000");
    }
    // The source is untouched: the table is still gone there.
    assertThat(postgres.psql("postgres", "SELECT to_regclass('orders') IS NULL")).isEqualTo("t");
  }

  /**
   * What the init container of a stack restored from the archive does (pitr-bootstrap.sh): restore,
   * replay to the noted time and promote, the new stack's passwords on the roles, the recovery
   * settings gone from postgresql.auto.conf; a second run (a pod restart) changes nothing.
   */
  @Test
  @Order(3)
  void theBootstrapScriptRestoresToTheNotedTimeWithTheNewStacksPasswords() throws IOException {
    postgres.psql("postgres", "CREATE TABLE accounts (id bigint PRIMARY KEY)");
    insert("accounts", 1, 300);
    String noted =
        postgres.psql(
            "postgres",
            "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'");
    insert("accounts", 301, 500);
    postgres.psql("postgres", "DROP TABLE accounts");
    awaitArchived(switchSegment(), Duration.ofSeconds(60));

    long started = System.nanoTime();
    String[] marker = new String[1];
    try (LocalPostgres restored =
        LocalPostgres.builder()
            .environment(env(Map.of()))
            .extraConf("archive_mode = off")
            .restoredBy(
                data -> {
                  // The script creates PGDATA itself, as in the pod's fresh volume.
                  deleteEmpty(data);
                  Map<String, String> overrides = bootstrapEnv(data, noted);
                  var result =
                      scripts.run(container(Scripts.PITR_BOOTSTRAP), Map.of(), env(overrides));
                  assertThat(result.exitCode()).as(result.toString()).isZero();
                  assertThat(result.terminationMessage())
                      .contains("\"result\":\"Succeeded\"", "\"lastReplayedCommit\":\"20");
                  System.out.printf(
                      "ObjectStoreArchivingIT: pitr-bootstrap.sh (restore, replay to %s, promote,"
                          + " passwords, stop) took %d ms: %s%n",
                      noted,
                      Duration.ofNanos(System.nanoTime() - started).toMillis(),
                      result.terminationMessage().strip());
                  String autoConf = read(data.resolve("postgresql.auto.conf"));
                  assertThat(autoConf).doesNotContain("restore_command", "recovery_target");
                  assertThat(data.resolve("recovery.signal")).doesNotExist();
                  marker[0] = read(data.getParent().resolve(".supernova-pitr-done"));
                  assertThat(data.getParent().resolve(".supernova-pitr-running")).doesNotExist();

                  // A pod restart: the script finds its own restore and changes nothing.
                  var again =
                      scripts.run(container(Scripts.PITR_BOOTSTRAP), Map.of(), env(overrides));
                  assertThat(again.exitCode()).as(again.toString()).isZero();
                  assertThat(again.output()).contains("nothing to do");
                  assertThat(again.terminationMessage().strip()).isEqualTo(marker[0].strip());
                })
            .start()) {
      assertThat(restored.psql("postgres", "SELECT pg_is_in_recovery()")).isEqualTo("f");
      assertThat(restored.psql("postgres", "SELECT count(*) FROM accounts")).isEqualTo("300");
      assertThat(restored.psql("postgres", "SELECT max(id) FROM accounts")).isEqualTo("300");
      assertThat(restored.psql("postgres", "SHOW restore_command")).isEmpty();
      // The new stack's passwords over TCP (scram), the source's refused.
      assertThat(login(restored, restored.user(), "new-superuser-pw", "postgres")).isTrue();
      assertThat(login(restored, restored.user(), postgres.password(), "postgres")).isFalse();
      assertThat(login(restored, "supernova", "new-app-pw", "supernova")).isTrue();
    }
  }

  /**
   * Restores that cannot succeed end with a reason the operator shows (DatabaseRestored=False and
   * an Event): a target before the first base backup, keys the store refuses. The data directory is
   * left marked as an interrupted restore, so the next attempt starts over.
   */
  @Test
  @Order(4)
  void aRestoreThatCannotSucceedSaysWhy() throws IOException {
    Path volume = Files.createTempDirectory(work, "pitr-failed-");
    Files.setPosixFilePermissions(volume, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path data = volume.resolve("pgdata");

    var tooEarly =
        scripts.run(
            container(Scripts.PITR_BOOTSTRAP),
            Map.of(),
            env(bootstrapEnv(data, "2000-01-01 00:00:00.000000+00")));
    System.out.printf(
        "ObjectStoreArchivingIT: target before the first backup: %s%n",
        tooEarly.terminationMessage().strip());
    assertThat(tooEarly.exitCode()).as(tooEarly.toString()).isNotZero();
    assertThat(tooEarly.terminationMessage()).contains("\"result\":\"Failed\"");
    assertThat(tooEarly.terminationMessage()).contains("\"reason\":\"TargetBeforeBackup\"");
    assertThat(volume.resolve(".supernova-pitr-running")).exists();
    assertThat(volume.resolve(".supernova-pitr-done")).doesNotExist();

    Map<String, String> wrongKeys = env(bootstrapEnv(data, null));
    wrongKeys.put(ArchiveConfig.SECRET_KEY_ENV, "not-the-key");
    var refused = scripts.run(container(Scripts.PITR_BOOTSTRAP), Map.of(), wrongKeys);
    System.out.printf(
        "ObjectStoreArchivingIT: wrong secret key: %s%n", refused.terminationMessage().strip());
    assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
    assertThat(refused.terminationMessage())
        // SeaweedFS answers a wrongly signed listing like an empty repository.
        .contains("\"result\":\"Failed\"", "\"reason\":\"NoBackupFound\"")
        .doesNotContain("not-the-key", store.secretKey());
    assertThat(refused.output()).contains("was interrupted");
  }

  private static Map<String, String> bootstrapEnv(Path data, String targetTime) {
    Map<String, String> env = new HashMap<>();
    env.put("PGDATA", data.toString());
    env.put("PGHOST", data.getParent().toString());
    env.put("PGPORT", Integer.toString(Processes.freePort()));
    env.put("TARGET_TIME", targetTime);
    env.put("POSTGRES_USER", postgres.user());
    env.put("POSTGRES_PASSWORD", "new-superuser-pw");
    env.put("APP_DB_USER", "supernova");
    env.put("APP_DB_PASSWORD", "new-app-pw");
    env.put("APP_DB_NAME", "supernova");
    // postgres and pg_ctl on PATH, as in the database image.
    env.put("PATH", Processes.postgresBinary("postgres").getParent() + ":" + System.getenv("PATH"));
    return env;
  }

  /** Logs in over TCP (scram): true when accepted, false when the password is refused. */
  private static boolean login(
      LocalPostgres server, String user, String password, String database) {
    Map<String, String> env = new HashMap<>();
    env.put("PGPASSWORD", password);
    try {
      Processes.run(
          List.of(
              Processes.postgresBinary("psql").toString(),
              "-X",
              "-h",
              "127.0.0.1",
              "-p",
              Integer.toString(server.port()),
              "-U",
              user,
              "-d",
              database,
              "-c",
              "SELECT 1"),
          env,
          Duration.ofSeconds(30));
      return true;
    } catch (IllegalStateException e) {
      if (String.valueOf(e.getMessage()).contains("password authentication failed")) {
        return false;
      }
      throw e;
    }
  }

  private static void deleteEmpty(Path dir) {
    try {
      Files.delete(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  @Order(5)
  void anObjectStoreOutageDelaysArchivingAndLosesNoSegment() {
    postgres.psql("postgres", "CREATE TABLE during_outage (id bigint PRIMARY KEY)");
    String before = switchSegment();
    awaitArchived(before, Duration.ofSeconds(60));
    long failedBefore =
        Long.parseLong(postgres.psql("postgres", "SELECT failed_count FROM pg_stat_archiver"));

    store.stop();
    long outage = System.nanoTime();
    String last = null;
    for (int batch = 0; batch < 5; batch++) {
      insert("during_outage", batch * 100 + 1, batch * 100 + 100);
      last = switchSegment();
    }
    // Lag grows: the completed segments wait in pg_wal (pgBackRest's archive-push keeps retrying
    // the store inside one call, so pg_stat_archiver's failure count may not move yet).
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(waitingSegments()).isGreaterThanOrEqualTo(5));
    System.out.printf(
        "ObjectStoreArchivingIT: during the outage %d segments wait to be archived (%s archiver"
            + " failures so far, %d before)%n",
        waitingSegments(),
        postgres.psql("postgres", "SELECT failed_count FROM pg_stat_archiver"),
        failedBefore);
    // What the sidecar reports now (archiver-report.sql): within the lag limit, True. The same
    // figures reported once the oldest waiting segment is past the limit (the store still down,
    // nothing moves): False.
    var during = archiverReport();
    assertThat(during.segmentsWaiting()).isGreaterThanOrEqualTo(5);
    assertThat(during.oldestWaitingTime()).isNotNull();
    Instant pastLimit =
        during.oldestWaitingTime().plus(ContinuousArchiving.DEFAULT_LAG_LIMIT).plusSeconds(1);
    var lagging = ContinuousArchiving.decide(reportedAt(during, pastLimit), pastLimit);
    assertThat(lagging.status()).isEqualTo("False");
    assertThat(lagging.reason()).isIn(Reasons.ARCHIVING_LAGGING, Reasons.ARCHIVING_FAILING);
    System.out.printf("ObjectStoreArchivingIT: the report past the limit: %s%n", lagging.message());
    assertThat(ContinuousArchiving.decide(during, during.time()).status()).isEqualTo("True");

    store.start();
    long back = System.nanoTime();
    awaitArchived(last, Duration.ofMinutes(4));
    System.out.printf(
        "ObjectStoreArchivingIT: outage of %d ms; archiving caught up %d ms after the store came back%n",
        Duration.ofNanos(back - outage).toMillis(),
        Duration.ofNanos(System.nanoTime() - back).toMillis());
    assertThat(waitingSegments()).isZero();
    var after = archiverReport();
    assertThat(after.segmentsWaiting()).isZero();
    assertThat(after.lastArchivedWal()).isEqualTo(last);
    assertThat(ContinuousArchiving.decide(after, after.time().plusSeconds(60)))
        .extracting(ContinuousArchiving.Verdict::status, ContinuousArchiving.Verdict::reason)
        .containsExactly("True", Reasons.ARCHIVING_UP_TO_DATE);

    // No hole: every segment from before the outage to the last one is in the bucket.
    TreeSet<String> archived = archivedSegments();
    List<String> expected = segmentsBetween(before, last);
    assertThat(expected).hasSizeGreaterThanOrEqualTo(6);
    assertThat(archived).containsAll(expected);

    // And a restore replaying the whole archive has every row written during the outage.
    try (LocalPostgres restored = restore(null)) {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> "f".equals(restored.psql("postgres", "SELECT pg_is_in_recovery()")));
      assertThat(restored.psql("postgres", "SELECT count(*) FROM during_outage")).isEqualTo("500");
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** A new server restored by pitr-restore.sh (to {@code targetTime}, or the archive's end). */
  private static LocalPostgres restore(String targetTime) {
    return LocalPostgres.builder()
        .environment(env(Map.of()))
        // A restored copy must not push its own timeline into the source's archive.
        .extraConf("archive_mode = off")
        .restoredBy(
            data -> {
              Map<String, String> overrides = new HashMap<>();
              overrides.put("PGDATA", data.toString());
              overrides.put("TARGET_TIME", targetTime);
              var result = scripts.run(container(Scripts.PITR_RESTORE), Map.of(), env(overrides));
              assertThat(result.exitCode()).as(result.toString()).isZero();
              assertThat(result.terminationMessage()).contains("\"result\":\"Succeeded\"");
            })
        .start();
  }

  /** The container the operator will render for a script: its command, the config in the env. */
  private static Container container(String script) {
    return new ContainerBuilder()
        .withCommand("/bin/sh", "/scripts/" + script)
        .withEnv(new java.util.ArrayList<>())
        .build();
  }

  private static Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(credentials);
    env.put("PGBACKREST_CONFIG", conf.toString());
    env.putAll(extra);
    return env;
  }

  private static ContinuousArchiving.Report reportedAt(ContinuousArchiving.Report r, Instant time) {
    return new ContinuousArchiving.Report(
        r.pod(),
        time,
        r.lastArchivedWal(),
        r.lastArchivedTime(),
        r.lastFailedTime(),
        r.segmentsWaiting(),
        r.oldestWaitingTime(),
        r.lastBaseBackupTime());
  }

  /** The sidecar's report, from the shipped SQL, parsed as the operator parses the annotation. */
  private static ContinuousArchiving.Report archiverReport() {
    String json = postgres.psql("postgres", Scripts.load(Scripts.ARCHIVER_REPORT_SQL));
    return ArchivingObserver.report("db-0", json).orElseThrow();
  }

  private static void insert(String table, int from, int to) {
    postgres.psql(
        "postgres",
        "INSERT INTO " + table + " SELECT g FROM generate_series(" + from + ", " + to + ") g");
  }

  /** Closes the current WAL segment and returns its name. */
  private static String switchSegment() {
    return postgres.psql("postgres", "SELECT pg_walfile_name(pg_switch_wal())");
  }

  private static void awaitArchived(String segment, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(
                        postgres.psql(
                            "postgres",
                            "SELECT coalesce(last_archived_wal, '') >= '"
                                + segment
                                + "' FROM pg_stat_archiver"))
                    .as("segment %s archived (server log: %s)", segment, postgres.logFile())
                    .isEqualTo("t"));
  }

  /** Completed segments PostgreSQL still has to hand to archive_command. */
  private static int waitingSegments() {
    return Integer.parseInt(
        postgres.psql(
            "postgres",
            "SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready'"));
  }

  /** The WAL segment names in the bucket, as pgBackRest lists its repository. */
  /**
   * pgBackRest keeps a backup's stop time in whole seconds and restores to a time only from a
   * backup that stopped before it, so a time noted in the last second of the newest backup finds
   * none ("unable to find backup set with stop time less than", seen once in CI right after the
   * first test's backup). A user's target is minutes or hours later; the test waits that second.
   */
  private static void awaitClockPastNewestBackup() {
    String info =
        Processes.run(
                List.of("pgbackrest", "--stanza=" + ArchiveConfig.STANZA, "--output=json", "info"),
                env(Map.of()),
                Duration.ofSeconds(60))
            .output();
    long stop = 0;
    Matcher m = Pattern.compile("\"stop\":(\\d+)").matcher(info);
    while (m.find()) {
      stop = Math.max(stop, Long.parseLong(m.group(1)));
    }
    long newestStop = stop;
    assertThat(newestStop).as("a base backup's stop time in %s", info).isPositive();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> Instant.now().getEpochSecond() > newestStop + 1);
  }

  private static TreeSet<String> archivedSegments() {
    var listing =
        Processes.run(
            List.of(
                "pgbackrest",
                "--stanza=" + ArchiveConfig.STANZA,
                "--recurse",
                "repo-ls",
                "archive"),
            env(Map.of()),
            Duration.ofSeconds(60));
    TreeSet<String> segments = new TreeSet<>();
    Matcher m = SEGMENT.matcher(listing.output());
    while (m.find()) {
      segments.add(m.group(1));
    }
    return segments;
  }

  /** Segment names from {@code first} to {@code last} on one timeline (16 MB segments). */
  private static List<String> segmentsBetween(String first, String last) {
    String timeline = first.substring(0, 8);
    long from =
        Long.parseLong(first.substring(8, 16), 16) * 0x100
            + Long.parseLong(first.substring(16), 16);
    long to =
        Long.parseLong(last.substring(8, 16), 16) * 0x100 + Long.parseLong(last.substring(16), 16);
    List<String> names = new java.util.ArrayList<>();
    for (long n = from; n <= to; n++) {
      names.add(String.format("%s%08X%08X", timeline, n / 0x100, n % 0x100));
    }
    return names;
  }
}
