package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.status.StackStatusBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusWriterTest {

  @Test
  void statusPatchCarriesOnlyNameNamespaceAndStatus() {
    var stack = Stacks.minimal();
    var status = StackStatusBuilder.of(stack, Instant.EPOCH).build();
    var fresh = StatusWriter.withStatus(stack, status);
    assertThat(fresh.getMetadata().getName()).isEqualTo("prod");
    assertThat(fresh.getMetadata().getNamespace()).isEqualTo("supernova");
    assertThat(fresh.getMetadata().getUid()).isNull();
    assertThat(fresh.getSpec()).isNull();
    assertThat(fresh.getStatus()).isSameAs(status);
  }
}
