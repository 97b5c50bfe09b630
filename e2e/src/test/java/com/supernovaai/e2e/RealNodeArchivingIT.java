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
import com.supernovaai.operator.model.ArchivingStatus;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.EventReasons;
import com.supernovaai.operator.status.Reasons;
import com.supernovaai.testsupport.LocalObjectStore;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * WAL archiving as the operator renders it, in real containers: a stack with {@code
 * spec.backup.objectStore} pointing at a real S3 server (SeaweedFS on this machine, on the node's
 * bridge address, which the pods reach without leaving the machine; TLS with its own CA, given by
 * {@code caSecret}). The database pod's sidecar takes the first base backup by itself, and every
 * segment PostgreSQL completes reaches the bucket (counted through pgBackRest's own view of the
 * repository, from inside the pod); a backup-now dump is copied beside the archive; then the store
 * goes down: ContinuousArchiving turns False with a Warning while the stack stays Ready, and once
 * the store is back every segment completed meanwhile reaches the bucket. One stack for all three:
 * each would otherwise start its own. Timings printed, never asserted.
 */
@Isolated
@ExtendWith(SharedRealNode.class)
@TestMethodOrder(OrderAnnotation.class)
class RealNodeArchivingIT {

  private static final String NS = "archiving-it";
  private static final String BUCKET = "wal-archive";
  private static final String DATABASE_CONTAINER = "timescaledb";
  private static final String SIDECAR = "pgbackrest";

  /** PostgreSQL initialising its volume on a share of 2 busy cores. */
  private static final Duration READY = Duration.ofMinutes(5);

  private static final Pattern SEGMENT = Pattern.compile("\\b([0-9A-F]{24})-[0-9a-f]{40}\\b");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static RealNode node;
  private static KubernetesClient client;
  private static RealNodeSession session;
  private static LocalObjectStore store;
  private static SuperNovaStack stack;
  private static Instant created;
  private static Instant classStart;
  private static final RealNodeSession.Figures FIGURES = new RealNodeSession.Figures(62);

  @RegisterExtension
  static final TestWatcher DUMP_ON_FAILURE =
      RealNodeSession.dumpOnFailure("RealNodeArchivingIT", () -> node, () -> dump());

  @BeforeAll
  static void up(RealNode shared) throws Exception {
    node = shared;
    classStart = Instant.now();
    session = RealNodeSession.open(node, NS);
    client = session.client();
    Instant start = Instant.now();
    store = LocalObjectStore.start(BUCKET, node.nodeIp());
    FIGURES.put("object store up on " + store.endpoint() + ", s", seconds(start));

    stack = Stacks.withBackupAwayFromNow(Stacks.loadExample("local-images.yaml"));
    stack.getMetadata().setNamespace(NS);
    var objectStore = ObjectStores.spec(client, NS, store);
    // A strict recovery point (the default is 120 s): the outage below is reported sooner.
    objectStore.setMaxWalLagSeconds(30);
    stack.getSpec().getBackup().setObjectStore(objectStore);
    created = Instant.now();
    client.resource(stack).create();
  }

  @AfterAll
  static void down() {
    if (classStart != null) {
      FIGURES.put("the class on a node already up (before its cleanup), s", seconds(classStart));
    }
    if (session != null) {
      session.close();
    }
    if (store != null) {
      store.close();
    }
    System.out.println(FIGURES.print("RealNodeArchivingIT"));
  }

  @Test
  @Order(1)
  void theSidecarTakesABaseBackupAndEveryCompletedSegmentReachesTheBucket() throws Exception {
    await()
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(databasePod())
                    .as("database pod with both containers ready")
                    .isNotNull()
                    .extracting(p -> p.getStatus().getContainerStatuses())
                    .satisfies(
                        statuses ->
                            assertThat(statuses)
                                .hasSize(2)
                                .allSatisfy(c -> assertThat(c.getReady()).isTrue())));
    FIGURES.put("database pod Ready (PostgreSQL + sidecar), s", seconds(created));

