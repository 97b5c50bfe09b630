package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.LocalControlPlane;
import com.supernovaai.e2e.cluster.MachineState;
import com.supernovaai.e2e.cluster.RealNode;
import com.supernovaai.e2e.cluster.RealNode.Shell;
import com.supernovaai.e2e.cluster.SharedRealNode;
import com.supernovaai.operator.config.PostgresConfig;
import com.supernovaai.operator.dependent.Scripts;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * One real node on this machine ({@code local-cluster up --real-node}): restricted pods really run
 * from the project's images, Services route by DNS name, claims land in real directories, nothing
 * has a way off the machine, and {@code down} leaves nothing behind.
 */
@Isolated // alone, after the kwok classes: one node per machine, and no CPU shared under traffic
@ExtendWith(SharedRealNode.class)
@TestMethodOrder(OrderAnnotation.class)
class RealNodeIT {

  private static final String NS = "real-node-it";
  private static final Duration READY = Duration.ofMinutes(3);
  private static final Duration TEN_S = Duration.ofSeconds(10);

  /** kube-network-policies' nftables table and NFQUEUE (network-policies.sh). */
  private static final String POLICY_TABLE = "kube-network-policies";

  private static final String POLICY_QUEUE = "100";

  private static MachineState before;
  private static RealNode node;
  private static KubernetesClient client;
  private static String redisImage;
  private static String postgresImage;

