package com.supernovaai.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local cluster with one real node ({@code local-cluster up --real-node}): containerd, kubelet,
 * kube-proxy, a CNI bridge and CoreDNS on this machine, images from {@code e2e/images/build}.
 */
public final class RealNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RealNode.class);
  private static final List<String> LOGS =
      List.of(
          "kubelet",
          "containerd",
          "kube-proxy",
          "kube-network-policies",
          "coredns",
          "metrics-server",
          "kube-apiserver");

  private final Path kubeconfig;
  private final Map<String, String> env;
  private final MachineState before;
  private boolean closed;

  private RealNode(Path kubeconfig, Map<String, String> env, MachineState before) {
    this.kubeconfig = kubeconfig;
    this.env = env;
    this.before = before;
  }

  /** The images the Maven build makes (Jib); the others come from Debian packages. */
  private static final List<String> APP_IMAGES = List.of("api-server", "operator");

  /**
   * Builds the named Debian images (cached: seconds when nothing changed), then starts the cluster
   * with only those imported into the node. The API server and operator images are not built here:
   * a test runs inside a Maven build of the same tree, which a second one would race with; they
   * must be cached for the sources as they are ({@code scripts/test.sh} builds them before {@code
   * mvn verify}), else this fails naming the command that builds them.
   */
  public static RealNode up(String... images) {
    List<String> debian = Stream.of(images).filter(i -> !APP_IMAGES.contains(i)).toList();
    List<String> app = Stream.of(images).filter(APP_IMAGES::contains).toList();
    List<String> build = new ArrayList<>(List.of(imagesScript().toString(), "--no-app"));
    build.addAll(debian);
    Shell.Result built = Shell.run(build, Map.of(), Duration.ofMinutes(20));
    built.check("e2e/images/build");
    if (!app.isEmpty()) {
      List<String> current = new ArrayList<>(List.of(imagesScript().toString(), "current"));
      current.addAll(app);
      Shell.run(current, Map.of(), Duration.ofMinutes(1)).check("e2e/images/build current");
    }
    MachineState before = MachineState.capture();
    Shell.Result up =
        Shell.run(
            List.of(RepoPaths.localClusterScript().toString(), "up", "--real-node"),
            Map.of("LOCAL_CLUSTER_IMAGES", String.join(" ", images)),
            Duration.ofMinutes(25));
    up.check("local-cluster up --real-node");
    List<String> lines = up.stdout().lines().toList();
    Path kubeconfig = Path.of(lines.get(lines.size() - 1).trim());
    Map<String, String> env = new LinkedHashMap<>();
    try (Stream<String> nodeEnv = Files.lines(kubeconfig.resolveSibling("node/node.env"))) {
      nodeEnv
          .filter(l -> l.contains("="))
          .forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LOG.info("Real node up: {} {}", kubeconfig, env);
    return new RealNode(kubeconfig, env, before);
  }

  public static Path imagesScript() {
    return RepoPaths.root().resolve("e2e/images/build");
  }

  /** Fully qualified reference of an image the project builds, e.g. {@code redis}. */
  public static String image(String name) {
    return Shell.run(List.of(imagesScript().toString(), "list"), Map.of(), Duration.ofMinutes(1))
        .stdout()
        .lines()
        .map(l -> l.split(" "))
        .filter(f -> f[0].equals(name))
        .map(f -> f[1])
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("image " + name + " is not built"));
  }

  /** The machine as it was right before this node came up: what {@code down} must restore. */
  public MachineState machineBefore() {
    return before;
  }

  /** False once {@link #down()} ran. */
  public synchronized boolean isUp() {
    return !closed;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public Path dir() {
    return kubeconfig.getParent();
  }

  public String bridge() {
    return env.get("BRIDGE");
  }

  /**
   * Imports images into this running node, for images only one class runs (they would slow every
   * node's start-up otherwise). They must be cached for the sources as they are; nothing is built.
   */
  public void importImages(String... images) {
    List<String> command =
        new ArrayList<>(List.of(imagesScript().toString(), "import", dir().toString()));
    command.addAll(List.of(images));
    Shell.run(command, Map.of(), Duration.ofMinutes(5)).check("e2e/images/build import");
  }

  public String podSubnet() {
    return env.get("POD_SUBNET");
  }

  public String nodeIp() {
    return env.get("NODE_IP");
  }

  /** Prefix of this node's iptables chains. */
  public String chain() {
    return env.get("CHAIN");
  }

  /** kubectl against this cluster; fails on a non-zero exit. */
  public String kubectl(String... args) {
    return kubectlResult(args).check("kubectl " + String.join(" ", args)).stdout();
  }

  /** helm against this cluster; fails on a non-zero exit. */
  public String helm(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                LocalControlPlane.binary("helm").toString(),
                "--kubeconfig",
                kubeconfig.toString()));
    command.addAll(List.of(args));
    return Shell.run(command, Map.of(), Duration.ofMinutes(6)).check("helm " + args[0]).stdout();
  }

  public Shell.Result kubectlResult(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                LocalControlPlane.binary("kubectl").toString(),
                "--kubeconfig",
                kubeconfig.toString()));
    command.addAll(List.of(args));
    return Shell.run(command, Map.of(), Duration.ofMinutes(3));
  }

  /**
   * {@code ctr} against this node's containerd, in the namespace where the kubelet's containers
   * are: a test reaches under Kubernetes with it (e.g. {@code task pause} freezes a container).
   */
  public Shell.Result ctr(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "ctr",
                "--address",
                dir().resolve("node/containerd/containerd.sock").toString(),
                "-n",
                "k8s.io"));
    command.addAll(List.of(args));
    return Shell.run(command, Map.of(), Duration.ofMinutes(1));
  }

  /** What a human needs when a test on the node fails: node state, pods, the daemons' logs. */
  public String diagnostics() {
    StringBuilder out = new StringBuilder();
    out.append("== nodes, pods, events\n")
        .append(kubectlResult("get", "nodes,pods,pvc,pv", "-A", "-o", "wide").stdout())
        .append(kubectlResult("get", "events", "-A", "--sort-by=.lastTimestamp").stdout());
    out.append(networkPolicyVerdicts());
    for (String name : LOGS) {
      out.append("== tail of logs/")
          .append(name)
          .append(".log\n")
          .append(tail(dir().resolve("logs/" + name + ".log"), 60));
    }
    Path podLogs = dir().resolve("node/pod-logs");
    if (Files.isDirectory(podLogs)) {
      try (Stream<Path> files = Files.walk(podLogs)) {
        files
            .filter(Files::isRegularFile)
            .forEach(
                f -> out.append("== container log ").append(f).append('\n').append(tail(f, 30)));
      } catch (IOException e) {
        out.append("(cannot list ")
            .append(podLogs)
            .append(": ")
            .append(e.getMessage())
            .append(")\n");
      }
    }
    return out.toString();
  }

  /**
   * The packets the node's NetworkPolicy engine dropped since it started ({@link
   * NetworkPolicyDrops}); empty when its counters cannot be read.
   */
  public Optional<NetworkPolicyDrops> networkPolicyDrops() {
    return networkPolicyMetrics().map(NetworkPolicyDrops::parse);
  }

  /**
   * The NetworkPolicy engine's log lines of the packets it dropped by policy, oldest first: the
   * protocol, and each end's pod (as far as the engine knew it) or address, and port.
   */
  public List<String> networkPolicyDropLog() {
    try (Stream<String> lines = Files.lines(dir().resolve("logs/kube-network-policies.log"))) {
      return lines.filter(l -> l.contains("\"Dropped packet\"")).toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }

  /**
   * The NetworkPolicy engine's packet counts by verdict and its queue's counters. A pod whose
   * lookups or connections time out now and then (a Sentinel that cannot resolve its peers) shows
   * here whether the engine dropped its packets by policy ({@code verdict="drop"}) or because its
   * queue overflowed or could not reach it ({@code nfqueue_queue_dropped}, {@code
   * nfqueue_user_dropped}).
   */
  private String networkPolicyVerdicts() {
    StringBuilder out = new StringBuilder("== kube-network-policies' verdicts and queue drops\n");
    networkPolicyMetrics()
        .ifPresentOrElse(
            metrics ->
                metrics
                    .lines()
                    .filter(
                        l ->
                            l.startsWith("kube_network_policies_packet_count")
                                || l.startsWith("kube_network_policies_nfqueue_"))
                    .forEach(l -> out.append(l).append('\n')),
            () -> out.append("(cannot read its metrics)\n"));
    List<String> dropped = networkPolicyDropLog();
    out.append("== the last packets it dropped by policy (")
        .append(dropped.size())
        .append(" in all)\n");
    dropped
        .subList(Math.max(0, dropped.size() - 30), dropped.size())
        .forEach(l -> out.append(l).append('\n'));
    return out.toString();
  }

  /** The engine's {@code /metrics} (its address is in node.env since the node started). */
  private Optional<String> networkPolicyMetrics() {
    String address = env.get("NETPOL_METRICS");
    if (address == null) {
      return Optional.empty();
    }
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://" + address + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException e) {
      LOG.warn("Cannot read the NetworkPolicy engine's metrics at {}: {}", address, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    } catch (IOException e) {
      return "(no " + file + ")\n";
    }
  }

  /** {@code local-cluster down}; a second call does nothing. */
  public synchronized Shell.Result down() {
    if (closed) {
      return new Shell.Result(0, "", "already down");
    }
    closed = true;
    return Shell.run(
        List.of(RepoPaths.localClusterScript().toString(), "down", dir().toString()),
        Map.of(),
        Duration.ofMinutes(3));
  }

  @Override
  public void close() {
    down();
  }

  /** Runs a command to completion, capturing its output. */
  public static final class Shell {
    private Shell() {}

    public record Result(int exitCode, String stdout, String stderr) {
      public Result check(String what) {
        if (exitCode != 0) {
          throw new IllegalStateException(
              what + " failed with exit code " + exitCode + ":\n" + stderr + "\n" + stdout);
        }
        return this;
      }
    }

    public static Result run(List<String> command, Map<String, String> env, Duration timeout) {
      try {
        Path out = Files.createTempFile("cmd", ".out");
        Path err = Files.createTempFile("cmd", ".err");
        try {
          ProcessBuilder builder =
              new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
          builder.environment().putAll(env);
          Process process = builder.start();
          if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out after " + timeout + ": " + command);
          }
          return new Result(
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
        } finally {
          Files.deleteIfExists(out);
          Files.deleteIfExists(err);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted: " + command, e);
      }
    }
  }
}
