package com.supernovaai.e2e.bench;

import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time from a spec change of one stack (spec.pooler.defaultPoolSize) to the changed child (the
 * PgBouncer ConfigMap) as a watch on the API server sees it.
 */
final class ReconcileLatency {

  private ReconcileLatency() {}

  /** Milliseconds per sample; between samples the changed stack is let become Ready again. */
  static List<Double> measure(
      KubernetesClient client, List<SuperNovaStack> stacks, int samples, Duration timeout) {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      SuperNovaStack stack = stacks.get((i * 37) % stacks.size());
      String ns = stack.getMetadata().getNamespace();
      String name = stack.getMetadata().getName();
      int poolSize = 21 + i;
      String expected = "default_pool_size = " + poolSize + "\n";
      CountDownLatch seen = new CountDownLatch(1);
      AtomicLong seenAt = new AtomicLong();
      var watch =
          client
              .configMaps()
              .inNamespace(ns)
              .withName(StackNames.poolerConfig(stack))
              .watch(
                  new Watcher<ConfigMap>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap cm) {
                      if (cm.getData() != null
                          && cm.getData().values().stream().anyMatch(v -> v.contains(expected))
                          && seenAt.compareAndSet(0, System.nanoTime())) {
                        seen.countDown();
                      }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                  });
      try {
        long start = System.nanoTime();
        client
            .resources(SuperNovaStack.class)
            .inNamespace(ns)
            .withName(name)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"pooler\":{\"defaultPoolSize\":" + poolSize + "}}}");
        if (!seen.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(
              "The pooler ConfigMap of " + ns + "/" + name + " did not change within " + timeout);
        }
        millis.add((seenAt.get() - start) / 1e6);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        watch.close();
      }
      awaitReady(client, ns, name, timeout);
    }
    return millis;
  }

  static void awaitReady(KubernetesClient client, String ns, String name, Duration timeout) {
    client
        .resources(SuperNovaStack.class)
        .inNamespace(ns)
        .withName(name)
        .waitUntilCondition(Stacks::isReady, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
