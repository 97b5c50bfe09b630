package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.dependent.TestContexts;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import org.junit.jupiter.api.Test;

class LostCredentialsTest {

  private final com.supernovaai.operator.model.SuperNovaStack stack = Stacks.minimal();
  private final io.fabric8.kubernetes.api.model.PersistentVolumeClaim dataClaim =
      new PersistentVolumeClaimBuilder()
          .withNewMetadata()
          .withName("data-prod-db-0")
          .withNamespace("supernova")
          .endMetadata()
          .build();

  @Test
  void aDeletedSecretWhoseDatabaseVolumeRemainsStopsTheStackWithoutRegenerating() {
    var fault = LostCredentials.check(stack, TestContexts.with(dataClaim));
    assertThat(fault)
        .hasValueSatisfying(
            f -> {
              assertThat(f.reason()).isEqualTo(Reasons.GENERATED_SECRET_LOST);
              assertThat(f.blocksReady()).isTrue();
              assertThat(f.message())
                  .contains(StackNames.databaseCredentials(stack))
                  .contains(StackNames.databaseCredentialsApplied(stack))
                  .contains("data-prod-db-0");
            });
  }

  @Test
  void aDeletedSecretWhoseAppliedCopyRemainsIsRestoredNotAFault() {
    var copy =
        TestContexts.secret(
            "supernova", StackNames.databaseCredentialsApplied(stack), "password", "x");
    assertThat(LostCredentials.check(stack, TestContexts.with(dataClaim, copy))).isEmpty();
  }

  @Test
  void aNewStackAndAStackWithItsSecretAreFine() {
    assertThat(LostCredentials.check(stack, TestContexts.with())).isEmpty();
    var secret =
        TestContexts.secret("supernova", StackNames.databaseCredentials(stack), "password", "x");
    assertThat(LostCredentials.check(stack, TestContexts.with(dataClaim, secret))).isEmpty();
  }
}