    // The first base backup is taken as soon as archiving is on: nobody asked for it.
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(3))
        .untilAsserted(() -> assertThat(backups()).as("base backups in the bucket").isNotEmpty());
    FIGURES.put("first base backup in the bucket, s", seconds(created));
    JsonNode backup = backups().get(0);
    assertThat(backup.path("type").asText()).isEqualTo("full");
    FIGURES.put(
        "base backup " + backup.path("label").asText() + ", size on the store (bytes)",
        backup.path("info").path("repository").path("delta").asLong());

    // Three segments completed on purpose: each must be in the bucket, none failed.
    TreeSet<String> before = archivedSegments();
    TreeSet<String> switched = new TreeSet<>();
    for (int i = 0; i < 3; i++) {
      psql(
          "CREATE TABLE IF NOT EXISTS archived (n int); INSERT INTO archived SELECT generate_series(1, 1000)");
      switched.add(psql("SELECT pg_walfile_name(pg_switch_wal())"));
    }
    Instant switchedAt = Instant.now();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(archivedSegments()).containsAll(switched));
    FIGURES.put("3 switched segments in the bucket after, s", seconds(switchedAt));
    TreeSet<String> after = archivedSegments();
    FIGURES.put("segments in the bucket before / after", before.size() + " / " + after.size());
    assertThat(after).hasSizeGreaterThanOrEqualTo(before.size() + switched.size());
    // Not asserted: segments completed before the sidecar created the stanza fail once and are
    // retried by PostgreSQL, which is what archiving is designed to do.
    FIGURES.put("pg_stat_archiver.failed_count", psql("SELECT failed_count FROM pg_stat_archiver"));
    assertThat(psql("SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready'"))
        .as("segments waiting to be archived")
        .isEqualTo("0");
    // The base backup is restorable from the archive alone: its WAL range is in the bucket.
    String stop = backup.path("archive").path("stop").asText();
    assertThat(after).contains(stop);
  }

  @Test
  @Order(2)
  void aLogicalDumpIsCopiedToTheBucketBesideTheArchive() {
    // One pg_dump now, through the documented annotation: the Job pod reaches the store through
    // the backup NetworkPolicy's egress to the store's port, with the keys from the Secret.
    Instant requested = Instant.now();
    String request = Stacks.requestBackup(client, NS, stack.getMetadata().getName());
    var backup =
        await()
            .atMost(READY)
            .pollInterval(Duration.ofSeconds(2))
            .until(
                () ->
                    client
                        .resources(SuperNovaStack.class)
                        .inNamespace(NS)
                        .withName(stack.getMetadata().getName())
                        .get()
                        .getStatus()
                        .getBackup(),
                b ->
                    b != null
                        && request.equals(b.getLastManualRequest())
                        && (b.getLastSuccessfulTime() != null || b.getLastFailedTime() != null));
    assertThat(backup.getLastFailedTime()).as("the backup failed: %s", backup).isNull();
    FIGURES.put("backup-now dump written and copied offsite, s", seconds(requested));
    String file = backup.getLastBackupFile();
    assertThat(file).isNotBlank();
    String dumps =
        node.kubectl(
            "exec",
            "-n",
            NS,
            stack.getMetadata().getName() + "-db-0",
            "-c",
            SIDECAR,
            "--",
            "pgbackrest",
            "--stanza=db",
            "repo-ls",
            "dumps");
    assertThat(dumps).contains(file, file.replace(".dump", ".json"));
  }

  @Test
  @Order(3)
  void archivingGoesFalseWithAWarningDuringAnOutageAndCatchesUpAfterIt() throws Exception {
    // Archiving is on and reported: a base backup is in the bucket and a segment was pushed.
    await()
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              var archiving = current().getStatus().getArchiving();
              assertThat(condition(ConditionTypes.CONTINUOUS_ARCHIVING))
                  .extracting(Condition::getStatus, Condition::getReason)
                  .containsExactly("True", Reasons.ARCHIVING_UP_TO_DATE);
              assertThat(archiving).isNotNull();
              assertThat(archiving.getLastBaseBackupTime()).isNotNull();
              assertThat(archiving.getLastArchivedWal()).isNotNull();
              assertThat(Stacks.isReady(current())).as("Ready").isTrue();
            });
    FIGURES.put("ContinuousArchiving True (base backup + a segment pushed), s", seconds(created));
    assertThat(Stacks.isReady(current())).isTrue();
    // Its first 24 characters: the last archived file may be a backup history file (".backup").
    String lastBefore = current().getStatus().getArchiving().getLastArchivedWal().substring(0, 24);
    TreeSet<String> bucketBefore = archivedSegments();
    assertThat(bucketBefore).contains(lastBefore);

    // The store goes away; the database keeps completing segments, which may wait 30 s.
    store.stop();
    Instant outage = Instant.now();
    List<String> switched = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      psql(
          "CREATE TABLE IF NOT EXISTS during_outage (n int);"
              + " INSERT INTO during_outage SELECT generate_series(1, 1000)");
      switched.add(psql("SELECT pg_walfile_name(pg_switch_wal())"));
    }
    FIGURES.put("segments completed during the outage", switched);

    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(condition(ConditionTypes.CONTINUOUS_ARCHIVING))
                    .extracting(Condition::getStatus)
                    .isEqualTo("False"));
    FIGURES.put("ContinuousArchiving False after the store stopped, s", seconds(outage));
    Condition lagging = condition(ConditionTypes.CONTINUOUS_ARCHIVING);
    FIGURES.put("  its reason / message", lagging.getReason() + " / " + lagging.getMessage());
    assertThat(lagging.getReason()).isIn(Reasons.ARCHIVING_LAGGING, Reasons.ARCHIVING_FAILING);
    ArchivingStatus during = current().getStatus().getArchiving();
    assertThat(during.getSegmentsWaiting())
        .as("segments waiting on the database volume")
        .isGreaterThanOrEqualTo(switched.size());
    assertThat(during.getOldestWaitingTime()).isNotNull();
    FIGURES.put("  segments waiting in status.archiving", during.getSegmentsWaiting());
    // Data safety is at risk, serving is not: Degraded with the same reason, still Ready.
    assertThat(condition(ConditionTypes.DEGRADED))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("True", lagging.getReason());
    assertThat(Stacks.isReady(current())).as("Ready during the outage").isTrue();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(events("Warning", lagging.getReason())).as("Warning").isNotEmpty());

    // The store comes back with its data: every waiting segment is pushed.
    store.start();
    Instant back = Instant.now();
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              assertThat(condition(ConditionTypes.CONTINUOUS_ARCHIVING))
                  .extracting(Condition::getStatus, Condition::getReason)
                  .containsExactly("True", Reasons.ARCHIVING_UP_TO_DATE);
              assertThat(current().getStatus().getArchiving().getSegmentsWaiting()).isZero();
            });
    FIGURES.put("ContinuousArchiving True again after the store came back, s", seconds(back));
    FIGURES.put("  outage (store stopped) in all, s", seconds(outage));
    assertThat(events("Normal", EventReasons.ARCHIVING_CAUGHT_UP)).isNotEmpty();
    assertThat(condition(ConditionTypes.DEGRADED).getStatus()).isEqualTo("False");

    // Nothing lost: every segment from the last one before the outage to the last switched one.
    TreeSet<String> bucketAfter = archivedSegments();
    String last = switched.get(switched.size() - 1);
    List<String> missing = new ArrayList<>();
    for (long s = number(lastBefore); s <= number(last); s++) {
      if (!bucketAfter.contains(name(lastBefore.substring(0, 8), s))) {
        missing.add(name(lastBefore.substring(0, 8), s));
      }
    }
    FIGURES.put(
        "segments in the bucket before / after; missing from " + lastBefore + " to " + last,
        bucketBefore.size() + " / " + bucketAfter.size() + "; " + missing);
    assertThat(missing).isEmpty();
    assertThat(psql("SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready'"))
        .as("segments waiting to be archived")
        .isEqualTo("0");
  }

  /** A segment's position (log * 256 + segment, 16 MB segments) within its timeline. */
  private static long number(String segment) {
    return Long.parseLong(segment.substring(8, 16), 16) * 256
        + Long.parseLong(segment.substring(16, 24), 16);
  }

  private static String name(String timeline, long number) {
    return timeline + String.format("%08X%08X", number / 256, number % 256);
  }

  private static SuperNovaStack current() {
    return client
        .resources(SuperNovaStack.class)
        .inNamespace(NS)
        .withName(stack.getMetadata().getName())
        .get();
  }

  private static Condition condition(String type) {
    return Stacks.condition(current(), type).orElse(null);
  }

  private static List<Event> events(String type, String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> stack.getMetadata().getName().equals(e.getInvolvedObject().getName()))
        .filter(e -> type.equals(e.getType()) && reason.equals(e.getReason()))
        .toList();
  }

  private static Pod databasePod() {
    return client.pods().inNamespace(NS).withName(stack.getMetadata().getName() + "-db-0").get();
  }

  private static String psql(String sql) {
    return node.kubectl(
            "exec",
            "-n",
            NS,
            stack.getMetadata().getName() + "-db-0",
            "-c",
            DATABASE_CONTAINER,
            "--",
            "psql",
            "-X",
            "-U",
            "postgres",
            "-At",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql)
        .trim();
  }

  /** The backups pgBackRest's repository lists, oldest first. */
  private static JsonNode backups() throws Exception {
    String info =
        node.kubectl(
            "exec",
            "-n",
            NS,
            stack.getMetadata().getName() + "-db-0",
            "-c",
            SIDECAR,
            "--",
            "pgbackrest",
            "--stanza=db",
            "--output=json",
            "info");
    return JSON.readTree(info).path(0).path("backup");
  }

  /** WAL segment names in the bucket, as pgBackRest lists its repository. */
  private static TreeSet<String> archivedSegments() {
    String listing =
        node.kubectl(
            "exec",
            "-n",
            NS,
            stack.getMetadata().getName() + "-db-0",
            "-c",
            SIDECAR,
            "--",
            "pgbackrest",
            "--stanza=db",
            "--recurse",
            "repo-ls",
            "archive");
    TreeSet<String> segments = new TreeSet<>();
    Matcher m = SEGMENT.matcher(listing);
    while (m.find()) {
      segments.add(m.group(1));
    }
    return segments;
  }

  private static String seconds(Instant since) {
    return String.format("%.1f", Duration.between(since, Instant.now()).toMillis() / 1000.0);
  }

  private static String dump() {
    StringBuilder out = new StringBuilder(node.diagnostics());
    if (client != null) {
      out.append("== namespace ").append(NS).append('\n').append(NamespaceDump.of(client, NS));
      out.append("== sidecar log\n")
          .append(
              node.kubectlResult(
                      "logs",
                      "-n",
                      NS,
                      stack.getMetadata().getName() + "-db-0",
                      "-c",
                      SIDECAR,
                      "--tail=60")
                  .stdout())
          .append("== database log\n")
          .append(
              node.kubectlResult(
                      "logs",
                      "-n",
                      NS,
                      stack.getMetadata().getName() + "-db-0",
                      "-c",
                      DATABASE_CONTAINER,
                      "--tail=60")
                  .stdout());
    }
    if (store != null) {
      out.append("== object store log: ").append(store.logFile()).append('\n');
    }
    return out.toString();
  }
}
