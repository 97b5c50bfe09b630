package com.supernovaai.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Objects;

/** When a workload counts as ready: all its pods of the current revision are ready. */
public final class Readiness {

  private Readiness() {}

  public static boolean statefulSetReady(StatefulSet sts) {
    var status = sts.getStatus();
    int wanted = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    return status != null
        && Objects.equals(status.getObservedGeneration(), sts.getMetadata().getGeneration())
        && value(status.getReadyReplicas()) >= wanted
        && wanted > 0;
  }

  /**
   * Serving pods of the current template. A Deployment whose controller has not yet observed its
   * latest generation (an HPA scale, an edit: milliseconds) keeps the readiness of its last report,
   * as long as that report had serving pods: every HPA scale-up wakes the operator before the
   * controller answers, and reading that moment as "not ready" flapped the stack's Ready.
   */
  public static boolean deploymentReady(Deployment deployment) {
    var status = deployment.getStatus();
    if (status == null || status.getObservedGeneration() == null) {
      return false;
    }
    boolean observed =
        Objects.equals(status.getObservedGeneration(), deployment.getMetadata().getGeneration());
    Integer specReplicas = deployment.getSpec().getReplicas();
    int wanted = observed ? (specReplicas == null ? 1 : specReplicas) : 1;
    return value(status.getAvailableReplicas()) >= Math.min(1, wanted)
        && value(status.getUpdatedReplicas()) >= Math.min(1, wanted)
        && value(status.getReadyReplicas()) >= Math.min(1, wanted);
  }

  static int value(Integer i) {
    return i == null ? 0 : i;
  }
}