  @RegisterExtension
  static final TestWatcher DUMP_ON_FAILURE =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (node != null && Files.isDirectory(node.dir())) {
            System.err.println(
                "RealNodeIT."
                    + context.getDisplayName()
                    + " failed; diagnostics:\n"
                    + node.diagnostics());
          }
        }
      };

  @BeforeAll
  static void up(RealNode shared) throws Exception {
    assertThat(Shell.run(List.of("id", "-u"), Map.of(), Duration.ofSeconds(5)).stdout().trim())
        .as("the real node needs root (bridges, network namespaces, iptables, mounts)")
        .isEqualTo("0");
    // The run's shared node (RealNodeClassOrder runs this class last): the other classes' stacks
    // were on it, and the last test takes it down.
    node = shared;
    before = node.machineBefore();
    redisImage = RealNode.image("redis");
    postgresImage = RealNode.image("postgres");
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(node.kubeconfig())))
            .build();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NS)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                .endMetadata()
                .build())
        .create();
    // The namespace's ServiceAccount appears asynchronously; pods are refused until it exists.
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> client.serviceAccounts().inNamespace(NS).withName("default").get() != null);
  }

  @AfterAll
  static void down() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  @Order(1)
  void theNodeIsRealAndReady() {
    var n = client.nodes().withName("supernova-node").get();
    assertThat(n.getStatus().getNodeInfo().getContainerRuntimeVersion())
        .startsWith("containerd://");
    assertThat(n.getStatus().getNodeInfo().getKubeletVersion()).startsWith("v1.");
    assertThat(n.getStatus().getAddresses())
        .anySatisfy(
            a -> {
              assertThat(a.getType()).isEqualTo("InternalIP");
              assertThat(a.getAddress()).isEqualTo(node.nodeIp());
            });
    assertThat(client.nodes().list().getItems()).as("no kwok node in real-node mode").hasSize(1);
  }

  @Test
  @Order(2)
  void aRestrictedPodRunsForRealWithProbeLogsAndExec() {
    client.pods().inNamespace(NS).resource(redisPod("cache", null)).create();
    client
        .services()
        .inNamespace(NS)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("cache")
                .endMetadata()
                .withNewSpec()
                .addToSelector("app", "cache")
                .addNewPort()
                .withPort(6379)
                .withNewTargetPort(6379)
                .endPort()
                .endSpec()
                .build())
        .create();
    Pod ready =
        client
            .pods()
            .inNamespace(NS)
            .withName("cache")
            .waitUntilReady(READY.toSeconds(), TimeUnit.SECONDS);

    assertThat(ready.getStatus().getPodIP()).startsWith(node.podSubnet().replace("0/24", ""));
    assertThat(node.kubectl("logs", "-n", NS, "cache")).contains("Ready to accept connections");
    assertThat(exec("cache", "id", "-u").trim()).isEqualTo("999");
    assertThat(exec("cache", "redis-cli", "ping").trim()).isEqualTo("PONG");
    assertThat(exec("cache", "cat", "/proc/1/cmdline")).startsWith("redis-server");

    // Pod Security Admission really enforces restricted here: a root pod is refused.
    Pod root =
        new PodBuilder(redisPod("root", null))
            .editSpec()
            .editFirstContainer()
            .editSecurityContext()
            .withRunAsNonRoot(false)
            .withRunAsUser(0L)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();
    try {
      client.pods().inNamespace(NS).resource(root).create();
      throw new AssertionError("a root pod was admitted into a restricted namespace");
    } catch (KubernetesClientException e) {
      assertThat(e.getMessage()).contains("violates PodSecurity \"restricted:latest\"");
    }
  }

  @Test
  @Order(3)
  void aPodReachesAnotherThroughItsServiceByDnsName() {
    client.pods().inNamespace(NS).resource(sleeper("client", null)).create();
    client
        .pods()
        .inNamespace(NS)
        .withName("client")
        .waitUntilReady(READY.toSeconds(), TimeUnit.SECONDS);
    String clusterIp =
        client.services().inNamespace(NS).withName("cache").get().getSpec().getClusterIP();

    assertThat(exec("client", "getent", "hosts", "cache." + NS + ".svc.cluster.local"))
        .startsWith(clusterIp + " ");
    // The search path of a ClusterFirst pod, and the ClusterIP through kube-proxy's rules.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(exec("client", "redis-cli", "-h", "cache", "ping").trim())
                    .isEqualTo("PONG"));
    assertThat(exec("client", "cat", "/etc/resolv.conf")).contains("nameserver " + node.nodeIp());
    // Pods reach kube-apiserver through the `kubernetes` Service (the operator runs in a pod).
    assertThat(
            exec(
                "client",
                "bash",
                "-c",
                "exec 3<>/dev/tcp/kubernetes.default.svc.cluster.local/443 && echo connected"))
        .contains("connected");
  }

  @Test
  @Order(4)
  void aClaimedVolumeIsARealDirectoryWritableByTheNonRootUser() throws Exception {
    client.persistentVolumeClaims().inNamespace(NS).resource(claim("data")).create();
    Volume data = claimVolume("data", "data");
    // uid 70 as the operator runs PostgreSQL, with a data subdirectory as PGDATA is.
    Pod writer =
        new PodBuilder(sleeper("writer", data))
            .editSpec()
            .editSecurityContext()
            .withRunAsUser(70L)
            .withRunAsGroup(70L)
            .withFsGroup(70L)
            .endSecurityContext()
            .endSpec()
            .build();
    client.pods().inNamespace(NS).resource(writer).create();
    client
        .pods()
        .inNamespace(NS)
        .withName("writer")
        .waitUntilReady(READY.toSeconds(), TimeUnit.SECONDS);

    exec(
        "writer",
        "sh",
        "-c",
        "mkdir -m 0700 /data/pgdata && echo written-in-a-pod > /data/pgdata/proof");

    Path hostDir = hostPathOf("data");
    assertThat(hostDir).startsWith(node.dir());
    Path proof = hostDir.resolve("pgdata/proof");
    assertThat(proof).content().isEqualToIgnoringNewLines("written-in-a-pod");
    assertThat(Files.getAttribute(proof, "unix:uid")).isEqualTo(70);
  }

  /**
   * The project's PostgreSQL image keeps the official entrypoint contract the operator relies on:
   * args only, the operator's own postgresql.conf, pg_hba.conf and db-init.sh, PGDATA in a
   * subdirectory of a claim, uid 70.
   */
  @Test
  @Order(5)
  void thePostgresImageInitialisesAsTheOperatorRendersIt() throws Exception {
    client
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("db-config")
                .endMetadata()
                .addToData(
                    "postgresql.conf",
                    // The one deviation for this image: Debian has no TimescaleDB to preload.
                    PostgresConfig.render(256L << 20, 1, Map.of("shared_preload_libraries", "''")))
                .addToData("pg_hba.conf", PostgresConfig.hba())
                .addToData(Scripts.DATABASE_INIT, Scripts.load(Scripts.DATABASE_INIT))
                .build())
        .create();
    client.persistentVolumeClaims().inNamespace(NS).resource(claim("db-data")).create();
    Container postgres =
        restricted(
                new ContainerBuilder()
                    .withName("postgres")
                    .withImage(postgresImage)
                    .withImagePullPolicy("Never")
                    .withArgs("-c", "config_file=/etc/postgresql/postgresql.conf")
                    .addNewEnv()
                    .withName("POSTGRES_USER")
                    .withValue("postgres")
                    .endEnv()
                    .addNewEnv()
                    .withName("POSTGRES_PASSWORD")
                    .withValue("superuser-secret")
                    .endEnv()
                    .addNewEnv()
                    .withName("PGDATA")
                    .withValue("/var/lib/postgresql/data/pgdata")
                    .endEnv()
                    .addNewEnv()
                    .withName("APP_DB_NAME")
                    .withValue("supernova")
                    .endEnv()
                    .addNewEnv()
                    .withName("APP_DB_USER")
                    .withValue("app")
                    .endEnv()
                    .addNewEnv()
                    .withName("APP_DB_PASSWORD")
                    .withValue("app-secret")
                    .endEnv()
                    .withNewReadinessProbe()
                    .withNewExec()
                    .withCommand("pg_isready", "-U", "postgres", "-h", "127.0.0.1", "-p", "5432")
                    .endExec()
                    .withPeriodSeconds(2)
                    .endReadinessProbe()
                    .addNewVolumeMount()
                    .withName("data")
                    .withMountPath("/var/lib/postgresql/data")
                    .endVolumeMount()
                    .addNewVolumeMount()
                    .withName("config")
                    .withMountPath("/etc/postgresql")
                    .withReadOnly(true)
                    .endVolumeMount()
                    .addNewVolumeMount()
                    .withName("init")
                    .withMountPath("/docker-entrypoint-initdb.d")
                    .withReadOnly(true)
                    .endVolumeMount()
                    .addNewVolumeMount()
                    .withName("run")
                    .withMountPath("/var/run/postgresql")
                    .endVolumeMount())
            .editSecurityContext()
            .withReadOnlyRootFilesystem(false)
            .endSecurityContext()
            .build();
    Pod db =
        new PodBuilder(pod("db", postgres, claimVolume("data", "db-data"), 70L, 70L))
            .editSpec()
            .addNewVolume()
            .withName("config")
            .withNewConfigMap()
            .withName("db-config")
            .addNewItem()
            .withKey("postgresql.conf")
            .withPath("postgresql.conf")
            .endItem()
            .addNewItem()
            .withKey("pg_hba.conf")
            .withPath("pg_hba.conf")
            .endItem()
            .endConfigMap()
            .endVolume()
            .addNewVolume()
            .withName("init")
            .withNewConfigMap()
            .withName("db-config")
            .withDefaultMode(0555)
            .addNewItem()
            .withKey(Scripts.DATABASE_INIT)
            .withPath("10-" + Scripts.DATABASE_INIT)
            .endItem()
            .endConfigMap()
            .endVolume()
            .addNewVolume()
            .withName("run")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .endSpec()
            .build();
    client.pods().inNamespace(NS).resource(db).create();
    Pod ready =
        client
            .pods()
            .inNamespace(NS)
            .withName("db")
            .waitUntilReady(READY.toSeconds(), TimeUnit.SECONDS);

    assertThat(node.kubectl("logs", "-n", NS, "db"))
        .contains("running /docker-entrypoint-initdb.d/10-db-init.sh")
        .contains("PostgreSQL init process complete");
    // The role and database db-init.sh made, with its password, over the network (SCRAM in the
    // operator's hba).
    String row =
        exec(
            "db",
            "sh",
            "-c",
            "PGPASSWORD=app-secret psql -h "
                + ready.getStatus().getPodIP()
                + " -U app -d supernova -XAtc 'select current_user, current_database()'");
    assertThat(row.trim()).isEqualTo("app|supernova");
    assertThat(exec("db", "id", "-u").trim()).isEqualTo("70");
    Path pgdata = hostPathOf("db-data").resolve("pgdata");
    assertThat(pgdata.resolve("PG_VERSION")).content().isEqualToIgnoringNewLines("15");
    assertThat(Files.getAttribute(pgdata, "unix:uid")).isEqualTo(70);
    assertThat(Files.getAttribute(pgdata, "unix:mode")).isEqualTo(040700);
  }

  @Test
  @Order(6)
  void theBridgeKeepsItsOwnAddressWhilePodsComeAndGo() throws Exception {
    // Every pod caches the bridge's MAC address for its gateway, the node (DNS, Services, the API
    // server). Left to itself a bridge takes the lowest of its ports' addresses, so deleting the
    // pod
    // whose veth carried it cut the others off from the node until their ARP entries expired.
    Path bridge = Path.of("/sys/class/net", node.bridge());
    String address = Files.readString(bridge.resolve("address")).trim();
    assertThat(Files.readString(bridge.resolve("addr_assign_type")).trim())
        .as("the bridge's address is set, not taken from a port (3: NET_ADDR_SET)")
        .isEqualTo("3");
    client.pods().inNamespace(NS).resource(sleeper("transient", null)).create();
    client
        .pods()
        .inNamespace(NS)
        .withName("transient")
        .waitUntilReady(READY.toSeconds(), TimeUnit.SECONDS);
    assertThat(portAddresses()).hasSizeGreaterThan(1).doesNotContain(address);
    client.pods().inNamespace(NS).withName("transient").withGracePeriod(0).delete();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> client.pods().inNamespace(NS).withName("transient").get() == null);
    assertThat(Files.readString(bridge.resolve("address")).trim()).isEqualTo(address);
    // The pod that stays reaches the node's DNS at once.
    assertThat(exec("client", "getent", "hosts", "cache." + NS + ".svc.cluster.local"))
        .isNotBlank();
  }

  /** The MAC addresses of the bridge's ports: the host ends of the pods' veths. */
  private static List<String> portAddresses() throws IOException {
    try (Stream<Path> ports = Files.list(Path.of("/sys/class/net", node.bridge(), "brif"))) {
      return ports
          .map(p -> Path.of("/sys/class/net", p.getFileName().toString(), "address"))
          .map(
              p -> {
                try {
                  return Files.readString(p).trim();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  @Test
  @Order(7)
  void podsHaveNoWayOffTheMachine() throws Exception {
    // Inside a pod: routes to its own subnet and the Service range only, no default route.
    List<String[]> routes =
        exec("client", "cat", "/proc/net/route")
            .lines()
            .skip(1)
            .map(l -> l.trim().split("\\s+"))
            .toList();
    assertThat(routes).isNotEmpty();
    assertThat(routes).noneSatisfy(r -> assertThat(r[1]).as("default route").isEqualTo("00000000"));
    assertThat(
            routes.stream()
                .map(r -> hexToIp(r[1]) + "/" + Integer.bitCount((int) Long.parseLong(r[7], 16))))
        .containsExactlyInAnyOrder(node.podSubnet(), "10.96.0.0/16");

    // On the host: forwarded traffic from the bridge goes nowhere but the bridge, Service addresses
    // that were
    // not translated are dropped, and nothing is masqueraded.
    String mangle = run("iptables", "-t", "mangle", "-S");
    assertThat(mangle).contains("-A FORWARD -j " + node.chain() + "-FWD");
    assertThat(firstRule(mangle, "FORWARD")).isEqualTo("-A FORWARD -j " + node.chain() + "-FWD");
    assertThat(mangle)
        .contains(
            "-A "
                + node.chain()
                + "-FWD -i "
                + node.bridge()
                + " ! -o "
                + node.bridge()
                + " -j DROP")
        .contains("-A " + node.chain() + "-FWD -d 10.96.0.0/16 -j DROP");
    assertThat(run("iptables", "-S", "OUTPUT")).contains("-A OUTPUT -j " + node.chain() + "-OUT");
    assertThat(run("iptables", "-S", node.chain() + "-OUT")).contains("-d 10.96.0.0/16 -j DROP");
    assertThat(run("ip6tables", "-t", "mangle", "-S", node.chain() + "-FWD"))
        .contains("-i " + node.bridge() + " -j DROP");
    String nat = run("iptables", "-t", "nat", "-S");
    // kube-proxy's own SNAT of marked Service traffic (hairpin) is the only MASQUERADE; it runs
    // after the drop.
    assertThat(nat.lines().filter(l -> l.contains("MASQUERADE")))
        .as("MASQUERADE rules")
        .allSatisfy(
            l -> assertThat(l).startsWith("-A KUBE-POSTROUTING ").doesNotContain(node.podSubnet()));
    assertThat(nat).doesNotContain("CNI-");
    // The Service range is never routed anywhere but through these rules: no route names it.
    assertThat(run("ip", "-4", "route", "show", "table", "all")).doesNotContain("10.96.");

    // DNS: the cluster's names only; CoreDNS has no forward plugin compiled in.
    assertThat(Files.readAllLines(node.dir().resolve("node/Corefile")))
        .noneMatch(l -> l.trim().startsWith("forward"));
    String plugins = run(LocalControlPlane.binary("coredns").toString(), "-plugins");
    assertThat(plugins.lines().map(String::trim))
        .contains("kubernetes")
        .doesNotContain("forward", "hosts", "grpc", "etcd", "file", "auto", "secondary");
    assertThat(exec("client", "sh", "-c", "getent hosts example.com || echo unresolved").trim())
        .isEqualTo("unresolved");
  }

  @Test
  @Order(8)
  void downLeavesNothingBehind() {
    Path dir = node.dir();
    String bridge = node.bridge();
    String chain = node.chain();
    // The network-policy engine (kube-network-policies) is part of the node: its table and queue.
    assertThat(run("nft", "list", "tables")).contains("inet " + POLICY_TABLE);
    assertThat(boundQueues()).as("the engine's NFQUEUE is bound").contains(POLICY_QUEUE);
    Shell.Result down = node.down();
    assertThat(down.exitCode()).as(down.stderr()).isZero();

    assertThat(
            Shell.run(List.of("nft", "list", "table", "inet", POLICY_TABLE), Map.of(), TEN_S)
                .exitCode())
        .as("the engine's table is gone")
        .isNotZero();
    assertThat(boundQueues()).as("no NFQUEUE left bound").doesNotContain(POLICY_QUEUE);
    assertThat(
            Shell.run(List.of("pgrep", "-f", "kube-network-policies --kubeconfig"), Map.of(), TEN_S)
                .stdout())
        .as("no engine process")
        .isBlank();

    MachineState after = MachineState.capture();
    assertThat(dir).doesNotExist();
    assertThat(after.processes())
        .as("processes of the cluster")
        .noneMatch(p -> p.contains(dir.toString()));
    assertThat(after.mounts())
        .as("mounts under the cluster dir")
        .noneMatch(m -> m.startsWith(dir.toString()));
    assertThat(after.netns()).as("network namespaces").isSubsetOf(before.netns());
    assertThat(after.links()).as("links").doesNotContain(bridge).isSubsetOf(before.links());
    assertThat(after.rules()).as("iptables and ip6tables rules").isSubsetOf(before.rules());
    assertThat(after.rules())
        .noneMatch(
            r ->
                r.contains(chain)
                    || r.contains("KUBE-")
                    || r.contains(bridge)
                    || r.contains("kube-network-policies"));
    assertThat(after.kubepodsCgroups()).as("pod cgroups").isEmpty();
    assertThat(after.fixedPaths())
        .as("paths outside the cluster dir")
        .isSubsetOf(before.fixedPaths());
    assertThat(after.sysctls()).as("kernel settings").isEqualTo(before.sysctls());
  }

  // ------------------------------------------------------------------------------------------------

  private static PersistentVolumeClaim claim(String name) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .addToRequests("storage", new Quantity("1Gi"))
        .endResources()
        .endSpec()
        .build();
  }

  private static Volume claimVolume(String name, String claim) {
    return new VolumeBuilder()
        .withName(name)
        .withNewPersistentVolumeClaim()
        .withClaimName(claim)
        .endPersistentVolumeClaim()
        .build();
  }

  /** The directory on this machine behind a bound claim. */
  private static Path hostPathOf(String claim) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .persistentVolumeClaims()
                        .inNamespace(NS)
                        .withName(claim)
                        .get()
                        .getSpec()
                        .getVolumeName()
                    != null);
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

  /** Bound NFQUEUE numbers (first column of the kernel's table). */
  private static List<String> boundQueues() {
    return run("cat", "/proc/net/netfilter/nfnetlink_queue")
        .lines()
        .map(l -> l.trim().split("\\s+")[0])
        .toList();
  }

  private static String firstRule(String rules, String chain) {
    return rules.lines().filter(l -> l.startsWith("-A " + chain + " ")).findFirst().orElse("");
  }

  private static String hexToIp(String littleEndianHex) {
    long v = Long.parseLong(littleEndianHex, 16);
    return (v & 0xff)
        + "."
        + ((v >> 8) & 0xff)
        + "."
        + ((v >> 16) & 0xff)
        + "."
        + ((v >> 24) & 0xff);
  }

  private static String exec(String pod, String... command) {
    List<String> args = new ArrayList<>(List.of("exec", "-n", NS, pod, "--"));
    args.addAll(List.of(command));
    return node.kubectl(args.toArray(String[]::new));
  }

  private static String run(String... command) {
    return run(Shell.run(List.of(command), Map.of(), Duration.ofSeconds(30)));
  }

  private static String run(Shell.Result result) {
    return result.check("command").stdout();
  }

  /** A redis-server pod under the restricted profile, uid 999 as the operator runs Redis. */
  private static Pod redisPod(String name, Volume volume) {
    Container redis =
        restricted(
                new ContainerBuilder()
                    .withName("redis")
                    .withImage(redisImage)
                    .withImagePullPolicy("Never")
                    .withCommand(
                        "redis-server",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--protected-mode",
                        "no")
                    .addNewPort()
                    .withContainerPort(6379)
                    .endPort()
                    .withNewReadinessProbe()
                    .withNewExec()
                    .withCommand("redis-cli", "ping")
                    .endExec()
                    .withPeriodSeconds(2)
                    .endReadinessProbe())
            .build();
    return pod(name, redis, volume, 999L, 1000L);
  }

  /** A pod that only waits (redis image: it has a shell, getent and redis-cli). */
  private static Pod sleeper(String name, Volume volume) {
    ContainerBuilder c =
        restricted(
            new ContainerBuilder()
                .withName("main")
                .withImage(redisImage)
                .withImagePullPolicy("Never")
                .withCommand("sleep", "3600")
                .withNewReadinessProbe()
                .withNewExec()
                .withCommand("true")
                .endExec()
                .withPeriodSeconds(2)
                .endReadinessProbe());
    if (volume != null) {
      c.addNewVolumeMount().withName(volume.getName()).withMountPath("/data").endVolumeMount();
    }
    return pod(name, c.build(), volume, 999L, 1000L);
  }

  private static ContainerBuilder restricted(ContainerBuilder c) {
    return c.withSecurityContext(
        new SecurityContextBuilder()
            .withRunAsNonRoot(true)
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withNewCapabilities()
            .addToDrop("ALL")
            .endCapabilities()
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .build());
  }

  private static Pod pod(String name, Container container, Volume volume, long uid, long gid) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .withTerminationGracePeriodSeconds(2L)
            .withSecurityContext(
                new PodSecurityContextBuilder()
                    .withRunAsNonRoot(true)
                    .withRunAsUser(uid)
                    .withRunAsGroup(gid)
                    .withNewSeccompProfile()
                    .withType("RuntimeDefault")
                    .endSeccompProfile()
                    .build())
            .withContainers(container)
            .endSpec();
    if (volume != null) {
      pod.editSpec().withVolumes(volume).endSpec();
    }
    return pod.build();
  }
}
