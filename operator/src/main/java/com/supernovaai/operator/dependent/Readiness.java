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

  public static boolean deploymentReady(Deployment deployment) {
    var status = deployment.getStatus();
    Integer specReplicas = deployment.getSpec().getReplicas();
    int wanted = specReplicas == null ? 1 : specReplicas;
    return status != null
        && Objects.equals(status.getObservedGeneration(), deployment.getMetadata().getGeneration())
        && value(status.getAvailableReplicas()) >= Math.min(1, wanted)
        && value(status.getUpdatedReplicas()) >= Math.min(1, wanted)
        && value(status.getReadyReplicas()) >= Math.min(1, wanted);
  }

  static int value(Integer i) {
    return i == null ? 0 : i;
  }
}
