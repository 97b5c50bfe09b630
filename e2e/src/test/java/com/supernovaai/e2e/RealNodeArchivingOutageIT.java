package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.NamespaceDump;
import com.supernovaai.e2e.cluster.RealNode;
import com.supernovaai.e2e.cluster.RealNode.Shell;
import com.supernovaai.e2e.cluster.SharedRealNode;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.model.ArchivingStatus;
import com.supernovaai.operator.model.CaSecretReference;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.ObjectStoreCredentials;
import com.supernovaai.operator.model.ObjectStoreSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.EventReasons;
import com.supernovaai.operator.status.Reasons;
import com.supernovaai.testsupport.LocalObjectStore;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * WAL archiving survives an object-store outage, as a user sees it through the operator: a stack
 * archiving to a real S3 server (SeaweedFS on the node's bridge address) reports
 * ContinuousArchiving True; the store is stopped and segments are completed; the condition goes
 * False with a Warning Event while status.archiving counts the segments waiting; the store comes
 * back and archiving catches up (True again, a Normal Event, nothing waiting, every segment from
 * before the outage to the last one in the bucket). What the operator reads is the database pod's
 * own report (its sidecar patches it onto the pod). Timings printed, never asserted.
 */
@Isolated
@ExtendWith(SharedRealNode.class)
class RealNodeArchivingOutageIT {

  private static final String NS = "archiving-outage-it";
  private static final String BUCKET = "wal-outage";
  private static final String DATABASE_CONTAINER = "timescaledb";
  private static final String SIDECAR = "pgbackrest";
  private static final Duration READY = Duration.ofMinutes(5);

  private static final Pattern SEGMENT = Pattern.compile("\\b([0-9A-F]{24})-[0-9a-f]{40}\\b");

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
                "RealNodeArchivingOutageIT."
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
    store = LocalObjectStore.start(BUCKET, node.nodeIp());
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
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("s3")
                .withNamespace(NS)
                .endMetadata()
                .addToStringData("id", store.accessKey())
                .addToStringData("key", store.secretKey())
                .build())
        .create();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("s3-ca")
                .withNamespace(NS)
                .endMetadata()
                .addToStringData("ca.crt", Files.readString(store.caFile()))
                .build())
        .create();
    operator = InProcessOperator.start(kubeconfig, NS);

    stack = Stacks.withBackupAwayFromNow(Stacks.loadExample("local-images.yaml"));
    stack.getMetadata().setNamespace(NS);
    var objectStore = new ObjectStoreSpec();
    objectStore.setEndpoint("https://" + store.endpoint());
    objectStore.setBucket(BUCKET);
    var credentials = new ObjectStoreCredentials();
    credentials.setName("s3");
    credentials.setAccessKeyIdKey("id");
    credentials.setSecretAccessKeyKey("key");
    objectStore.setCredentialsSecret(credentials);
    var ca = new CaSecretReference();
    ca.setName("s3-ca");
    objectStore.setCaSecret(ca);
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
        "RealNodeArchivingOutageIT figures:\n"
            + FIGURES.entrySet().stream()
                .map(e -> String.format("  %-66s %s", e.getKey(), e.getValue()))
                .collect(Collectors.joining("\n")));
  }

  @Test
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

    // The store goes away; the database keeps completing segments.
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
                      "--tail=80")
                  .stdout());
    }
    if (store != null) {
      out.append("== object store log: ").append(store.logFile()).append('\n');
    }
    return out.toString();
  }
}
