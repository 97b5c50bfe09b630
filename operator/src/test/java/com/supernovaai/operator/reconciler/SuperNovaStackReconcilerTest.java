package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SuperNovaStackReconcilerTest {

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
