package com.supernovaai.e2e.harness;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Whether the stacks' workloads in a namespace have stopped changing. */
public final class Workloads {

  private Workloads() {}

  /**
   * Every HPA's target scaled to at least its minimum and every Deployment fully available. A stack
   * is Ready with the API's first pod; the HPA's scale-up to minReplicas and the pods counted
   * available only after minReadySeconds come later, and the status patches reporting them are real
   * work, not steady-state writes.
   */
  public static boolean settled(KubernetesClient client, String namespace) {
    Map<String, Integer> replicas = new HashMap<>();
    for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
      int wanted = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
      int available =
          d.getStatus() == null
              ? 0
              : Objects.requireNonNullElse(d.getStatus().getAvailableReplicas(), 0);
      if (available != wanted) {
        return false;
      }
      replicas.put(d.getMetadata().getName(), wanted);
    }
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .list()
        .getItems()
        .stream()
        .allMatch(
            h ->
                replicas.getOrDefault(h.getSpec().getScaleTargetRef().getName(), 0)
                    >= Objects.requireNonNullElse(h.getSpec().getMinReplicas(), 1));
  }
}
