package com.supernovaai.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stack made before selectors named the app ({@code app.kubernetes.io/name}) moves to the new
 * selectors when the operator is upgraded: its StatefulSets and Deployments are replaced, while the
 * pods, the claims (same UIDs) and the Services' endpoints stay.
 */
@ExtendWith(KubernetesClusterExtension.class)
class SelectorMigrationIT {

  private static InProcessOperator operator;

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void workloadsWithOldSelectorsAreReplacedKeepingPodsClaimsAndEndpoints(
      KubernetesClient client,
      TestCluster cluster,
      KubernetesClusterExtension.TestNamespace namespace) {
    String ns = namespace.name();
    operator = InProcessOperator.start(cluster, ns);
    SuperNovaStack stack = Stacks.loadExample("minimal.yaml");
    stack.getMetadata().setName("legacy");
    StackLifecycleIT.create(client, stack);
    StackLifecycleIT.awaitReady(client, stack);

    // The stack as the operator before this change left it.
    operator.stop();
    client
        .apps()
        .statefulSets()
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(s -> downgrade(client, s));
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(d -> downgrade(client, d));
    for (Service service : client.services().inNamespace(ns).list().getItems()) {
      if (service.getSpec().getSelector() != null
          && service.getSpec().getSelector().remove(Labels.NAME) != null) {
        client.resource(service).update();
      }
    }
    assertThat(selectors(client, ns).values())
        .as("the old selectors")
        .hasSizeGreaterThanOrEqualTo(4)
        .allSatisfy(s -> assertThat(s).doesNotContainKey(Labels.NAME));
    Map<String, String> claims =
        uids(client.persistentVolumeClaims().inNamespace(ns).list().getItems());
    Map<String, String> pods =
        uids(
            client.pods().inNamespace(ns).list().getItems().stream()
                .filter(
                    p ->
                        List.of("database", "pooler", "redis", "api")
                            .contains(p.getMetadata().getLabels().get(Labels.COMPONENT)))
                .toList());
    List<String> services =
        client.services().inNamespace(ns).list().getItems().stream()
            .filter(s -> s.getSpec().getSelector() != null && !s.getSpec().getSelector().isEmpty())
            .filter(s -> !s.getMetadata().getName().endsWith("-headless"))
            .map(s -> s.getMetadata().getName())
            .toList();
    assertThat(claims).isNotEmpty();

    // Every 200 ms during the migration: which Services had no ready endpoint.
    Map<String, AtomicInteger> emptied = new ConcurrentHashMap<>();
    AtomicInteger observations = new AtomicInteger();
    AtomicBoolean watching = new AtomicBoolean(true);
    Thread watcher =
        new Thread(
            () -> {
              while (watching.get()) {
                for (String service : services) {
                  if (readyEndpoints(client, ns, service) == 0) {
                    emptied.computeIfAbsent(service, s -> new AtomicInteger()).incrementAndGet();
                  }
                }
                observations.incrementAndGet();
                sleep(200);
              }
            },
            "endpoint-watcher");
    watcher.setDaemon(true);
    watcher.start();

    long start = System.nanoTime();
    operator.startAgain();
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () ->
                assertThat(selectors(client, ns))
                    .allSatisfy(
                        (name, selector) ->
                            assertThat(selector).as(name).containsEntry(Labels.NAME, "supernova")));
    // Adopted: every pod of before is there, controlled by a workload of the new generation.
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () -> {
              List<Pod> now = client.pods().inNamespace(ns).list().getItems();
              assertThat(uids(now)).containsAllEntriesOf(pods);
              var workloads =
                  client.apps().statefulSets().inNamespace(ns).list().getItems().stream()
                      .map(w -> w.getMetadata().getUid())
                      .collect(Collectors.toSet());
              client.apps().deployments().inNamespace(ns).list().getItems().stream()
                  .map(w -> w.getMetadata().getUid())
                  .forEach(workloads::add);
              assertThat(now)
                  .filteredOn(p -> pods.containsKey(p.getMetadata().getName()))
                  .allSatisfy(
                      p ->
                          assertThat(workload(client, p))
                              .as(p.getMetadata().getName())
                              .isIn(workloads));
            });
    StackLifecycleIT.awaitReady(client, stack);
    System.out.printf(
        "SelectorMigrationIT: migrated in %d ms; %d endpoint observations%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), observations.get());
    watching.set(false);
    join(watcher);

    assertThat(uids(client.persistentVolumeClaims().inNamespace(ns).list().getItems()))
        .as("claims: the same, none deleted")
        .isEqualTo(claims);
    assertThat(client.services().inNamespace(ns).list().getItems())
        .filteredOn(s -> s.getSpec().getSelector() != null && !s.getSpec().getSelector().isEmpty())
        .allSatisfy(
            s ->
                assertThat(s.getSpec().getSelector())
                    .as(s.getMetadata().getName())
                    .containsEntry(Labels.NAME, "supernova"));
    assertThat(services)
        .allSatisfy(s -> assertThat(readyEndpoints(client, ns, s)).as(s).isPositive());
    assertThat(emptied).as("Services seen without a ready endpoint during the migration").isEmpty();
  }

  /**
   * Re-creates a workload under its selector without the name label, as an older operator made it.
   */
  private static void downgrade(KubernetesClient client, HasMetadata workload) {
    HasMetadata old;
    if (workload instanceof StatefulSet s) {
      Map<String, String> selector = withoutName(s.getSpec().getSelector());
      old =
          new StatefulSetBuilder()
              .withNewMetadata()
              .withName(s.getMetadata().getName())
              .withNamespace(s.getMetadata().getNamespace())
              .withLabels(s.getMetadata().getLabels())
              .withAnnotations(s.getMetadata().getAnnotations())
              .withOwnerReferences(s.getMetadata().getOwnerReferences())
              .endMetadata()
              .withSpec(s.getSpec())
              .editSpec()
              .withNewSelector()
              .withMatchLabels(selector)
              .endSelector()
              .endSpec()
              .build();
    } else {
      Deployment d = (Deployment) workload;
      Map<String, String> selector = withoutName(d.getSpec().getSelector());
      old =
          new DeploymentBuilder()
              .withNewMetadata()
              .withName(d.getMetadata().getName())
              .withNamespace(d.getMetadata().getNamespace())
              .withLabels(d.getMetadata().getLabels())
              .withAnnotations(d.getMetadata().getAnnotations())
              .withOwnerReferences(d.getMetadata().getOwnerReferences())
              .endMetadata()
              .withSpec(d.getSpec())
              .editSpec()
              .withNewSelector()
              .withMatchLabels(selector)
              .endSelector()
              .endSpec()
              .build();
    }
    client.resource(workload).withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
    client.resource(workload).waitUntilCondition(r -> r == null, 30, TimeUnit.SECONDS);
    client.resource(old).create();
  }

  /** UID of the StatefulSet or Deployment that controls a pod (through its ReplicaSet). */
  private static String workload(KubernetesClient client, Pod pod) {
    OwnerReference owner = controller(pod);
    if (owner == null || !"ReplicaSet".equals(owner.getKind())) {
      return owner == null ? null : owner.getUid();
    }
    var replicaSet =
        client
            .apps()
            .replicaSets()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(owner.getName())
            .get();
    OwnerReference deployment = replicaSet == null ? null : controller(replicaSet);
    return deployment == null ? null : deployment.getUid();
  }

  private static OwnerReference controller(HasMetadata object) {
    return object.getMetadata().getOwnerReferences().stream()
        .filter(o -> Boolean.TRUE.equals(o.getController()))
        .findFirst()
        .orElse(null);
  }

  private static Map<String, String> withoutName(LabelSelector selector) {
    Map<String, String> labels = new LinkedHashMap<>(selector.getMatchLabels());
    labels.remove(Labels.NAME);
    return labels;
  }

  /** Selector of every StatefulSet and Deployment in the namespace, by kind/name. */
  private static Map<String, Map<String, String>> selectors(KubernetesClient client, String ns) {
    Map<String, Map<String, String>> selectors = new LinkedHashMap<>();
    client
        .apps()
        .statefulSets()
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(
            s ->
                selectors.put(
                    "StatefulSet/" + s.getMetadata().getName(),
                    s.getSpec().getSelector().getMatchLabels()));
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(
            d ->
                selectors.put(
                    "Deployment/" + d.getMetadata().getName(),
                    d.getSpec().getSelector().getMatchLabels()));
    return selectors;
  }

  private static long readyEndpoints(KubernetesClient client, String ns, String service) {
    List<EndpointSlice> slices =
        client
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace(ns)
            .withLabel("kubernetes.io/service-name", service)
            .list()
            .getItems();
    return slices.stream()
        .flatMap(
            s ->
                s.getEndpoints() == null
                    ? java.util.stream.Stream.empty()
                    : s.getEndpoints().stream())
        .filter(e -> e.getConditions() != null && Boolean.TRUE.equals(e.getConditions().getReady()))
        .count();
  }

  private static Map<String, String> uids(List<? extends HasMetadata> objects) {
    return objects.stream()
        .collect(
            Collectors.toMap(
                o -> o.getMetadata().getName(),
                o -> o.getMetadata().getUid(),
                (a, b) -> a,
                java.util.TreeMap::new));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
