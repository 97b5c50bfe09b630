package com.supernovaai.e2e.cluster;

import com.supernovaai.e2e.cluster.RealNode.Shell;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one real Kubernetes cluster of a test run, chosen in one place: {@code
 * SUPERNOVA_TEST_KUBECONFIG} if set; else the local control plane of {@code
 * e2e/cluster/local-cluster}, whose kwok stages the cluster ITs rely on (Job pods that fail on
 * purpose, API pods that never get ready).
 */
public final class TestCluster implements AutoCloseable {

  public static final String KUBECONFIG_ENV = "SUPERNOVA_TEST_KUBECONFIG";
  private static final Logger LOG = LoggerFactory.getLogger(TestCluster.class);
  private static TestCluster shared;

  private final String kind;
  private final String kubeconfigYaml;
  private final Optional<Path> auditLog;
  private final AutoCloseable stopper;

  private TestCluster(
      String kind, String kubeconfigYaml, Optional<Path> auditLog, AutoCloseable stopper) {
    this.kind = kind;
    this.kubeconfigYaml = kubeconfigYaml;
    this.auditLog = auditLog;
    this.stopper = stopper;
  }

  /** The cluster of this JVM, started on first use and stopped when the JVM exits. */
  public static synchronized TestCluster shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::closeQuietly, "test-cluster-stop"));
    }
    return shared;
  }

  private static TestCluster start() {
    String explicit = System.getenv(KUBECONFIG_ENV);
    if (explicit != null && !explicit.isBlank()) {
      LOG.info("Using the cluster of {}={}", KUBECONFIG_ENV, explicit);
      return new TestCluster("kubeconfig", read(Path.of(explicit)), Optional.empty(), () -> {});
    }
    LocalControlPlane local = LocalControlPlane.up(RepoPaths.root());
    return new TestCluster(
        "local-control-plane", read(local.kubeconfig()), Optional.of(local.auditLog()), local);
  }

  /** "kubeconfig" or "local-control-plane". */
  public String kind() {
    return kind;
  }

  public String kubeconfigYaml() {
    return kubeconfigYaml;
  }

  /** The API server's audit log of write requests, when this tooling started the cluster. */
  public Optional<Path> auditLog() {
    return auditLog;
  }

  /**
   * kubectl against this cluster in {@code namespace}, as a user types it; fails on a non-zero
   * exit, returns what it printed on standard output.
   */
  public String kubectl(String namespace, String... args) {
    Path kubeconfig = null;
    try {
      kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
      Files.writeString(kubeconfig, kubeconfigYaml);
      List<String> command =
          new ArrayList<>(
              List.of(
                  LocalControlPlane.binary("kubectl").toString(),
                  "--kubeconfig",
                  kubeconfig.toString(),
                  "-n",
                  namespace));
      command.addAll(List.of(args));
      return Shell.run(command, Map.of(), Duration.ofMinutes(1))
          .check("kubectl " + String.join(" ", args))
          .stdout();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(kubeconfig);
    }
  }

  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
  }

  @Override
  public void close() throws Exception {
    stopper.close();
  }

  private void closeQuietly() {
    try {
      close();
    } catch (Exception e) {
      LOG.warn("Stopping the {} cluster failed: {}", kind, e.toString());
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("Could not delete {}: {}", file, e.toString());
      }
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read kubeconfig " + path + ": " + e.getMessage(), e);
    }
  }
}
