package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.dependent.BackupJobs;
import com.supernovaai.operator.dependent.CredentialsRotationJobDependent;
import com.supernovaai.operator.dependent.Rendered;
import com.supernovaai.operator.dependent.TestContexts;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

class CredentialsRotationTest {

  private final SuperNovaStack stack = Stacks.minimal();
  private final Secret applied =
      Rendered.databaseSecret(stack, "prod-db-credentials-applied", "supernova", "app-1", "su-1");
  private final Secret edited =
      Rendered.databaseSecret(stack, "prod-db-credentials", "supernova", "app-2", "su-2");

  @Test
  void aFailedRotationDegradesTheStackWithTheScriptsReasonAndNoValue() {
    String name = CredentialsRotationJobDependent.name(stack, TestContexts.with(applied, edited));
    var context =
        TestContexts.with(
            applied,
            edited,
            failedJob(name),
            pod(
                name,
                "{\"result\":\"Failed\",\"reason\":\"AuthenticationFailed\",\"message\":\"postgres"
                    + " accepts neither its applied nor its new password\"}"));

    var fault = CredentialsRotation.fault(stack, context).orElseThrow();
    assertThat(fault.reason())
        .isEqualTo(Reasons.CREDENTIALS_ROTATION_FAILED)
        .isEqualTo("CredentialsRotationFailed");
    assertThat(fault.blocksReady()).as("the stack keeps serving the old passwords").isFalse();
    assertThat(fault.message())
        .contains("prod-db-credentials")
        .contains(name)
        .contains("AuthenticationFailed: postgres accepts neither")
        .contains("keep the previous passwords")
        .doesNotContain("app-1", "app-2", "su-1", "su-2");
  }

  @Test
  void aRunningOrNoRotationIsNoFaultAndAnIncompleteSecretIsOne() {
    assertThat(CredentialsRotation.fault(stack, TestContexts.with(applied, edited))).isEmpty();
    assertThat(CredentialsRotation.fault(stack, TestContexts.with(applied))).isEmpty();
    var noPassword = TestContexts.secret("supernova", "prod-db-credentials", "username", "x");
    assertThat(CredentialsRotation.fault(stack, TestContexts.with(applied, noPassword)))
        .hasValueSatisfying(
            f -> {
              assertThat(f.reason()).isEqualTo(Reasons.CREDENTIALS_ROTATION_FAILED);
              assertThat(f.message()).contains("has no key password");
            });
  }

  private HasMetadata failedJob(String name) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("supernova")
        .withLabels(BackupJobs.labels(stack, BackupJobs.ROTATE))
        .endMetadata()
        .withNewStatus()
        .addNewCondition()
        .withType("Failed")
        .withStatus("True")
        .withReason("BackoffLimitExceeded")
        .endCondition()
        .endStatus()
        .build();
  }

  private static HasMetadata pod(String jobName, String terminationMessage) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(jobName + "-abcde")
        .withNamespace("supernova")
        .addToLabels("job-name", jobName)
        .withCreationTimestamp("2025-03-12T00:00:00Z")
        .endMetadata()
        .withNewStatus()
        .addNewContainerStatus()
        .withName(BackupJobs.CONTAINER)
        .withNewState()
        .withNewTerminated()
        .withExitCode(3)
        .withMessage(terminationMessage)
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }
}
