package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.supernovaai.e2e.cluster.NamespaceDump;
import com.supernovaai.e2e.cluster.RealNode;
import com.supernovaai.e2e.cluster.RealNode.Shell;
import com.supernovaai.e2e.cluster.SharedRealNode;
import com.supernovaai.e2e.harness.ApiAccounts;
import com.supernovaai.e2e.harness.ObjectStores;
import com.supernovaai.e2e.harness.RealNodeSession;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.testsupport.LocalObjectStore;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
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
 * A replicated, archived database in real containers, the guide's production setup: {@code
 * examples/local-images.yaml} with {@code database.instances: 3, synchronous: true} (Patroni 3.0.2
 * from the project's postgres image) and {@code backup.objectStore} (WAL and base backups to a real
 * S3 server, SeaweedFS on the node's bridge address), the operator in the test JVM, NetworkPolicies
 * enforced. One primary and two streaming replicas; a row written through the API is on both
 * replicas and the read-only Service answers; the primary alone takes the base backup and archives;
 * the API's reads ({@code api.readFromReplicas}) are answered by the replicas; then the primary's
 * pod is deleted under continuous writes through the API and PgBouncer: the synchronous replica is
 * promoted, the read-write Service follows it, writes resume, the old primary rejoins as a replica,
 * no acknowledged write is lost (counted), and the new primary archives its new timeline to the
 * same repository. Last, the primary hangs instead (its containers frozen, the pod still Running):
 * the synchronous replica is promoted after the leader key's ttl, the read-write Service follows,
 * writes resume, the Service never names two members, and the thawed old primary demotes itself and
 * comes back as a replica holding exactly the new primary's rows. Timings are printed, never
 * asserted.
 */
@Isolated
@ExtendWith(SharedRealNode.class)
@TestMethodOrder(OrderAnnotation.class)
class RealNodeDatabaseFailoverIT {

  private static final String NS = "failover-it";
  private static final String SYMBOL = "HA";
  private static final String MASTER = "master";
  private static final String REPLICA = "replica";
  private static final String BUCKET = "ha-archive";
  private static final String SIDECAR = "pgbackrest";
  private static final Pattern SEGMENT = Pattern.compile("\\b([0-9A-F]{24})-[0-9a-f]{40}\\b");

  /** Three PostgreSQL instances and a JVM starting on a share of 2 busy cores: minutes. */
  private static final Duration READY = Duration.ofMinutes(8);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static RealNode node;
  private static KubernetesClient client;
  private static RealNodeSession session;
  private static LocalObjectStore store;
  private static SuperNovaStack stack;
  private static URI api;
  private static String token;
  private static final Instant START = Instant.now();

  /** Points a minute apart from a day ago on: one per write attempt, distinct keys. */
  private static final Instant FIRST_POINT =
      Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.DAYS);

  private static int attempts;
  private static final RealNodeSession.Figures FIGURES = new RealNodeSession.Figures(58);

  /** One write through the API: when it was sent and answered, its point, whether acknowledged. */
  private record Write(Instant sent, Instant answered, Instant point, boolean acknowledged) {}

  @RegisterExtension
  static final TestWatcher DUMP_ON_FAILURE =
      RealNodeSession.dumpOnFailure("RealNodeDatabaseFailoverIT", () -> node, () -> dump());

  @BeforeAll
  static void up(RealNode shared) throws Exception {
    node = shared;
    session = RealNodeSession.open(node, NS);
    client = session.client();
    store = LocalObjectStore.start(BUCKET, node.nodeIp());

    Instant start = Instant.now();
    stack =
        Stacks.availableWhenReady(
            Stacks.withBackupAwayFromNow(Stacks.loadExample("local-images.yaml")));
    stack.getMetadata().setName("ha");
    stack.getMetadata().setNamespace(NS);
    stack.getSpec().getDatabase().setInstances(3);
    stack.getSpec().getDatabase().setSynchronous(true);
    stack.getSpec().getBackup().setObjectStore(ObjectStores.spec(client, NS, store));
    // The API's reads go to PgBouncer's read-only pool, the replicas behind it.
    stack.getSpec().getApi().setReadFromReplicas(true);
    // Writes every 100 ms from one address: above the per-address limits a user would set.
    stack.getSpec().getApi().setRateLimitRequestsPerHour(100_000_000);
    stack.getSpec().getApi().setEnv(Stacks.withoutPerAddressLimits());
    client.resource(stack).create();
    await()
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                assertThat(Stacks.isReady(current()))
                    .as("Ready; %s", current().getStatus())
                    .isTrue());
    FIGURES.put("stack with 3 database instances Ready", seconds(start));

    api = Stacks.apiServiceUri(client, NS, stack);
    String credentials = ApiAccounts.create(client, NS, stack, api, "ha", "read", "write");
    HttpResponse<String> login = post("/auth/login", credentials, null);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    token = JSON.readTree(login.body()).get("access_token").asText();
  }

  @AfterAll
  static void down() {
    if (session != null) {
      session.close();
    }
    if (store != null) {
      store.close();
    }
    FIGURES.put("class in all", seconds(START));
    System.out.println(FIGURES.print("RealNodeDatabaseFailoverIT"));
  }

  @Test
  @Order(1)
  void threeInstancesAreOnePrimaryAndTwoStreamingReplicasBehindTheReadWriteService() {
    List<Pod> pods = databasePods();
    assertThat(pods).hasSize(3).allSatisfy(RealNodeDatabaseFailoverIT::assertReady);
    assertThat(pods.stream().map(RealNodeDatabaseFailoverIT::role))
        .containsExactlyInAnyOrder(MASTER, REPLICA, REPLICA);
    Pod primary = podWithRole(MASTER).orElseThrow();
    assertThat(readWriteAddresses()).containsExactly(primary.getStatus().getPodIP());
    assertThat(psql(primary, "select pg_is_in_recovery()")).isEqualTo("f");
    // The stack's status names the same primary, read from the members' pods.
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () -> {
              var database = current().getStatus().getDatabase();
              assertThat(database).isNotNull();
              assertThat(database.getPrimary()).isEqualTo(primary.getMetadata().getName());
              assertThat(database.getInstances()).hasSize(3);
              assertThat(database.getLastFailoverTime()).isNull();
            });
    // Both replicas stream from the primary; one of them is the synchronous standby.
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () ->
                assertThat(
                        psql(
                            primary,
                            "select string_agg(sync_state, ',' order by sync_state)"
                                + " from pg_stat_replication where state = 'streaming'"))
                    .isEqualTo("async,sync"));
  }

  @Test
  @Order(2)
  void aRowWrittenThroughTheApiIsOnBothReplicasAndTheReadOnlyServiceAnswers() throws Exception {
    Write write = writeOnce();
    assertThat(write.acknowledged()).isTrue();
    String count = "select count(*) from sentiment_data where symbol = '" + SYMBOL + "'";
    for (Pod replica : podsWithRole(REPLICA)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(psql(replica, count)).isEqualTo("1"));
      assertThat(psql(replica, "select pg_is_in_recovery()")).isEqualTo("t");
    }
    // <stack>-db-ro, from a database pod (the NetworkPolicy lets members in), as the API's role.
    Pod primary = podWithRole(MASTER).orElseThrow();
    String viaReadOnly =
        node.kubectl(
                "exec",
                "-n",
                NS,
                primary.getMetadata().getName(),
                "-c",
                "postgres",
                "--",
                "sh",
                "-c",
                "PGPASSWORD=\"$APP_DB_PASSWORD\" psql -h "
                    + StackNames.databaseReadOnly(stack)
                    + " -U \"$APP_DB_USER\" -d "
                    + StackNames.DATABASE_NAME
                    + " -XAtc \"select pg_is_in_recovery(), ("
                    + count
                    + ")\"")
            .trim();
    assertThat(viaReadOnly).isEqualTo("t|1");
  }

  @Test
  @Order(3)
  void thePrimaryAloneTakesTheBaseBackupAndEveryCompletedSegmentReachesTheBucket()
      throws Exception {
    Pod primary = podWithRole(MASTER).orElseThrow();
    Instant start = Instant.now();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(3))
        .untilAsserted(() -> assertThat(backupCount(primary)).as("base backups").isPositive());
    FIGURES.put("first base backup in the bucket (after the stack was Ready, + )", seconds(start));
    for (Pod replica : podsWithRole(REPLICA)) {
      // Every member runs the sidecar; a replica's waits for its member to be promoted.
      String log = sidecarLog(replica);
      assertThat(log).contains("this member is a replica").doesNotContain("FAILED");
    }
    assertThat(sidecarLog(primary)).contains("this member is the primary");
    assertThat(backupCount(primary)).as("one base backup: the primary's").isEqualTo(1);

    String segment = psql(primary, "select pg_walfile_name(pg_switch_wal())");
    Instant switched = Instant.now();
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(archivedSegments(primary)).contains(segment));
    FIGURES.put("a switched segment in the bucket after", seconds(switched));
  }

  @Test
  @Order(4)
  void theApisReadsAreAnsweredByTheReplicas() throws Exception {
    // Transactions in the application's database on the replicas: only reads sent to them make
    // any (Patroni, and these checks, connect to the postgres database), so 50 API reads must
    // show as at least 50 more there.
    List<Pod> replicas = podsWithRole(REPLICA);
    String commits =
        "select xact_commit from pg_stat_database where datname = '"
            + StackNames.DATABASE_NAME
            + "'";
    long before = 0;
    for (Pod replica : replicas) {
      before += Long.parseLong(psql(replica, "postgres", commits));
    }
    int reads = 50;
    for (int i = 0; i < reads; i++) {
      HttpResponse<String> r = get("/api/sentiment/" + SYMBOL, token);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).get("count").asInt()).isEqualTo(1);
    }
    long start = before;
    // Statistics reach pg_stat_database when a backend goes idle (within about 10 s).
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              long after = 0;
              for (Pod replica : replicas) {
                after += Long.parseLong(psql(replica, "postgres", commits));
              }
              FIGURES.put(
                  "transactions on the replicas for " + reads + " API reads",
                  Long.toString(after - start));
              assertThat(after - start).isGreaterThanOrEqualTo(reads);
            });
  }

  @Test
  @Order(5)
  void deletingThePrimaryUnderWritesPromotesTheSynchronousReplicaAndLosesNoAcknowledgedWrite()
      throws Exception {
    Pod primary = podWithRole(MASTER).orElseThrow();
    String oldPrimary = primary.getMetadata().getName();
    String syncStandby = syncStandby();
    long timelineBefore = current().getStatus().getDatabase().getTimeline();
    assertThat(syncStandby).isNotNull().isNotEqualTo(oldPrimary);

    List<Write> writes = new CopyOnWriteArrayList<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer =
        new Thread(
            () -> {
              while (writing.get()) {
                writes.add(writeOnce());
                sleep(100);
              }
            },
            "failover-writer");
    writer.start();
    Instant deleted;
    Instant promoted;
    Instant serviceMoved;
    String newPrimary;
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> writes.stream().filter(Write::acknowledged).count() >= 10);
      deleted = Instant.now();
      client.resource(primary).delete();

      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  podWithRole(MASTER)
                      .filter(p -> !p.getMetadata().getName().equals(oldPrimary))
                      .isPresent());
      promoted = Instant.now();
      Pod leader = podWithRole(MASTER).orElseThrow();
      newPrimary = leader.getMetadata().getName();
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> readWriteAddresses().equals(List.of(leader.getStatus().getPodIP())));
      serviceMoved = Instant.now();

      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> writes.stream().anyMatch(w -> w.acknowledged() && w.sent().isAfter(deleted)));
      // The old primary's pod (same name, same volume) comes back as a streaming replica.
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                Pod back = client.pods().inNamespace(NS).withName(oldPrimary).get();
                assertThat(back).isNotNull();
                assertThat(back.getMetadata().getUid())
                    .isNotEqualTo(primary.getMetadata().getUid());
                assertThat(role(back)).isEqualTo(REPLICA);
                assertReady(back);
              });
      FIGURES.put("old primary a ready replica again after", seconds(deleted));
      int acknowledgedBefore = (int) writes.stream().filter(Write::acknowledged).count();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> writes.stream().filter(Write::acknowledged).count() >= acknowledgedBefore + 5);
    } finally {
      writing.set(false);
      writer.join(Duration.ofSeconds(30).toMillis());
    }

    assertThat(newPrimary)
        .as("only the synchronous standby may be promoted")
        .isEqualTo(syncStandby);
    // The status follows: the new primary, a grown timeline, the failover's time.
    String promotedPod = newPrimary;
    Instant deletedAt = deleted;
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () -> {
              var database = current().getStatus().getDatabase();
              assertThat(database.getPrimary()).isEqualTo(promotedPod);
              assertThat(database.getTimeline()).isGreaterThan(timelineBefore);
              assertThat(Instant.parse(database.getLastFailoverTime())).isAfter(deletedAt);
            });
    Pod leader = client.pods().inNamespace(NS).withName(newPrimary).get();
    Set<String> stored =
        new TreeSet<>(
            List.of(
                psql(
                        leader,
                        "select string_agg(to_char(time at time zone 'UTC',"
                            + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ',') from sentiment_data"
                            + " where symbol = '"
                            + SYMBOL
                            + "'")
                    .split(",")));
    List<Write> acknowledged = writes.stream().filter(Write::acknowledged).toList();
    List<String> lost =
        acknowledged.stream()
            .map(w -> w.point().toString())
            .filter(p -> !stored.contains(p))
            .toList();
    long failed = writes.size() - acknowledged.size();
    FIGURES.put("promoted (a new pod labelled master) after", seconds(deleted, promoted));
    FIGURES.put("read-write Service on the new primary after", seconds(deleted, serviceMoved));
    FIGURES.put("write outage through the API and PgBouncer", outage(writes));
    // PgBouncer holds a write while no server answers: the failover shows as a slow answer too.
    FIGURES.put(
        "slowest acknowledged write (sent to answered)",
        acknowledged.stream()
            .map(w -> Duration.between(w.sent(), w.answered()))
            .max(Duration::compareTo)
            .map(d -> String.format("%.1f s", d.toMillis() / 1000.0))
            .orElse("-"));
    FIGURES.put(
        "writes: attempts / failed / acknowledged / acknowledged and lost",
        writes.size() + " / " + failed + " / " + acknowledged.size() + " / " + lost.size());
    assertThat(lost).as("acknowledged writes missing on the new primary").isEmpty();

    // Every instance ends with the same rows: the replicas, the rejoined one included, caught up.
    String count = "select count(*) from sentiment_data where symbol = '" + SYMBOL + "'";
    String onPrimary = psql(leader, count);
    for (Pod replica : podsWithRole(REPLICA)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(psql(replica, count)).isEqualTo(onPrimary));
    }
    assertThat(podsWithRole(REPLICA)).hasSize(2);
    // Reads through the API, from the replicas now or the primary, miss none of it.
    HttpResponse<String> read = get("/api/sentiment/" + SYMBOL + "?limit=1000", token);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(JSON.readTree(read.body()).get("count").asText()).isEqualTo(onPrimary);
  }

  @Test
  @Order(6)
  void theNewPrimaryArchivesItsTimelineToTheSameRepository() {
    Pod leader = podWithRole(MASTER).orElseThrow();
    long timeline = current().getStatus().getDatabase().getTimeline();
    String segment = psql(leader, "select pg_walfile_name(pg_switch_wal())");
    assertThat(Long.parseLong(segment.substring(0, 8), 16))
        .as("the segment is on the timeline the failover started")
        .isEqualTo(timeline);
    Instant switched = Instant.now();
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(archivedSegments(leader)).contains(segment));
    FIGURES.put(
        "after the failover, a new-timeline segment in the bucket after", seconds(switched));
    // Its sidecar looks at its member's role every 15 s: it notices the promotion by then.
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(sidecarLog(leader)).contains("this member is the primary"));
    // The stack's ContinuousArchiving is judged from the archiving member's report: the new
    // primary's, once the failover is over.
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              var archiving = current().getStatus().getArchiving();
              assertThat(archiving).isNotNull();
              assertThat(archiving.getReportedBy()).isEqualTo(leader.getMetadata().getName());
              assertThat(
                      Stacks.condition(current(), ConditionTypes.CONTINUOUS_ARCHIVING)
                          .map(c -> c.getStatus()))
                  .contains("True");
            });
    assertThat(
            psql(
                leader, "select count(*) from pg_ls_archive_statusdir() where name like '%.ready'"))
        .as("segments the new primary has still to archive")
        .isEqualTo("0");
  }

  /**
   * One look at the members from the API: who carries Patroni's leader label, and which addresses
   * the read-write Service's Endpoints hold.
   */
  private record Poll(Instant at, List<String> masters, List<String> readWrite) {}

  @Test
  @Order(7)
  void aFrozenPrimaryIsReplacedAfterTtlAndComesBackAsAReplicaWithoutASecondPrimary()
      throws Exception {
    // After the deletion above: the two replicas stream again, one of them synchronous.
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              Pod leader = podWithRole(MASTER).orElseThrow();
              assertThat(podsWithRole(REPLICA)).hasSize(2);
              assertThat(
                      psql(
                          leader,
                          "select string_agg(sync_state, ',' order by sync_state)"
                              + " from pg_stat_replication where state = 'streaming'"))
                  .isEqualTo("async,sync");
              assertThat(syncStandby()).isNotNull().isNotEqualTo(leader.getMetadata().getName());
            });
    Pod primary = podWithRole(MASTER).orElseThrow();
    String oldPrimary = primary.getMetadata().getName();
    String syncStandby = syncStandby();
    Map<String, Integer> restartsBefore = restarts(primary);
    // Every container of the pod (postgres with Patroni, and the pgbackrest sidecar): the whole
    // member hangs, as on a node that stops scheduling anything. The sandbox (pause) container
    // is left alone: the pod's network namespace stays, so packets to the frozen member are
    // still accepted by its kernel and wait there unanswered, like a hung host's.
    List<String> containers =
        primary.getStatus().getContainerStatuses().stream()
            .map(c -> c.getContainerID().replaceFirst("^containerd://", ""))
            .toList();
    assertThat(containers).hasSize(2);

    List<Write> writes = new CopyOnWriteArrayList<>();
    List<Poll> polls = new CopyOnWriteArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread writer =
        new Thread(
            () -> {
              while (running.get()) {
                writes.add(writeOnce());
                sleep(100);
              }
            },
            "fencing-writer");
    // Labels and Endpoints from the API server every 200 ms: what a client or kube-proxy sees.
    Thread watcher =
        new Thread(
            () -> {
              while (running.get()) {
                try {
                  List<String> masters =
                      databasePods().stream()
                          .filter(p -> MASTER.equals(role(p)))
                          .map(p -> p.getMetadata().getName())
                          .sorted()
                          .toList();
                  polls.add(new Poll(Instant.now(), masters, readWriteAddresses()));
                } catch (RuntimeException e) {
                  // An API hiccup is a missed poll, not a finding.
                }
                sleep(200);
              }
            },
            "fencing-watcher");
    writer.start();
    Instant frozen = null;
    Instant thawed = null;
    AtomicBoolean pausing = new AtomicBoolean(false);
    Instant promoted = null;
    Instant serviceMoved = null;
    Instant writesResumed = null;
    String newPrimary = null;
    String statusPrimaryWhileFrozen = null;
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> writes.stream().filter(Write::acknowledged).count() >= 10);
      watcher.start();
      sleep(1_000);
      // ctr's task pause is runc's pause: the container's cgroup freezer (v1 here, v2 alike)
      // stops every process in it at once, without a signal it could handle or an exit the
      // kubelet would see; the pod object stays Running. Kept well under the liveness probe's
      // 90 s (6 x 15 s), so the kubelet does not restart the container meanwhile: the member's
      // own Patroni must notice it lost the key.
      pausing.set(true);
      try {
        for (String container : containers) {
          node.ctr("task", "pause", container).check("ctr task pause " + container);
        }
        // From here no write can reach the old primary: any acknowledged one is the new one's.
        frozen = Instant.now();
        Instant freezeStart = frozen;
        Instant freezeLimit = frozen.plus(Duration.ofSeconds(70));
        // No pod may be promoted before ttl (30 s) without a renewal; allow that and some.
        await()
            .atMost(Duration.ofSeconds(65))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> otherMaster(oldPrimary).isPresent());
        promoted = Instant.now();
        Pod leader = otherMaster(oldPrimary).orElseThrow();
        newPrimary = leader.getMetadata().getName();
        String leaderIp = leader.getStatus().getPodIP();
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> readWriteAddresses().equals(List.of(leaderIp)));
        serviceMoved = Instant.now();
        // Writes through the API and PgBouncer while the old primary is still frozen.
        try {
          await()
              .atMost(max(Duration.ofSeconds(1), Duration.between(Instant.now(), freezeLimit)))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () ->
                      writes.stream()
                          .anyMatch(w -> w.acknowledged() && w.sent().isAfter(freezeStart)));
          writesResumed = Instant.now();
        } catch (ConditionTimeoutException e) {
          // Reported with the figures below; the member is thawed either way.
        }
        statusPrimaryWhileFrozen = current().getStatus().getDatabase().getPrimary();
        // Frozen a while longer beside a working new primary: the split-brain setting.
        Instant holdUntil = Instant.now().plusSeconds(writesResumed == null ? 0 : 10);
        if (holdUntil.isAfter(freezeLimit)) {
          holdUntil = freezeLimit;
        }
        sleep(Math.max(0, Duration.between(Instant.now(), holdUntil).toMillis()));
      } finally {
        // Never leave a container frozen, whatever failed above.
        thaw(containers);
        thawed = Instant.now();
      }
      FIGURES.put(
          "hung primary: frozen / promoted / status.database.primary while frozen",
          oldPrimary + " / " + newPrimary + " / " + statusPrimaryWhileFrozen);
      // The thawed member's Patroni finds the key taken (its renewal fails against the
      // Endpoints' resourceVersion), demotes, rewinds and follows the new leader. Its label may
      // say replica while PostgreSQL is stopped for the rewind: psql failing then is a retry.
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                Pod back = client.pods().inNamespace(NS).withName(oldPrimary).get();
                assertThat(role(back)).isEqualTo(REPLICA);
                assertReady(back);
                assertThat(psql(back, "select pg_is_in_recovery()")).isEqualTo("t");
              });
      FIGURES.put("hung primary: thaw -> a ready replica (in recovery)", seconds(thawed));
      int acknowledgedBefore = (int) writes.stream().filter(Write::acknowledged).count();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> writes.stream().filter(Write::acknowledged).count() >= acknowledgedBefore + 5);
    } finally {
      running.set(false);
      writer.join(Duration.ofSeconds(30).toMillis());
      watcher.join(Duration.ofSeconds(10).toMillis());
      if (pausing.get() && thawed == null) {
        thaw(containers);
      }
    }

    // What a client could have reached at each poll, from the freeze to the end.
    Instant freezeStart = frozen;
    Instant thawStart = thawed;
    List<Poll> watched = polls.stream().filter(p -> p.at().isAfter(freezeStart)).toList();
    long twoAddresses = watched.stream().filter(p -> p.readWrite().size() > 1).count();
    // The frozen member cannot change its own labels (Patroni patches only its own pod), so its
    // stale `master` stays on while it is frozen: counted, not a second primary.
    long staleWhileFrozen =
        watched.stream().filter(p -> p.at().isBefore(thawStart) && p.masters().size() > 1).count();
    long twoLiveMasters =
        watched.stream()
            .filter(p -> p.at().isBefore(thawStart))
            .filter(p -> p.masters().stream().filter(m -> !m.equals(oldPrimary)).count() > 1)
            .count();
    List<Poll> afterThaw = watched.stream().filter(p -> p.at().isAfter(thawStart)).toList();
    Optional<Poll> relabelled =
        afterThaw.stream().filter(p -> !p.masters().contains(oldPrimary)).findFirst();
    long twoMastersAfterThaw = afterThaw.stream().filter(p -> p.masters().size() > 1).count();

    Pod leader = client.pods().inNamespace(NS).withName(newPrimary).get();
    Pod back = client.pods().inNamespace(NS).withName(oldPrimary).get();
    Set<String> onNewPrimary = points(leader);
    List<Write> acknowledged = writes.stream().filter(Write::acknowledged).toList();
    List<String> lost =
        acknowledged.stream()
            .map(w -> w.point().toString())
            .filter(p -> !onNewPrimary.contains(p))
            .toList();
    String oldLog =
        node.kubectlResult(
                "logs",
                "-n",
                NS,
                oldPrimary,
                "-c",
                "postgres",
                "--since-time=" + thawed.minusSeconds(1))
            .stdout();

    FIGURES.put("hung primary: frozen -> promoted", seconds(frozen, promoted));
    FIGURES.put("hung primary: frozen -> read-write Service moved", seconds(frozen, serviceMoved));
    FIGURES.put(
        "hung primary: frozen -> writes acknowledged again (while frozen)",
        writesResumed == null ? "not before the thaw" : seconds(frozen, writesResumed));
    FIGURES.put("hung primary: frozen for", seconds(frozen, thawed));
    FIGURES.put(
        "hung primary: thaw -> its master label gone",
        relabelled.map(p -> seconds(thawStart, p.at())).orElse("never seen"));
    FIGURES.put("hung primary: write outage through the API and PgBouncer", outage(writes));
    FIGURES.put(
        "hung primary: writes: attempts / failed / acknowledged / acknowledged and lost",
        writes.size()
            + " / "
            + (writes.size() - acknowledged.size())
            + " / "
            + acknowledged.size()
            + " / "
            + lost.size());
    FIGURES.put(
        "hung primary: polls / two master labels frozen / after thaw / two rw addresses",
        watched.size()
            + " / "
            + staleWhileFrozen
            + " / "
            + twoMastersAfterThaw
            + " / "
            + twoAddresses);
    FIGURES.put(
        "hung primary: old primary rewound (pg_rewind in its log)",
        Boolean.toString(oldLog.contains("running pg_rewind from")));

    assertThat(newPrimary)
        .as("only the synchronous standby may be promoted")
        .isEqualTo(syncStandby);
    assertThat(twoAddresses).as("polls where the read-write Service named two members").isZero();
    assertThat(twoLiveMasters)
        .as("polls where two members that were not frozen were labelled master")
        .isZero();
    // Writes come back on the new primary while the old one still hangs: a query on the frozen
    // member ends after the API's socket timeout, and PgBouncer closes the server connection
    // under it (once, in a CI run before that timeout, they did not until the thaw).
    assertThat(writesResumed)
        .as("a write acknowledged after the freeze, while the old primary was still frozen")
        .isNotNull();
    assertThat(lost).as("acknowledged writes missing on the new primary").isEmpty();
    assertThat(restarts(back))
        .as("the old primary demoted itself: no container restarted by the kubelet")
        .isEqualTo(restartsBefore);
    // The old primary, a replica again, holds exactly the new primary's points: whatever it wrote
    // after the freeze (never acknowledged) was rewound away.
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(points(back)).isEqualTo(points(leader)));
    // The stack's status follows the new primary.
    String promotedPod = newPrimary;
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () ->
                assertThat(current().getStatus().getDatabase().getPrimary())
                    .isEqualTo(promotedPod));
  }

  /** Resumes every container, then fails if any could not be resumed. */
  private static void thaw(List<String> containers) {
    List<String> failed = new ArrayList<>();
    for (String container : containers) {
      Shell.Result resumed = node.ctr("task", "resume", container);
      if (resumed.exitCode() != 0) {
        failed.add(container + ": " + resumed.stderr().trim());
      }
    }
    assertThat(failed).as("containers that could not be resumed").isEmpty();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** A pod other than {@code name} labelled master (the frozen one keeps its label). */
  private static Optional<Pod> otherMaster(String name) {
    return podsWithRole(MASTER).stream()
        .filter(p -> !p.getMetadata().getName().equals(name))
        .findFirst();
  }

  /** The points this test class wrote, as stored on one member. */
  private static Set<String> points(Pod pod) {
    return new TreeSet<>(
        List.of(
            psql(
                    pod,
                    "select string_agg(to_char(time at time zone 'UTC',"
                        + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ',') from sentiment_data"
                        + " where symbol = '"
                        + SYMBOL
                        + "'")
                .split(",")));
  }

  private static Map<String, Integer> restarts(Pod pod) {
    return pod.getStatus().getContainerStatuses().stream()
        .collect(Collectors.toMap(c -> c.getName(), c -> c.getRestartCount()));
  }

  // ------------------------------------------------------------------------------------------------

  /** One POST of a new point; a timeout or an error answer is a failed write. */
  private static Write writeOnce() {
    Instant point = FIRST_POINT.plus(attempts++, ChronoUnit.MINUTES);
    Instant sent = Instant.now();
    boolean ok;
    try {
      ok = post("/api/sentiment", point(point), token).statusCode() == 200;
    } catch (Exception e) {
      ok = false;
    }
    return new Write(sent, Instant.now(), point, ok);
  }

  /**
   * From the last acknowledged write before the first failed one to the first acknowledged one
   * after it; "none" when no write failed.
   */
  private static String outage(List<Write> writes) {
    int firstFailed = -1;
    for (int i = 0; i < writes.size(); i++) {
      if (!writes.get(i).acknowledged()) {
        firstFailed = i;
        break;
      }
    }
    if (firstFailed < 0) {
      return "none (no write failed)";
    }
    Instant lastOk =
        firstFailed == 0 ? writes.get(0).sent() : writes.get(firstFailed - 1).answered();
    for (int i = firstFailed; i < writes.size(); i++) {
      if (writes.get(i).acknowledged()) {
        return seconds(lastOk, writes.get(i).answered());
      }
    }
    return "writes never resumed";
  }

  private static String point(Instant t) {
    return "[{\"timestamp\":\""
        + t
        + "\",\"symbol\":\""
        + SYMBOL
        + "\",\"overall_score\":0.5,\"confidence\":0.9,\"source_counts\":{\"news\":1}}]";
  }

  private static HttpResponse<String> post(String path, String body, String bearer)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.resolve(path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String bearer) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(api.resolve(path))
            .header("Authorization", "Bearer " + bearer)
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static SuperNovaStack current() {
    return client.resources(SuperNovaStack.class).inNamespace(NS).withName("ha").get();
  }

  private static List<Pod> databasePods() {
    return client
        .pods()
        .inNamespace(NS)
        .withLabels(Labels.selector(stack, Labels.COMPONENT_DATABASE))
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static List<Pod> podsWithRole(String role) {
    return databasePods().stream().filter(p -> role.equals(role(p))).toList();
  }

  private static Optional<Pod> podWithRole(String role) {
    List<Pod> pods = podsWithRole(role);
    return pods.size() == 1 ? Optional.of(pods.get(0)) : Optional.empty();
  }

  private static String role(Pod pod) {
    return pod.getMetadata().getLabels().get("role");
  }

  /** The addresses Patroni wrote into the read-write Service's Endpoints. */
  private static List<String> readWriteAddresses() {
    Endpoints endpoints =
        client.endpoints().inNamespace(NS).withName(StackNames.database(stack)).get();
    if (endpoints == null || endpoints.getSubsets() == null) {
      return List.of();
    }
    return endpoints.getSubsets().stream()
        .flatMap(
            s ->
                s.getAddresses() == null ? Stream.<EndpointAddress>of() : s.getAddresses().stream())
        .map(EndpointAddress::getIp)
        .toList();
  }

  /** The member Patroni names as synchronous standby (its sync key: the -sync Endpoints). */
  private static String syncStandby() {
    Endpoints sync =
        client.endpoints().inNamespace(NS).withName(StackNames.database(stack) + "-sync").get();
    return sync == null || sync.getMetadata().getAnnotations() == null
        ? null
        : sync.getMetadata().getAnnotations().get("sync_standby");
  }

  private static void assertReady(Pod pod) {
    assertThat(pod.getStatus().getPhase()).as(pod.getMetadata().getName()).isEqualTo("Running");
    assertThat(pod.getStatus().getContainerStatuses())
        .as(pod.getMetadata().getName())
        .allSatisfy(
            c -> {
              assertThat(c.getReady()).as(c.getName() + " ready").isTrue();
              assertThat(c.getContainerID()).startsWith("containerd://");
            });
  }

  /** One value from psql as the superuser over the pod's local socket. */
  private static String psql(Pod pod, String sql) {
    return psql(pod, StackNames.DATABASE_NAME, sql);
  }

  private static String psql(Pod pod, String database, String sql) {
    return node.kubectl(
            "exec",
            "-n",
            NS,
            pod.getMetadata().getName(),
            "-c",
            "postgres",
            "--",
            "psql",
            "-U",
            "postgres",
            "-d",
            database,
            "-XAtc",
            sql)
        .trim();
  }

  /** The base backups in the repository, as pgBackRest in the member's sidecar lists them. */
  private static int backupCount(Pod pod) throws Exception {
    String info =
        node.kubectl(
            "exec",
            "-n",
            NS,
            pod.getMetadata().getName(),
            "-c",
            SIDECAR,
            "--",
            "pgbackrest",
            "--stanza=db",
            "--output=json",
            "info");
    return JSON.readTree(info).path(0).path("backup").size();
  }

  /** WAL segment names in the bucket, as pgBackRest lists its repository. */
  private static Set<String> archivedSegments(Pod pod) {
    String listing =
        node.kubectl(
            "exec",
            "-n",
            NS,
            pod.getMetadata().getName(),
            "-c",
            SIDECAR,
            "--",
            "pgbackrest",
            "--stanza=db",
            "--recurse",
            "repo-ls",
            "archive");
    Set<String> segments = new TreeSet<>();
    Matcher m = SEGMENT.matcher(listing);
    while (m.find()) {
      segments.add(m.group(1));
    }
    return segments;
  }

  private static String sidecarLog(Pod pod) {
    return node.kubectl("logs", "-n", NS, pod.getMetadata().getName(), "-c", SIDECAR);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String seconds(Instant since) {
    return seconds(since, Instant.now());
  }

  private static String seconds(Instant from, Instant to) {
    return String.format("%.1f s", Duration.between(from, to).toMillis() / 1000.0);
  }

  /** The node's state, the namespace's objects and events, the database pods' logs. */
  private static String dump() {
    StringBuilder out = new StringBuilder(node.diagnostics());
    if (client != null) {
      out.append("== namespace ").append(NS).append('\n').append(NamespaceDump.of(client, NS));
      for (String ordinal : List.of("0", "1", "2")) {
        String pod = StackNames.database(stack) + "-" + ordinal;
        out.append("== log of ")
            .append(pod)
            .append('\n')
            .append(
                node.kubectlResult("logs", "-n", NS, pod, "-c", "postgres", "--tail=60").stdout())
            .append("== sidecar log of ")
            .append(pod)
            .append('\n')
            .append(node.kubectlResult("logs", "-n", NS, pod, "-c", SIDECAR, "--tail=30").stdout());
      }
    }
    return out.toString();
  }
}
