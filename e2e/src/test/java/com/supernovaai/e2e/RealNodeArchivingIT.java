package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.supernovaai.e2e.cluster.NamespaceDump;
import com.supernovaai.e2e.cluster.RealNode;
import com.supernovaai.e2e.cluster.RealNode.Shell;
import com.supernovaai.e2e.cluster.SharedRealNode;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.ObjectStores;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.testsupport.LocalObjectStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * WAL archiving as the operator renders it, in real containers: a stack with {@code
 * spec.backup.objectStore} pointing at a real S3 server (SeaweedFS on this machine, on the node's
 * bridge address, which the pods reach without leaving the machine; TLS with its own CA, given by
 * {@code caSecret}). The database pod's sidecar takes the first base backup by itself, and every
 * segment PostgreSQL completes reaches the bucket. Counted through pgBackRest's own view of the
 * repository, from inside the pod. Timings printed, never asserted.
 */
@Isolated
@ExtendWith(SharedRealNode.class)
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
  private static InProcessOperator operator;
  private static LocalObjectStore store;
  private static SuperNovaStack stack;
  private static Instant created;
  private static Instant classStart;
  private static final Map<String, Object> FIGURES = new LinkedHashMap<>();

  @RegisterExtension
  static final TestWatcher DUMP_ON_FAILURE =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (node != null && Files.isDirectory(node.dir())) {
            System.err.println(
                "RealNodeArchivingIT."
                    + context.getDisplayName()
                    + " failed; diagnostics:\n"
                    + dump());
          }
        }
      };

  @BeforeAll
  static void up(RealNode shared) throws Exception {
    assertThat(Shell.run(List.of("id", "-u"), Map.of(), Duration.ofSeconds(5)).stdout().trim())
        .as("the real node needs root (bridges, network namespaces, iptables, mounts)")
        .isEqualTo("0");
    node = shared;
    classStart = Instant.now();
    String kubeconfig = Files.readString(node.kubeconfig());
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    Instant start = Instant.now();
    store = LocalObjectStore.start(BUCKET, node.nodeIp());
    FIGURES.put("object store up on " + store.endpoint() + ", s", seconds(start));
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NS)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .endMetadata()
                .build())
        .create();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> client.serviceAccounts().inNamespace(NS).withName("default").get() != null);
    operator = InProcessOperator.start(kubeconfig, NS);

    stack = Stacks.withBackupAwayFromNow(Stacks.loadExample("local-images.yaml"));
    stack.getMetadata().setNamespace(NS);
    var objectStore = ObjectStores.spec(client, NS, store);
    stack.getSpec().getBackup().setObjectStore(objectStore);
    created = Instant.now();
    client.resource(stack).create();
  }

  @AfterAll
  static void down() {
    if (classStart != null) {
      FIGURES.put("the class on a node already up (before its cleanup), s", seconds(classStart));
    }
    if (operator != null) {
      operator.close();
    }
    if (client != null) {
      client.close();
    }
    if (store != null) {
      store.close();
    }
    System.out.println(
        "RealNodeArchivingIT figures:\n"
            + FIGURES.entrySet().stream()
                .map(e -> String.format("  %-62s %s", e.getKey(), e.getValue()))
                .collect(Collectors.joining("\n")));
  }

  @Test
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
