package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.RealNode;
import com.supernovaai.e2e.cluster.RealNode.Shell;
import com.supernovaai.e2e.cluster.SharedRealNode;
import com.supernovaai.e2e.harness.ApiAccounts;
import com.supernovaai.e2e.harness.Crds;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.BackupJobs;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.runtime.OperatorConfig;
import com.supernovaai.operator.runtime.SuperNovaOperator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The stack's NetworkPolicies enforced on the real node by kube-network-policies: the stack works
 * through them (API -> PgBouncer -> PostgreSQL, API -> Redis, a backup Job -> PostgreSQL), and
 * probe pods show what they refuse: a pod without the stack's labels, or with only its instance and
 * component labels, reaches none of the data services; a pod with the API's labels reaches only
 * PgBouncer and Redis (and DNS); one with the Job pods' labels only the database. Every probe is a
 * TCP connect from a pod to a pod IP of this cluster: nothing is sent off the machine.
 *
 * <p>The operator runs in the test JVM (the policies are what is under test, not its image).
 */
@Isolated // alone, after the kwok classes: one node per machine, and no CPU shared under traffic
@ExtendWith(SharedRealNode.class)
@TestMethodOrder(OrderAnnotation.class)
class RealNodeNetworkPolicyIT {

  private static final String NS = "netpol-it";
  private static final Duration READY = Duration.ofMinutes(6);
  private static final String TABLE = "kube-network-policies";
  private static final String QUEUE = "100";

  /** Connects to every ip:port argument at once, 3 s each; prints "ip:port open|closed". */
  private static final String PROBE =
      "for t in \"$@\"; do ( if timeout 3 bash -c \"exec 3<>/dev/tcp/${t%:*}/${t#*:}\""
          + " 2>/dev/null; then echo \"$t open\"; else echo \"$t closed\"; fi ) & done; wait";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static final Map<String, Duration> TIMES = new LinkedHashMap<>();

  private static RealNode node;
  private static KubernetesClient client;
  private static SuperNovaOperator operator;
  private static SuperNovaStack stack;

  /** The stack's targets by name (db, pooler, redis, api): pod IP and port. */
  private static final Map<String, String> TARGETS = new TreeMap<>();

