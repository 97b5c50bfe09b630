package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.supernovaai.e2e.cluster.NamespaceDump;
import com.supernovaai.e2e.cluster.RealNode;
import com.supernovaai.e2e.cluster.RealNode.Shell;
import com.supernovaai.e2e.cluster.RepoPaths;
import com.supernovaai.e2e.cluster.SharedRealNode;
import com.supernovaai.e2e.harness.ApiAccounts;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.BackupJobs;
import com.supernovaai.operator.model.BootstrapSpec;
import com.supernovaai.operator.model.DeletionPolicy;
import com.supernovaai.operator.model.FromBackupSpec;
import com.supernovaai.operator.model.RestorePhase;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A whole stack in real containers on the real node, as a user runs it: the operator installed with
 * the project's helm from its own image and the chart's RBAC, {@code examples/local-images.yaml}
 * applied into a namespace that enforces the {@code restricted} Pod Security profile. Then what a
 * user relies on: the API answers through its Service and writes through PgBouncer into PostgreSQL,
 * {@code backup-now} leaves a dump that a new stack restores with the same rows, and losing a pod
 * of any component loses no acknowledged row.
 *
 * <p>One cluster and one stack for the whole class: the tests run in order and build on each other.
 */
@Isolated // alone, after the kwok classes: one node per machine, and no CPU shared under traffic
@ExtendWith(SharedRealNode.class)
@TestMethodOrder(OrderAnnotation.class)
class RealNodeStackIT {

  private static final String NS = "stack-it";
  private static final String OPERATOR_NS = "supernova-system";
  private static final String RELEASE = "supernova-operator";
  private static final String OPERATOR_IMAGE = "localhost/supernova/operator:local";
  private static final String SYMBOL = "NOVA";
  private static final String PASSWORD = "password-123";

  /** A JVM starting on a share of 2 busy cores, PostgreSQL initialising its volume: minutes. */
  private static final Duration READY = Duration.ofMinutes(6);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static RealNode node;
  private static KubernetesClient client;
  private static SuperNovaStack stack;
  private static String user;
  private static String token;

