package com.supernovaai.e2e.harness;

import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.RealNode;
import com.supernovaai.e2e.cluster.SharedRealNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What a real-node test class opens on the shared node ({@code SharedRealNode}): a client, its own
 * namespaces under the {@code restricted} Pod Security level (as in production), and the operator
 * in this JVM watching them; closed in {@code @AfterAll}. Also the two things every such class
 * prints: its diagnostics when a test fails, and its figures at the end.
 */
public final class RealNodeSession implements AutoCloseable {

  private final RealNode node;
  private final KubernetesClient client;
  private final InProcessOperator operator;

  private RealNodeSession(RealNode node, KubernetesClient client, InProcessOperator operator) {
    this.node = node;
    this.client = client;
    this.operator = operator;
  }

  /** Creates the namespaces (each with its default ServiceAccount) and starts the operator. */
  public static RealNodeSession open(RealNode node, String... namespaces) {
    requireRoot();
    String kubeconfig = read(node);
    KubernetesClient client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    try {
      for (String namespace : namespaces) {
        restrictedNamespace(client, namespace);
      }
      return new RealNodeSession(node, client, InProcessOperator.start(kubeconfig, namespaces));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** The real node runs bridges, network namespaces, iptables and mounts: root only. */
  public static void requireRoot() {
    String uid =
        RealNode.Shell.run(List.of("id", "-u"), Map.of(), Duration.ofSeconds(5)).stdout().trim();
    if (!"0".equals(uid)) {
      throw new IllegalStateException(
          "the real node needs root (bridges, network namespaces, iptables, mounts); uid " + uid);
    }
  }

  /** A namespace pods may run in: restricted Pod Security, its default ServiceAccount there. */
  public static void restrictedNamespace(KubernetesClient client, String namespace) {
    SharedRealNode.awaitNamespaceGone(client, namespace);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .endMetadata()
                .build())
        .create();
    // Pods are refused until the namespace's default ServiceAccount exists (it appears async).
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                client.serviceAccounts().inNamespace(namespace).withName("default").get() != null);
  }

  /**
   * Prints the node's and the class's diagnostics when a test fails ({@code @RegisterExtension}).
   */
  public static TestWatcher dumpOnFailure(
      String testClass, Supplier<RealNode> node, Supplier<String> diagnostics) {
    return new TestWatcher() {
      @Override
      public void testFailed(ExtensionContext context, Throwable cause) {
        RealNode up = node.get();
        if (up != null && Files.isDirectory(up.dir())) {
          System.err.println(
              testClass
                  + "."
                  + context.getDisplayName()
                  + " failed; diagnostics:\n"
                  + diagnostics.get());
        }
      }
    };
  }

  public RealNode node() {
    return node;
  }

  public KubernetesClient client() {
    return client;
  }

  public InProcessOperator operator() {
    return operator;
  }

  @Override
  public void close() {
    try {
      operator.close();
    } finally {
      client.close();
    }
  }

  private static String read(RealNode node) {
    try {
      return Files.readString(node.kubeconfig());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A class's figures, printed in the order they were taken. */
  public static final class Figures {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final int width;

    public Figures(int width) {
      this.width = width;
    }

    public synchronized void put(String name, Object value) {
      values.put(name, value);
    }

    /** "Title figures:" and one line per figure. */
    public synchronized String print(String title) {
      return title
          + " figures:\n"
          + values.entrySet().stream()
              .map(e -> String.format("  %-" + width + "s %s", e.getKey(), e.getValue()))
              .collect(Collectors.joining("\n"));
    }
  }
}
