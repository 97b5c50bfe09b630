package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  @Test
  void aServingDeploymentStaysReadyWhileItsControllerCatchesUpWithAScale() {
    // The HPA raised replicas 1 -> 3 (generation 2); the controller still reports generation 1.
    assertThat(Readiness.deploymentReady(deployment(2, 3, 1, 1))).isTrue();
  }

  @Test
  void aDeploymentWithoutServingPodsIsNotReadyObservedOrNot() {
    assertThat(Readiness.deploymentReady(deployment(2, 3, 1, 0))).isFalse();
    assertThat(Readiness.deploymentReady(deployment(1, 1, 1, 0))).isFalse();
  }

  @Test
  void aNewDeploymentIsNotReadyBeforeItsControllerReportsAnything() {
    var fresh = deployment(1, 1, 1, 0);
    fresh.setStatus(null);
    assertThat(Readiness.deploymentReady(fresh)).isFalse();
  }

  @Test
  void anObservedDeploymentIsReadyWithOneServingPodOfItsTemplate() {
    assertThat(Readiness.deploymentReady(deployment(3, 3, 3, 1))).isTrue();
  }

  private static Deployment deployment(
      long generation, int replicas, long observedGeneration, int serving) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("prod-api-blue")
        .withGeneration(generation)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observedGeneration)
        .withAvailableReplicas(serving)
        .withUpdatedReplicas(serving)
        .withReadyReplicas(serving)
        .endStatus()
        .build();
  }
}
