package com.supernovaai.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real node for all the real-node test classes of a JVM: {@code local-cluster up --real-node}
 * costs 30-80 s and {@code down} 15-25 s, so classes share it instead of each bringing its own.
 * Inject {@link RealNode} into a {@code @BeforeAll} method.
 *
 * <p>After each class, every Helm release and every namespace the class made is removed (its
 * stacks' finalizers first: their operator has stopped with the class), and the next class starts
 * only on a node with no pod left and Ready (its namespaces may still be emptied meanwhile: see
 * {@link #awaitNamespaceGone}); if that cleanup fails, the node is taken down and the next class
 * gets a fresh one. The node is taken down when the run ends (root store), by a shutdown hook if
 * the JVM ends otherwise, or earlier by a class ({@link #downNow()}, {@link RealNode#down()}).
 */
public final class SharedRealNode
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final Logger LOG = LoggerFactory.getLogger(SharedRealNode.class);
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(SharedRealNode.class);

  /**
   * The images most real-node classes run: imported once, when the node comes up. A class that
   * needs more imports them itself ({@link RealNode#importImages}).
   */
  static final List<String> IMAGES =
      List.of("pause", "postgres", "pgbouncer", "redis", "api-server", "operator");

  /** Namespaces the cluster has by itself; a class's own ones go after it. */
  private static final Set<String> SYSTEM_NAMESPACES =
      Set.of("default", "kube-system", "kube-public", "kube-node-lease");

  private static final Duration CLEANUP = Duration.ofMinutes(3);

  private static RealNode node;
  private static boolean hookAdded;

  /** Whether the run has a class on the shared node (RealNodeClassOrder sees them all). */
  private static volatile boolean expected;

  @Override
  public void beforeAll(ExtensionContext context) {
    // The kwok classes run in parallel (e2e/pom.xml); only @Isolated keeps a real-node class from
    // running beside them, or beside another real-node class on the same node.
    Class<?> testClass = context.getRequiredTestClass();
    if (!AnnotationSupport.isAnnotated(testClass, Isolated.class)) {
      throw new IllegalStateException(
          testClass.getSimpleName() + " uses the shared real node: annotate it with @Isolated");
    }
    // Closed when the whole run ends (failsafe runs every class in one launcher request).
    context
        .getRoot()
        .getStore(STORE)
        .getOrComputeIfAbsent(Closer.class, k -> new Closer(), Closer.class);
    acquire();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    clean(context.getRequiredTestClass().getSimpleName());
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RealNode.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return acquire();
  }

  /** The shared node, brought up if there is none (or the last one was taken down). */
  public static synchronized RealNode acquire() {
    if (node != null && !node.isUp()) {
      node = null;
    }
    if (node == null) {
      if (!hookAdded) {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(SharedRealNode::downNow, "shared-real-node-down"));
        hookAdded = true;
      }
      Instant start = Instant.now();
      node = RealNode.up(IMAGES.toArray(String[]::new));
      LOG.info(
          "Shared real node up in {} s ({} images)",
          Duration.between(start, Instant.now()).toSeconds(),
          IMAGES.size());
    }
    return node;
  }

  /** Marks the run as one with classes on the shared node: {@link #warmUp()} then brings it up. */
  static void expectUse() {
    expected = true;
  }

  /**
   * Brings the shared node up in the background if the run has classes for it, so that its 30-45 s
   * overlap the other classes still running (the kwok ones) instead of delaying the first class on
   * it. For a class that held the machine's one real node itself, once that node is down.
   */
  public static void warmUp() {
    if (!expected) {
      return;
    }
    Thread warming =
        new Thread(
            () -> {
              try {
                acquire();
              } catch (RuntimeException e) {
                // The first class on it tries again, and fails with the reason.
                LOG.warn("Bringing the shared real node up ahead of its classes failed", e);
              }
            },
            "shared-real-node-up");
    warming.setDaemon(true);
    warming.start();
  }

  /** Takes the shared node down now, if one is up (e.g. before a class that brings its own). */
  public static synchronized void downNow() {
    if (node != null) {
      Instant start = Instant.now();
      RealNode.Shell.Result down = node.down();
      if (down.exitCode() != 0) {
        LOG.error("local-cluster down of the shared real node failed:\n{}", down.stderr());
      } else {
        LOG.info(
            "Shared real node down in {} s", Duration.between(start, Instant.now()).toSeconds());
      }
      node = null;
    }
  }

  /**
   * Removes what a class left on the node: its pods first, each with a 1 s grace period, then Helm
   * releases and its namespaces (with their stacks' finalizers cleared), and waits until no pod is
   * left. A node that cannot be cleaned goes down.
   *
   * <p>The short grace period must be a pod's first deletion: the kubelet keeps the grace period of
   * a termination it has started (a later, shorter one does not cut it), so a pod deleted first by
   * its namespace, its controller or the garbage collector ran its own: the database's 60 s (a
   * shutdown that still archives to a store the class has stopped), the API's 30 s (preStop,
   * drain). That is what made some cleanups take 50-80 s instead of about 10.
   */
  private static synchronized void clean(String testClass) {
    if (node == null || !node.isUp()) {
      return;
    }
    Instant start = Instant.now();
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(node.kubeconfig())))
            .build()) {
      List<String> leftover =
          client.namespaces().list().getItems().stream()
              .map(n -> n.getMetadata().getName())
              .filter(n -> !SYSTEM_NAMESPACES.contains(n))
              .toList();
      stopPods(client, leftover);
      for (JsonNode release : new ObjectMapper().readTree(node.helm("list", "-A", "-o", "json"))) {
        node.helm(
            "uninstall", release.get("name").asText(), "-n", release.get("namespace").asText());
      }
      clearStackFinalizers(client);
      leftover.forEach(n -> client.namespaces().withName(n).delete());
      Instant deadline = Instant.now().plus(CLEANUP);
      while (!isClean(client)) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "after " + CLEANUP + " still not clean:\n" + node.diagnostics());
        }
        Thread.sleep(500);
      }
      LOG.info(
          "Shared real node cleaned after {} in {} s (namespaces deleted: {})",
          testClass,
          Duration.between(start, Instant.now()).toSeconds(),
          leftover);
    } catch (IOException | RuntimeException e) {
      LOG.error("Cleaning the shared real node after {} failed; taking it down", testClass, e);
      downNow();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      downNow();
    }
  }

  /**
   * Deletes every pod of {@code namespaces} with a 1 s grace period, none replaced: their
   * controllers are deleted first, orphaning the pods (a controller being deleted creates none; a
   * background or foreground deletion would delete the pods itself, with their own grace period).
   * An operator left running (a Helm release's) may recreate a controller while its own pod stops:
   * repeated until a round finds nothing left to delete. Nothing here waits for a pod to be gone.
   */
  private static void stopPods(KubernetesClient client, List<String> namespaces) {
    for (int round = 1; round <= 5; round++) {
      boolean found = false;
      for (String ns : namespaces) {
        for (var controllers :
            List.of(
                client.apps().deployments().inNamespace(ns),
                client.apps().replicaSets().inNamespace(ns),
                client.apps().statefulSets().inNamespace(ns),
                client.apps().daemonSets().inNamespace(ns),
                client.batch().v1().cronjobs().inNamespace(ns),
                client.batch().v1().jobs().inNamespace(ns))) {
          List<? extends HasMetadata> live =
              controllers.list().getItems().stream()
                  .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
                  .toList();
          if (!live.isEmpty()) {
            found = true;
            controllers.withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
          }
        }
        List<Pod> running =
            client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
        if (!running.isEmpty()) {
          found = true;
          running.forEach(p -> client.resource(p).withGracePeriod(1).delete());
        }
      }
      if (!found) {
        return;
      }
    }
  }

  private static void clearStackFinalizers(KubernetesClient client) {
    try {
      for (SuperNovaStack stack :
          client.resources(SuperNovaStack.class).inAnyNamespace().list().getItems()) {
        client
            .resources(SuperNovaStack.class)
            .inNamespace(stack.getMetadata().getNamespace())
            .withName(stack.getMetadata().getName())
            .edit(
                s -> {
                  s.getMetadata().setFinalizers(List.of());
                  return s;
                });
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) { // no CRD installed: no stacks
        throw e;
      }
    }
  }

  /**
   * No pod anywhere, the node Ready, and no namespace but the cluster's own that is not being
   * deleted. The namespace controller goes on emptying the deleted ones (about 10 s after their
   * last pod, most of a cleanup's time): no class waits for that but one that makes a namespace of
   * the same name ({@link #awaitNamespaceGone}).
   */
  private static boolean isClean(KubernetesClient client) {
    List<Namespace> namespaces = client.namespaces().list().getItems();
    boolean onlySystem =
        namespaces.stream()
            .allMatch(
                n ->
                    SYSTEM_NAMESPACES.contains(n.getMetadata().getName())
                        || n.getMetadata().getDeletionTimestamp() != null);
    boolean noPods = client.pods().inAnyNamespace().list().getItems().isEmpty();
    boolean ready =
        client.nodes().list().getItems().stream()
            .allMatch(
                n ->
                    n.getStatus().getConditions().stream()
                        .anyMatch(
                            c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
    return onlySystem && noPods && ready;
  }

  /**
   * Waits until no namespace {@code name} exists: an earlier class's, still being emptied after its
   * cleanup, would refuse to be made again. Call it before making a namespace on the shared node.
   */
  public static void awaitNamespaceGone(KubernetesClient client, String name) {
    Instant deadline = Instant.now().plus(CLEANUP);
    while (client.namespaces().withName(name).get() != null) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("namespace " + name + " still there after " + CLEANUP);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Takes the node down when the root store closes, at the end of the run. */
  private static final class Closer implements AutoCloseable {
    @Override
    public void close() {
      downNow();
    }
  }
}
