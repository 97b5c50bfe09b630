package com.supernovaai.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class SuperNovaStackTest {

  /** A fresh object must not carry Java defaults: applied with SSA they would override users. */
  @Test
  void freshObjectHasNoSpec() {
    var stack = new SuperNovaStack();
    stack.getMetadata().setName("prod");
    assertThat(stack.getSpec()).isNull();
    assertThat(Serialization.asJson(stack)).doesNotContain("spec").doesNotContain("deletionPolicy");
  }

  @Test
  void parsesTheDesignNotesExampleWithDefaultsForMissingSections() {
    var stack =
        Serialization.unmarshal(
            """
            apiVersion: ops.supernova-ai.com/v1alpha1
            kind: SuperNovaStack
            metadata: {name: prod, namespace: supernova, annotations: {ops.supernova-ai.com/pause-reconciliation: "true"}}
            spec:
              api:
                image: registry.example.com/supernova/api-server:1.4.2
                autoscaling: {enabled: true, minReplicas: 3, maxReplicas: 20}
                rollout: {strategy: BlueGreen, autoPromotion: false}
              database: {storage: {size: 100Gi}}
              pooler: {poolMode: transaction}
              backup: {schedule: "0 2 * * *", retentionDays: 30}
              deletionPolicy: Delete
            """,
            SuperNovaStack.class);
    assertThat(stack.getSpec().getApi().getRollout().getAutoPromotion()).isFalse();
    assertThat(stack.getSpec().getPooler().getPoolMode()).isEqualTo(PoolMode.TRANSACTION);
    assertThat(stack.getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.Delete);
    assertThat(stack.getSpec().getRedis().getPersistence().getSize()).isEqualTo("8Gi");
    assertThat(stack.isPaused()).isTrue();
  }
}
