package com.supernovaai.e2e.bench;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the Deployments and StatefulSets of some namespaces and samples, every 50 ms from its
 * start, how many are ready ({@link DirectApply#ready(Deployment)}): the workloads' part of a run's
 * {@link Timeline}, the same for the operator's run and the direct apply.
 */
final class WorkloadsReady implements AutoCloseable {

  private final SharedIndexInformer<Deployment> deployments;
  private final SharedIndexInformer<StatefulSet> statefulSets;
  private final Set<String> namespaces;
  private final Timeline.ReadyCount count = new Timeline.ReadyCount();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bench-workloads-ready");
            t.setDaemon(true);
            return t;
          });

  /** Starts watching; synced when this returns. */
  WorkloadsReady(KubernetesClient client, Set<String> namespaces) {
    this.namespaces = Set.copyOf(namespaces);
    this.deployments = client.apps().deployments().inAnyNamespace().inform();
    this.statefulSets = client.apps().statefulSets().inAnyNamespace().inform();
  }

  /** Starts sampling; samples are seconds from {@code startNanos} (a {@link System#nanoTime}). */
  WorkloadsReady sampleFrom(long startNanos) {
    sampler.scheduleWithFixedDelay(
        () -> count.sample((System.nanoTime() - startNanos) / 1e9, ready()),
        0,
        50,
        TimeUnit.MILLISECONDS);
    return this;
  }

  /** The workloads in the namespaces that are ready now. */
  int ready() {
    return (int)
        (deployments.getStore().list().stream()
                .filter(d -> namespaces.contains(d.getMetadata().getNamespace()))
                .filter(DirectApply::ready)
                .count()
            + statefulSets.getStore().list().stream()
                .filter(s -> namespaces.contains(s.getMetadata().getNamespace()))
                .filter(DirectApply::ready)
                .count());
  }

  /** The samples so far (the sampling goes on until closed). */
  Timeline.ReadyCount count() {
    return count;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    deployments.close();
    statefulSets.close();
  }
}