  @RegisterExtension
  static final TestWatcher DUMP_ON_FAILURE =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (node != null && Files.isDirectory(node.dir())) {
            System.err.println(
                "RealNodeNetworkPolicyIT."
                    + context.getDisplayName()
                    + " failed; diagnostics:\n"
                    + node.diagnostics()
                    + "\n== tail of logs/kube-network-policies.log\n"
                    + tail(node.dir().resolve("logs/kube-network-policies.log"))
                    + "\n== stack\n"
                    + node.kubectlResult("get", "sns,netpol,pods", "-n", NS, "-o", "wide")
                        .stdout());
          }
        }
      };

  @BeforeAll
  static void up(RealNode shared) throws Exception {
    node = shared;
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(node.kubeconfig())))
            .build();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    Crds.install(client);
    operator = SuperNovaOperator.create(client, OperatorConfig.forNamespaces(NS)).start();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> client.serviceAccounts().inNamespace(NS).withName("default").get() != null);
  }

  @AfterAll
  static void down() {
    if (operator != null) {
      operator.stop();
    }
    if (client != null) {
      client.close();
    }
    System.out.println(
        "RealNodeNetworkPolicyIT timings:\n"
            + TIMES.entrySet().stream()
                .map(e -> String.format("  %-50s %5d s", e.getKey(), e.getValue().toSeconds()))
                .collect(Collectors.joining("\n")));
  }

  @Test
  @Order(1)
  void theStackWorksThroughItsPoliciesAndAWriteThroughTheApiSucceeds() throws Exception {
    assertThat(nft("list", "table", "inet", TABLE).exitCode())
        .as("the engine's nftables table exists")
        .isZero();
    Instant start = Instant.now();
    stack = Stacks.availableWhenReady(Stacks.loadExample("local-images.yaml"));
    stack.getMetadata().setNamespace(NS);
    client.resource(stack).create();
    // Ready means the API's readiness passed: it reached PgBouncer (which reached PostgreSQL)
    // and Redis, all behind their policies.
    await()
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(3))
        .untilAsserted(
            () -> assertThat(Stacks.isReady(current())).as("%s", current().getStatus()).isTrue());
    TIMES.put("stack Ready", Duration.between(start, Instant.now()));
    assertThat(client.network().v1().networkPolicies().inNamespace(NS).list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "local-api", "local-db", "local-pooler", "local-redis", "local-backup");

    // The API reaches the database through the policies: its administrator logs in and creates
    // an account (both read and write the users table).
    assertThat(
            ApiAccounts.create(
                client, NS, stack, Stacks.apiServiceUri(client, NS, stack), "user", "read"))
        .contains("\"username\":\"user-");

    TARGETS.put("db", podIp(Labels.COMPONENT_DATABASE) + ":" + StackNames.DATABASE_PORT);
    TARGETS.put("pooler", podIp(Labels.COMPONENT_POOLER) + ":" + StackNames.POOLER_PORT);
    TARGETS.put("redis", podIp(Labels.COMPONENT_REDIS) + ":" + StackNames.REDIS_PORT);
    TARGETS.put("api", podIp(Labels.COMPONENT_API) + ":" + StackNames.API_PORT);
  }

  @Test
  @Order(2)
  void aBackupJobReachesTheDatabase() {
    Instant start = Instant.now();
    String request = Stacks.requestBackup(client, NS, stack.getMetadata().getName());
    await()
        .atMost(Duration.ofMinutes(3))
        .untilAsserted(
            () -> {
              var backup = current().getStatus().getBackup();
              assertThat(backup).isNotNull();
              assertThat(backup.getLastManualRequest()).isEqualTo(request);
              assertThat(backup.getLastSuccessfulTime()).as("%s", backup).isNotNull();
            });
    TIMES.put("backup-now", Duration.between(start, Instant.now()));
  }

  @Test
  @Order(3)
  void probePodsReachOnlyWhatTheirLabelsAllow() {
    Instant start = Instant.now();
    String instance = stack.getMetadata().getName();
    Map<String, Map<String, String>> probes = new LinkedHashMap<>();
    probes.put("stranger", Map.of("app", "stranger"));
    // What a Helm release of the same name would carry: instance and component, another name.
    probes.put(
        "impostor-api",
        Map.of(Labels.NAME, "other-app", Labels.INSTANCE, instance, Labels.COMPONENT, "api"));
    probes.put(
        "impostor-backup",
        Map.of(Labels.INSTANCE, instance, Labels.COMPONENT, Labels.COMPONENT_BACKUP));
    // The API's selector labels without its color: under the API's policies, outside its Service.
    probes.put(
        "api-twin",
        Map.of(Labels.NAME, Labels.APP, Labels.INSTANCE, instance, Labels.COMPONENT, "api"));
    probes.put(
        "backup-twin",
        Map.of(
            Labels.NAME,
            Labels.APP,
            Labels.INSTANCE,
            instance,
            Labels.COMPONENT,
            Labels.COMPONENT_BACKUP,
            BackupJobs.KIND_LABEL,
            BackupJobs.BACKUP));
    probes.forEach((name, labels) -> client.resource(probePod(name, labels)).create());
    probes
        .keySet()
        .forEach(
            name ->
                client
                    .pods()
                    .inNamespace(NS)
                    .withName(name)
                    .waitUntilCondition(
                        p -> p != null && "Running".equals(p.getStatus().getPhase()),
                        2,
                        java.util.concurrent.TimeUnit.MINUTES));

    // The API accepts HTTP from anywhere (Ingress controllers): the stranger's positive control.
    expect("stranger", Map.of("db", false, "pooler", false, "redis", false, "api", true));
    expect("impostor-api", Map.of("db", false, "pooler", false, "redis", false, "api", true));
    expect("impostor-backup", Map.of("db", false, "pooler", false, "redis", false, "api", true));
    // Egress: only PgBouncer and Redis, not the database and not even another API pod.
    expect("api-twin", Map.of("db", false, "pooler", true, "redis", true, "api", false));
    expect("backup-twin", Map.of("db", true, "pooler", false, "redis", false, "api", false));
    // DNS is allowed to the API's pods: the pooler's name resolves from the twin.
    String host = StackNames.serviceHost(stack, StackNames.pooler(stack)) + ".cluster.local";
    assertThat(exec("api-twin", "getent", "hosts", host))
        .as("DNS from the API's twin")
        .isNotBlank();
    TIMES.put("probes", Duration.between(start, Instant.now()));
  }

  @Test
  @Order(4)
  void theEngineHoldsItsTableAndQueue() {
    // That `down` removes them, and the engine's process, is checked where the shared node goes
    // down: RealNodeIT.downLeavesNothingBehind.
    assertThat(nft("list", "table", "inet", TABLE).exitCode()).as("the engine's table").isZero();
    assertThat(queues()).as("the engine's NFQUEUE is bound").contains(QUEUE);
    assertThat(
            Shell.run(
                    List.of("pgrep", "-f", "kube-network-policies --kubeconfig"),
                    Map.of(),
                    Duration.ofSeconds(10))
                .stdout())
        .as("the engine's process")
        .isNotBlank();
  }

  /**
   * Awaits the probe's results: a pod's IP reaches the engine through the informers a moment after
   * it starts, and only then are its connections judged by its own (egress) policies.
   */
  private static void expect(String pod, Map<String, Boolean> open) {
    Map<String, String> expected = new TreeMap<>();
    open.forEach((target, o) -> expected.put(target, o ? "open" : "closed"));
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(probe(pod)).as(pod).isEqualTo(expected));
    System.out.println("RealNodeNetworkPolicyIT: " + pod + " -> " + expected);
  }

  /** target name -> "open" or "closed", from one round of connects inside the pod. */
  private static Map<String, String> probe(String pod) {
    List<String> args = new java.util.ArrayList<>(List.of("bash", "-c", PROBE, "probe"));
    args.addAll(TARGETS.values());
    String out = exec(pod, args.toArray(String[]::new));
    Map<String, String> byAddress =
        out.lines()
            .map(l -> l.trim().split(" "))
            .filter(f -> f.length == 2)
            .collect(Collectors.toMap(f -> f[0], f -> f[1]));
    Map<String, String> result = new TreeMap<>();
    TARGETS.forEach((name, address) -> result.put(name, byAddress.get(address)));
    return result;
  }

  private static String exec(String pod, String... command) {
    List<String> args = new java.util.ArrayList<>(List.of("exec", "-n", NS, pod, "--"));
    args.addAll(List.of(command));
    return node.kubectl(args.toArray(String[]::new));
  }

  private static Pod probePod(String name, Map<String, String> labels) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withTerminationGracePeriodSeconds(0L)
        .withEnableServiceLinks(false)
        .addNewContainer()
        .withName("probe")
        .withImage(RealNode.image("postgres"))
        .withImagePullPolicy("IfNotPresent")
        .withCommand("sleep", "infinity")
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(65534L)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }

  private static String podIp(String component) {
    return client
        .pods()
        .inNamespace(NS)
        .withLabel(Labels.INSTANCE, stack.getMetadata().getName())
        .withLabel(Labels.COMPONENT, component)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getStatus().getPodIP() != null)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + component + " pod with an IP"))
        .getStatus()
        .getPodIP();
  }

  private static SuperNovaStack current() {
    return client
        .resources(SuperNovaStack.class)
        .inNamespace(NS)
        .withName(stack.getMetadata().getName())
        .get();
  }

  private static Shell.Result nft(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("nft"));
    command.addAll(List.of(args));
    return Shell.run(command, Map.of(), Duration.ofSeconds(10));
  }

  /** Bound NFQUEUE numbers (first column of the kernel's table). */
  private static List<String> queues() {
    try {
      return Files.readAllLines(Path.of("/proc/net/netfilter/nfnetlink_queue")).stream()
          .map(l -> l.trim().split("\\s+")[0])
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (java.io.IOException e) {
      return "(" + e.getMessage() + ")";
    }
  }
}
