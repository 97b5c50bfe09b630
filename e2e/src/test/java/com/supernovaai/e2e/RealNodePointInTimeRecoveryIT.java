package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.supernovaai.e2e.cluster.NamespaceDump;
import com.supernovaai.e2e.cluster.RealNode;
import com.supernovaai.e2e.cluster.SharedRealNode;
import com.supernovaai.e2e.harness.ObjectStores;
import com.supernovaai.e2e.harness.RealNodeSession;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.model.BootstrapSpec;
import com.supernovaai.operator.model.FromObjectStoreSpec;
import com.supernovaai.operator.model.ObjectStoreSpec;
import com.supernovaai.operator.model.RestorePhase;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.testsupport.LocalObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Point-in-time recovery through the operator, in real containers (issue 17): stack A archives to a
 * real S3 server (SeaweedFS on the node's bridge address, TLS with its own CA); rows are written,
 * the time noted, more rows written and a table dropped; stack B, in another namespace, is created
 * with {@code database.bootstrap.fromObjectStore} at the noted time. B becomes Ready on exactly the
 * rows committed before that time (and the dropped table), with its own passwords, and A's archive
 * holds nothing of B's. Counts asserted, timings printed.
 */
@Isolated
@ExtendWith(SharedRealNode.class)
class RealNodePointInTimeRecoveryIT {

  private static final String SOURCE_NS = "pitr-source";
  private static final String RESTORED_NS = "pitr-restored";
  private static final String BUCKET = "pitr-archive";
  private static final String DATABASE_CONTAINER = "timescaledb";
  private static final String SIDECAR = "pgbackrest";
  private static final int BEFORE_ROWS = 1200;
  private static final int AFTER_ROWS = 500;
  private static final int AUDIT_ROWS = 40;

  /** A whole stack starting on a share of 2 busy cores. */
  private static final Duration READY = Duration.ofMinutes(5);

  private static final Pattern WAL_FILE =
      Pattern.compile("\\b([0-9A-F]{8})([0-9A-F]{16})?(\\.history)?\\b");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static RealNode node;
  private static KubernetesClient client;
  private static RealNodeSession session;
  private static ObjectStoreSpec restoredStore;
  private static LocalObjectStore store;
  private static SuperNovaStack source;
  private static SuperNovaStack restored;
  private static Instant classStart;
  private static final RealNodeSession.Figures FIGURES = new RealNodeSession.Figures(66);

  @RegisterExtension
  static final TestWatcher DUMP_ON_FAILURE =
      RealNodeSession.dumpOnFailure("RealNodePointInTimeRecoveryIT", () -> node, () -> dump());

  @BeforeAll
  static void up(RealNode shared) throws Exception {
    node = shared;
    classStart = Instant.now();
    session = RealNodeSession.open(node, SOURCE_NS, RESTORED_NS);
    client = session.client();
    store = LocalObjectStore.start(BUCKET, node.nodeIp());
    // The same keys and CA in both namespaces: the restored stack reads the source's archive.
    var objectStore = ObjectStores.spec(client, SOURCE_NS, store);
    restoredStore = ObjectStores.spec(client, RESTORED_NS, store);

    source = Stacks.withBackupAwayFromNow(Stacks.loadExample("local-images.yaml"));
    source.getMetadata().setNamespace(SOURCE_NS);
    source.getSpec().getBackup().setObjectStore(objectStore);
    client.resource(source).create();
  }

  @AfterAll
  static void down() {
    if (classStart != null) {
      FIGURES.put("the class on a node already up (before its cleanup), s", seconds(classStart));
    }
    // The stacks and their namespaces (volumes) are SharedRealNode's to remove: deleting them here
    // would stop their pods with their own grace periods (the database's 60 s, archiving to the
    // store stopped below), which its cleanup then waits out.
    if (session != null) {
      session.close();
    }
    if (store != null) {
      store.close();
    }
    System.out.println(FIGURES.print("RealNodePointInTimeRecoveryIT"));
  }

  @Test
  void aNewStackRestoredToANotedTimeHasExactlyTheRowsCommittedBeforeIt() throws Exception {
    String a = source.getMetadata().getName();
    Instant created = Instant.now();
    awaitBaseBackup();
    FIGURES.put("source: first base backup in the bucket after its creation, s", seconds(created));

    // A schema of the test's own: the API server's migrations refuse a public schema they did not
    // make, and the API may start after these writes.
    psql(SOURCE_NS, a, "CREATE SCHEMA pitr");
    psql(SOURCE_NS, a, "CREATE TABLE pitr.ledger (id bigint PRIMARY KEY, note text)");
    psql(SOURCE_NS, a, "CREATE TABLE pitr.audit_trail (id bigint PRIMARY KEY)");
    psql(
        SOURCE_NS,
        a,
        "INSERT INTO pitr.audit_trail SELECT g FROM generate_series(1, " + AUDIT_ROWS + ") g");
    insertLedger(1, BEFORE_ROWS);
    String noted =
        psql(
            SOURCE_NS,
            a,
            "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
    insertLedger(BEFORE_ROWS + 1, BEFORE_ROWS + AFTER_ROWS);
    psql(SOURCE_NS, a, "DROP TABLE pitr.audit_trail");
    // Everything up to the drop is in the archive before the restore starts.
    String last = psql(SOURCE_NS, a, "SELECT pg_walfile_name(pg_switch_wal())");
    Instant switched = Instant.now();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(
                        psql(
                            SOURCE_NS,
                            a,
                            "SELECT coalesce(last_archived_wal, '') >= '"
                                + last
                                + "' FROM pg_stat_archiver"))
                    .as("segment %s archived", last)
                    .isEqualTo("t"));
    FIGURES.put(
        "source: the segment with the drop archived after pg_switch_wal, s", seconds(switched));
    TreeSet<String> archiveBefore = archiveFiles(a);
    List<String> backupsBefore = backupLabels(a);

    restored = Stacks.availableWhenReady(Stacks.loadExample("local-images.yaml"));
    restored.getMetadata().setName("restored");
    restored.getMetadata().setNamespace(RESTORED_NS);
    var from = new FromObjectStoreSpec();
    from.setEndpoint("https://" + store.endpoint());
    from.setBucket(BUCKET);
    from.setPath("/" + SOURCE_NS + "/" + a);
    from.setCredentialsSecret(restoredStore.getCredentialsSecret());
    from.setCaSecret(restoredStore.getCaSecret());
    from.setTargetTime(noted);
    var bootstrap = new BootstrapSpec();
    bootstrap.setFromObjectStore(from);
    restored.getSpec().getDatabase().setBootstrap(bootstrap);
    // B archives nowhere: A's archive must stay A's alone.
    restored.getSpec().getBackup().setObjectStore(null);
    restored.getSpec().getBackup().setEnabled(false);
    Instant restoreCreated = Instant.now();
    client.resource(restored).create();

    await()
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              var now = client.resource(restored).get();
              assertThat(now.getStatus()).as("status").isNotNull();
              assertThat(now.getStatus().getRestore()).as("status.restore").isNotNull();
              assertThat(now.getStatus().getRestore().getPhase())
                  .as("restore: %s", now.getStatus().getRestore().getMessage())
                  .isNotEqualTo(RestorePhase.Failed);
              assertThat(Stacks.isReady(now)).as("restored stack Ready").isTrue();
            });
    FIGURES.put("restored stack Ready after its creation, s", seconds(restoreCreated));
    var status = client.resource(restored).get().getStatus();
    var restore = status.getRestore();
    assertThat(restore.getPhase()).isEqualTo(RestorePhase.Succeeded);
    assertThat(restore.getTargetTime()).isEqualTo(noted);
    assertThat(Stacks.condition(client.resource(restored).get(), "DatabaseRestored"))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    FIGURES.put(
        "restore in the init container (base backup + replay + passwords), s",
        String.format(
            "%.1f",
            Duration.between(
                        Instant.parse(restore.getStartTime()),
                        Instant.parse(restore.getCompletionTime()))
                    .toMillis()
                / 1000.0));
    FIGURES.put("restore message", restore.getMessage());

    String b = restored.getMetadata().getName();
    // Exactly the rows committed before the noted time, and the table dropped after it.
    assertThat(psql(RESTORED_NS, b, "SELECT count(*) FROM pitr.ledger"))
        .isEqualTo("" + BEFORE_ROWS);
    assertThat(psql(RESTORED_NS, b, "SELECT max(id) FROM pitr.ledger")).isEqualTo("" + BEFORE_ROWS);
    assertThat(psql(RESTORED_NS, b, "SELECT count(*) FROM pitr.audit_trail"))
        .isEqualTo("" + AUDIT_ROWS);
    // Nothing left to replay on a later start, and the stack's own role logs in with its password
    // (the API server, Ready above, reaches the database through PgBouncer with it too).
    assertThat(psql(RESTORED_NS, b, "SELECT pg_is_in_recovery()")).isEqualTo("f");
    assertThat(psql(RESTORED_NS, b, "SHOW restore_command")).isEmpty();
    assertThat(
            psql(
                RESTORED_NS,
                b,
                "SELECT count(*) FROM pg_file_settings WHERE name LIKE 'recovery_target%' OR name = 'restore_command'"))
        .isEqualTo("0");

    // The source is as it was: the table is still gone there, all its rows are there.
    assertThat(psql(SOURCE_NS, a, "SELECT count(*) FROM pitr.ledger"))
        .isEqualTo("" + (BEFORE_ROWS + AFTER_ROWS));
    // A's archive holds nothing of B's: no other timeline, no other backup.
    TreeSet<String> archiveAfter = archiveFiles(a);
    FIGURES.put(
        "source archive files before / after the restore",
        archiveBefore.size() + " / " + archiveAfter.size());
    assertThat(archiveAfter).allSatisfy(f -> assertThat(f).startsWith("00000001"));
    assertThat(archiveAfter).containsAll(archiveBefore);
    assertThat(backupLabels(a)).isEqualTo(backupsBefore);
  }

  private static void awaitBaseBackup() {
    await()
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(3))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(backupLabels(source.getMetadata().getName())).isNotEmpty());
  }

  private static void insertLedger(int from, int to) {
    psql(
        SOURCE_NS,
        source.getMetadata().getName(),
        "INSERT INTO pitr.ledger SELECT g, 'row ' || g FROM generate_series("
            + from
            + ", "
            + to
            + ") g");
  }

  /** psql as the superuser in the stack's database pod, on the API server's database. */
  private static String psql(String ns, String stack, String sql) {
    return node.kubectl(
            "exec",
            "-n",
            ns,
            stack + "-db-0",
            "-c",
            DATABASE_CONTAINER,
            "--",
            "psql",
            "-X",
            "-U",
            "postgres",
            "-d",
            "supernova",
            "-At",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql)
        .trim();
  }

  /** The labels of the base backups in A's repository, oldest first. */
  private static List<String> backupLabels(String stack) throws Exception {
    String info =
        node.kubectl(
            "exec",
            "-n",
            SOURCE_NS,
            stack + "-db-0",
            "-c",
            SIDECAR,
            "--",
            "pgbackrest",
            "--stanza=db",
            "--output=json",
            "info");
    List<String> labels = new java.util.ArrayList<>();
    for (JsonNode backup : JSON.readTree(info).path(0).path("backup")) {
      labels.add(backup.path("label").asText());
    }
    return labels;
  }

  /** WAL segments and timeline history files in A's archive, as pgBackRest lists them. */
  private static TreeSet<String> archiveFiles(String stack) {
    String listing =
        node.kubectl(
            "exec",
            "-n",
            SOURCE_NS,
            stack + "-db-0",
            "-c",
            SIDECAR,
            "--",
            "pgbackrest",
            "--stanza=db",
            "--recurse",
            "repo-ls",
            "archive");
    TreeSet<String> files = new TreeSet<>();
    Matcher m = WAL_FILE.matcher(listing);
    while (m.find()) {
      if (m.group(2) != null || m.group(3) != null) {
        files.add(m.group(0));
      }
    }
    return files;
  }

  private static String seconds(Instant since) {
    return String.format("%.1f", Duration.between(since, Instant.now()).toMillis() / 1000.0);
  }

  private static String dump() {
    StringBuilder out = new StringBuilder(node.diagnostics());
    if (client != null) {
      for (String ns : List.of(SOURCE_NS, RESTORED_NS)) {
        out.append("== namespace ").append(ns).append('\n').append(NamespaceDump.of(client, ns));
      }
      out.append("== restore (init container) log\n")
          .append(
              node.kubectlResult(
                      "logs", "-n", RESTORED_NS, "restored-db-0", "-c", "pitr-restore", "--tail=80")
                  .stdout());
    }
    if (store != null) {
      out.append("== object store log: ").append(store.logFile()).append('\n');
    }
    return out.toString();
  }
}