  /** Points are a minute apart from a day ago on: distinct keys, within any retention. */
  private static final Instant FIRST_POINT =
      Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.DAYS);

  /** Timestamps of the points the API acknowledged (2xx): none may be lost. */
  private static final List<Instant> ACKNOWLEDGED = new ArrayList<>();

  private static final Map<String, Duration> TIMES = new LinkedHashMap<>();
  private Instant testStart;

  @RegisterExtension
  static final TestWatcher DUMP_ON_FAILURE =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (node != null && Files.isDirectory(node.dir())) {
            System.err.println(
                "RealNodeStackIT." + context.getDisplayName() + " failed; diagnostics:\n" + dump());
          }
        }
      };

  @BeforeAll
  static void up(RealNode shared) throws Exception {
    assertThat(Shell.run(List.of("id", "-u"), Map.of(), Duration.ofSeconds(5)).stdout().trim())
        .as("the real node needs root (bridges, network namespaces, iptables, mounts)")
        .isEqualTo("0");
    node = shared;
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(node.kubeconfig())))
            .build();
    for (String ns : List.of(OPERATOR_NS, NS)) {
      SharedRealNode.awaitNamespaceGone(client, ns); // another class's operator namespace
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(ns)
                  .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                  .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                  .endMetadata()
                  .build())
          .create();
    }
    // Pods are refused until the namespace's default ServiceAccount exists (it appears async).
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> client.serviceAccounts().inNamespace(NS).withName("default").get() != null);
  }

  @AfterAll
  static void down() {
    if (client != null) {
      client.close();
    }
    System.out.println(
        "RealNodeStackIT timings:\n"
            + TIMES.entrySet().stream()
                .map(e -> String.format("  %-70s %5d s", e.getKey(), e.getValue().toSeconds()))
                .collect(Collectors.joining("\n")));
  }

  @BeforeEach
  void startClock() {
    testStart = Instant.now();
  }

  @AfterEach
  void stopClock(TestInfo test) {
    TIMES.put(test.getDisplayName(), Duration.between(testStart, Instant.now()));
  }

  @Test
  @Order(1)
  void theOperatorRunsAsTheChartsDeploymentFromItsOwnImage() {
    node.helm(
        "install",
        RELEASE,
        RepoPaths.root().resolve("helm/supernova-operator").toString(),
        "-n",
        OPERATOR_NS,
        "--set",
        "image.repository=" + OPERATOR_IMAGE.substring(0, OPERATOR_IMAGE.indexOf(':')),
        "--set",
        "image.tag=local",
        "--set",
        "image.pullPolicy=IfNotPresent",
        "--set",
        "watchNamespaces={" + NS + "}",
        "--wait",
        "--timeout",
        "4m");

    Pod operator = onlyPod(OPERATOR_NS, Map.of("app.kubernetes.io/name", RELEASE));
    assertThat(operator.getSpec().getServiceAccountName()).isEqualTo(RELEASE);
    assertThat(operator.getSpec().getContainers().get(0).getImage()).isEqualTo(OPERATOR_IMAGE);
    assertRunningForReal(operator);
    // Its permissions are the chart's Roles in the watched namespace, not cluster-wide.
    assertThat(client.rbac().roles().inNamespace(NS).list().getItems()).isNotEmpty();
    Shell.Result canI =
        node.kubectlResult(
            "auth",
            "can-i",
            "create",
            "statefulsets",
            "-n",
            "default",
            "--as=system:serviceaccount:" + OPERATOR_NS + ":" + RELEASE);
    assertThat(canI.stdout().trim()).as(canI.stderr()).isEqualTo("no");
    assertThat(
            node.kubectl(
                    "auth",
                    "can-i",
                    "create",
                    "statefulsets",
                    "-n",
                    NS,
                    "--as=system:serviceaccount:" + OPERATOR_NS + ":" + RELEASE)
                .trim())
        .isEqualTo("yes");
  }

  @Test
  @Order(2)
  void theLocalImagesExampleReachesReadyWithEveryPodRunningUnderRestricted() {
    stack = Stacks.loadExample("local-images.yaml");
    stack.getMetadata().setNamespace(NS);
    client.resource(stack).create();

    SuperNovaStack ready = awaitReady(stack.getMetadata().getName());
    assertThat(ready.getStatus().getPhase().name()).isEqualTo("Ready");

    List<Pod> pods = stackPods(stack.getMetadata().getName());
    assertThat(pods.stream().map(p -> p.getMetadata().getLabels().get(Labels.COMPONENT)))
        .containsExactlyInAnyOrder("api", "database", "pooler", "redis");
    pods.forEach(RealNodeStackIT::assertRunningForReal);
    assertThat(pods.stream().flatMap(p -> p.getSpec().getContainers().stream()))
        .extracting(c -> c.getImage() + " " + c.getImagePullPolicy())
        .containsExactlyInAnyOrder(
            "localhost/supernova/api-server:local IfNotPresent",
            "localhost/supernova/postgres:15 IfNotPresent",
            "localhost/supernova/pgbouncer:1 IfNotPresent",
            "localhost/supernova/redis:7 IfNotPresent");

    // Admission really enforces restricted here, and refused nothing the operator rendered.
    assertThat(client.namespaces().withName(NS).get().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    assertThat(failedCreates()).as("FailedCreate events").isEmpty();
    assertThat(node.kubectl("get", "sns", "-n", NS))
        .containsPattern("(?m)^local\\s+True\\s+Ready\\s+blue\\s+localhost/supernova/api-server");
  }

  @Test
  @Order(3)
  void theApiAnswersThroughItsServiceAndWritesThroughPgBouncerIntoPostgres() throws Exception {
    URI api = Stacks.apiServiceUri(client, NS, stack);
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() -> assertThat(get(api, "/health", null).statusCode()).isEqualTo(200));

    // Self-registration is off: the administrator from <stack>-api-admin creates the account.
    assertThat(post(api, "/auth/register", "{}", null).statusCode()).isEqualTo(403);
    String credentials = ApiAccounts.create(client, NS, stack, api, "user", "read", "write");
    user = JSON.readTree(credentials).get("username").asText();
    HttpResponse<String> login = post(api, "/auth/login", credentials, null);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    token = JSON.readTree(login.body()).get("access_token").asText();

    Instant t = nextPoint();
    HttpResponse<String> write = post(api, "/api/sentiment", point(t), token);
    assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
    assertThat(JSON.readTree(write.body()).get("upserted").asInt()).isEqualTo(1);
    ACKNOWLEDGED.add(t);

    HttpResponse<String> read = get(api, "/api/sentiment/" + SYMBOL, token);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    JsonNode points = JSON.readTree(read.body()).get("points");
    assertThat(points).hasSize(1);
    assertThat(Instant.parse(points.get(0).get("timestamp").asText())).isEqualTo(t);

    // The row in PostgreSQL itself, read as the superuser over the pod's local socket.
    assertThat(psql(stack, "select count(*) from sentiment_data where symbol = '" + SYMBOL + "'"))
        .isEqualTo("1");
    assertThat(psql(stack, "select count(*) from users where username = '" + user + "'"))
        .isEqualTo("1");

    // Through PgBouncer: the API's DATABASE_URL names the pooler Service, and every connection
    // the application role has open on the database comes from a pooler pod, none from the API.
    String url =
        client
            .configMaps()
            .inNamespace(NS)
            .withName(StackNames.apiConfig(stack))
            .get()
            .getData()
            .get("DATABASE_URL");
    assertThat(url)
        .startsWith(
            "jdbc:postgresql://"
                + StackNames.serviceHost(stack, StackNames.pooler(stack))
                + ":"
                + StackNames.POOLER_PORT
                + "/");
    Pod apiPod = componentPods(stack, "api").get(0);
    assertThat(apiPod.getSpec().getContainers().get(0).getEnvFrom())
        .anyMatch(
            e ->
                e.getConfigMapRef() != null
                    && StackNames.apiConfig(stack).equals(e.getConfigMapRef().getName()));
    Set<String> poolerIps =
        componentPods(stack, "pooler").stream()
            .map(p -> p.getStatus().getPodIP())
            .collect(Collectors.toSet());
    Set<String> clients =
        Set.of(
            psql(
                    stack,
                    "select string_agg(distinct host(client_addr), ' ') from pg_stat_activity"
                        + " where usename = '"
                        + StackNames.DATABASE_USER
                        + "'")
                .split(" "));
    assertThat(clients)
        .isNotEmpty()
        .isSubsetOf(poolerIps)
        .doesNotContain(apiPod.getStatus().getPodIP());
  }

  @Test
  @Order(4)
  void backupNowRunsPgDumpInAPodAndLeavesADumpOnTheBackupVolume() throws Exception {
    String request = Stacks.requestBackup(client, NS, stack.getMetadata().getName());

    await()
        .atMost(Duration.ofMinutes(4))
        .untilAsserted(
            () -> {
              var backup = current(stack.getMetadata().getName()).getStatus().getBackup();
              assertThat(backup).isNotNull();
              assertThat(backup.getLastManualRequest()).isEqualTo(request);
              assertThat(backup.getLastSuccessfulTime()).isNotNull();
              assertThat(backup.getLastBackupFile()).endsWith(".dump");
            });
    var backup = current(stack.getMetadata().getName()).getStatus().getBackup();

    Job job =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(NS)
            .withLabel(BackupJobs.KIND_LABEL, BackupJobs.BACKUP)
            .list()
            .getItems()
            .stream()
            .filter(
                j ->
                    request.equals(
                        j.getMetadata().getAnnotations().get(SuperNovaStack.BACKUP_NOW_ANNOTATION)))
            .findFirst()
            .orElseThrow();
    assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
    Pod dumper =
        client
            .pods()
            .inNamespace(NS)
            .withLabel("job-name", job.getMetadata().getName())
            .list()
            .getItems()
            .stream()
            .filter(p -> "Succeeded".equals(p.getStatus().getPhase()))
            .findFirst()
            .orElseThrow();
    ContainerStatus ran = dumper.getStatus().getContainerStatuses().get(0);
    assertThat(ran.getContainerID()).startsWith("containerd://");
    assertThat(ran.getState().getTerminated().getExitCode()).isZero();
    assertThat(node.kubectl("logs", "-n", NS, dumper.getMetadata().getName()))
        .contains("wrote " + backup.getLastBackupFile());

    // On the machine: the PersistentVolume's directory holds the dump (pg_dump's custom format)
    // and the metadata beside it.
    Path dump = hostPathOf(StackNames.backupVolume(stack)).resolve(backup.getLastBackupFile());
    assertThat(dump).isRegularFile();
    assertThat(Files.size(dump)).isEqualTo(backup.getLastBackupSizeBytes());
    try (InputStream in = Files.newInputStream(dump)) {
      assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
    }
    assertThat(Path.of(dump.toString().replaceAll("\\.dump$", ".json"))).isRegularFile();
  }

  @Test
  @Order(5)
  void aNewStackFromThatBackupComesUpWithTheSameRows() throws Exception {
    SuperNovaStack restored = Stacks.loadExample("local-images.yaml");
    restored.getMetadata().setName("restored");
    restored.getMetadata().setNamespace(NS);
    restored.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
    FromBackupSpec from = new FromBackupSpec();
    from.setClaimName(StackNames.backupVolume(stack));
    BootstrapSpec bootstrap = new BootstrapSpec();
    bootstrap.setFromBackup(from);
    restored.getSpec().getDatabase().setBootstrap(bootstrap);
    client.resource(restored).create();

    SuperNovaStack ready = awaitReady("restored");
    assertThat(ready.getStatus().getRestore().getPhase()).isEqualTo(RestorePhase.Succeeded);
    assertThat(ready.getStatus().getRestore().getFile())
        .isEqualTo(
            current(stack.getMetadata().getName()).getStatus().getBackup().getLastBackupFile());
    stackPods("restored").forEach(RealNodeStackIT::assertRunningForReal);

    String checksum =
        "select count(*) || ' ' || coalesce(md5(string_agg(t::text, ',' order by time, symbol)),"
            + " '-') from sentiment_data t";
    assertThat(psql(restored, checksum)).isEqualTo(psql(stack, checksum)).startsWith("1 ");
    assertThat(psql(restored, "select count(*) from users"))
        .isEqualTo(psql(stack, "select count(*) from users"));
    // The restored stack's own API serves the restored user and row.
    URI api = Stacks.apiServiceUri(client, NS, restored);
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() -> assertThat(get(api, "/health", null).statusCode()).isEqualTo(200));
    HttpResponse<String> login =
        post(
            api,
            "/auth/login",
            "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}",
            null);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    String restoredToken = JSON.readTree(login.body()).get("access_token").asText();
    assertThat(
            JSON.readTree(get(api, "/api/sentiment/" + SYMBOL, restoredToken).body())
                .get("count")
                .asInt())
        .isEqualTo(1);
    assertThat(failedCreates()).as("FailedCreate events").isEmpty();

    // The node has 2 CPUs: the rest of the class needs them for the first stack. Its pods only
    // need to be stopping: the API's preStop and drain take them about 30 s more, idle, outside
    // every Service.
    client.resource(restored).delete();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                client.resource(restored).get() == null
                    && stackPods("restored").stream()
                        .allMatch(p -> p.getMetadata().getDeletionTimestamp() != null));
  }

  @Test
  @Order(6)
  void losingAPodOfEachComponentLosesNoAcknowledgedRow() throws Exception {
    URI api = Stacks.apiServiceUri(client, NS, stack);
    for (String component : List.of("api", "database", "pooler", "redis")) {
      Instant start = Instant.now();
      acknowledge(api, nextPoint());
      Pod victim = componentPods(stack, component).get(0);
      client.resource(victim).delete();

      await()
          .atMost(READY)
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                List<Pod> now = componentPods(stack, component);
                assertThat(now).isNotEmpty();
                assertThat(now)
                    .noneMatch(p -> p.getMetadata().getUid().equals(victim.getMetadata().getUid()));
                now.forEach(RealNodeStackIT::assertRunningForReal);
                assertThat(Stacks.isReady(current(stack.getMetadata().getName()))).isTrue();
              });
      // Writes work again (retried: the first one may meet a connection the restart broke).
      acknowledge(api, nextPoint());
      TIMES.put(
          "  recovery after deleting the " + component + " pod",
          Duration.between(start, Instant.now()));
    }

    String expected =
        ACKNOWLEDGED.stream().sorted().map(Instant::toString).collect(Collectors.joining(","));
    assertThat(
            psql(
                stack,
                "select string_agg(to_char(time at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                    + " ',' order by time) from sentiment_data where symbol = '"
                    + SYMBOL
                    + "'"))
        .isEqualTo(expected);
    HttpResponse<String> read = get(api, "/api/sentiment/" + SYMBOL + "?limit=1000", token);
    assertThat(JSON.readTree(read.body()).get("count").asInt()).isEqualTo(ACKNOWLEDGED.size());
    assertThat(failedCreates()).as("FailedCreate events").isEmpty();
  }

  // ------------------------------------------------------------------------------------------------

  /** Writes one point, retrying until the API acknowledges it (an upsert: retries are safe). */
  private static void acknowledge(URI api, Instant t) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(post(api, "/api/sentiment", point(t), token).statusCode())
                    .isEqualTo(200));
    ACKNOWLEDGED.add(t);
  }

  private static Instant nextPoint() {
    return FIRST_POINT.plus(ACKNOWLEDGED.size(), ChronoUnit.MINUTES);
  }

  private static String point(Instant t) {
    return "[{\"timestamp\":\""
        + t
        + "\",\"symbol\":\""
        + SYMBOL
        + "\",\"overall_score\":0.25,\"confidence\":0.9,\"source_counts\":{\"news\":3}}]";
  }

  private static SuperNovaStack awaitReady(String name) {
    await()
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                assertThat(Stacks.isReady(current(name)))
                    .as("%s Ready; status: %s", name, current(name).getStatus())
                    .isTrue());
    return current(name);
  }

  private static SuperNovaStack current(String name) {
    return client.resources(SuperNovaStack.class).inNamespace(NS).withName(name).get();
  }

  private static List<Pod> stackPods(String name) {
    return client.pods().inNamespace(NS).withLabel(Labels.INSTANCE, name).list().getItems().stream()
        .filter(p -> !p.getMetadata().getLabels().containsKey(BackupJobs.KIND_LABEL))
        .toList();
  }

  private static List<Pod> componentPods(SuperNovaStack s, String component) {
    return stackPods(s.getMetadata().getName()).stream()
        .filter(p -> component.equals(p.getMetadata().getLabels().get(Labels.COMPONENT)))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static Pod onlyPod(String namespace, Map<String, String> labels) {
    List<Pod> pods = client.pods().inNamespace(namespace).withLabels(labels).list().getItems();
    assertThat(pods).hasSize(1);
    return pods.get(0);
  }

  /** Running, every container started by containerd and Ready (its probe really passed). */
  private static void assertRunningForReal(Pod pod) {
    assertThat(pod.getStatus().getPhase()).as(pod.getMetadata().getName()).isEqualTo("Running");
    assertThat(pod.getStatus().getContainerStatuses())
        .as(pod.getMetadata().getName())
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.getReady()).as(c.getName() + " ready").isTrue();
              assertThat(c.getContainerID()).startsWith("containerd://");
              assertThat(c.getState().getRunning()).isNotNull();
            });
  }

  private static List<String> failedCreates() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(
            e ->
                "FailedCreate".equals(e.getReason())
                    || String.valueOf(e.getMessage()).contains("PodSecurity"))
        .map(Event::getMessage)
        .toList();
  }

  /** One value from psql as the superuser over the database pod's local socket. */
  private static String psql(SuperNovaStack s, String sql) {
    return node.kubectl(
            "exec",
            "-n",
            NS,
            StackNames.database(s) + "-0",
            "-c",
            "timescaledb",
            "--",
            "psql",
            "-U",
            "postgres",
            "-d",
            StackNames.DATABASE_NAME,
            "-XAtc",
            sql)
        .trim();
  }

  /** The directory on this machine behind a bound claim. */
  private static Path hostPathOf(String claim) {
    String pv =
        client
            .persistentVolumeClaims()
            .inNamespace(NS)
            .withName(claim)
            .get()
            .getSpec()
            .getVolumeName();
    return Path.of(client.persistentVolumes().withName(pv).get().getSpec().getHostPath().getPath());
  }

  private static HttpResponse<String> get(URI base, String path, String bearer) throws Exception {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), bearer);
  }

  private static HttpResponse<String> post(URI base, String path, String body, String bearer)
      throws Exception {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        bearer);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String bearer)
      throws IOException, InterruptedException {
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(
        request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The node's state and logs, the namespace's objects and events, the operator's log. */
  private static String dump() {
    StringBuilder out = new StringBuilder(node.diagnostics());
    if (client != null) {
      out.append("== namespace ").append(NS).append('\n').append(NamespaceDump.of(client, NS));
    }
    out.append("== stacks\n")
        .append(node.kubectlResult("get", "sns", "-n", NS, "-o", "yaml").stdout())
        .append("== operator log\n")
        .append(
            node.kubectlResult("logs", "-n", OPERATOR_NS, "deploy/" + RELEASE, "--tail=200")
                .stdout());
    return out.toString();
  }
}
