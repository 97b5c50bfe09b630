package com.supernovaai.operator.cache;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.List;

/**
 * The spec an informer cache keeps of a pod. Pods are read, never applied, by the operator: their
 * labels and annotations (Patroni's role and state, the archiving report), their status (readiness,
 * termination messages) and, of the spec, only which image each container runs (a failed migration
 * of the new image, {@code rollout/MigrationFailure}). The rest of a pod's spec (environment,
 * volumes, probes, security contexts: several kilobytes of objects each) is dropped; the pod's
 * Deployment or StatefulSet, cached whole, is where the operator compares what it set.
 */
public final class CachedPods {

  private CachedPods() {}

  /**
   * {@code spec} reduced to its containers' and init containers' names and images (a pruned spec
   * comes out the same).
   */
  public static PodSpec pruned(PodSpec spec) {
    if (spec == null) {
      return null;
    }
    return new PodSpecBuilder()
        .withContainers(images(spec.getContainers()))
        .withInitContainers(images(spec.getInitContainers()))
        .build();
  }

  private static List<Container> images(List<Container> containers) {
    return containers == null
        ? List.of()
        : containers.stream()
            .map(c -> new ContainerBuilder().withName(c.getName()).withImage(c.getImage()).build())
            .toList();
  }
}
