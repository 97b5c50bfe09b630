package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.dependent.ReferencedSecrets;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SuperNovaStackReconcilerTest {

  @Test
  void errorDescriptionsCarryNoMessagesFromTheApiServer() {
    var e =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(422)
                .withReason("Invalid")
                .withMessage("data: password=hunter2")
                .build());
    assertThat(SuperNovaStackReconciler.describe(new RuntimeException("wrapped", e)))
        .isEqualTo("API server answered 422 (Invalid)")
        .doesNotContain("hunter2");
    assertThat(
            SuperNovaStackReconciler.describe(
                new ReferencedSecrets.MissingCredentialsException(
                    "prod-db-credentials", "password")))
        .contains("prod-db-credentials");
    assertThat(SuperNovaStackReconciler.describe(new IllegalArgumentException("secret value")))
        .isEqualTo("IllegalArgumentException");
  }

  @Test
  void statusPatchCarriesOnlyNameNamespaceAndStatus() {
    var stack = Stacks.minimal();
    var status =
        StatusAggregator.aggregate(
            stack, java.util.List.of(), null, false, null, null, Instant.EPOCH);
    var fresh = SuperNovaStackReconciler.withStatus(stack, status);
    assertThat(fresh.getMetadata().getName()).isEqualTo("prod");
    assertThat(fresh.getMetadata().getNamespace()).isEqualTo("supernova");
    assertThat(fresh.getMetadata().getUid()).isNull();
    assertThat(fresh.getSpec()).isNull();
    assertThat(fresh.getStatus()).isSameAs(status);
  }
}
