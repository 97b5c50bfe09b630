package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

/** When the operator lets a stack's API objects be written: given these objects in the cache. */
class ApiInputsReadyConditionTest {

  private final ApiInputsReadyCondition condition = new ApiInputsReadyCondition();

  @Test
  void aNewStacksApiStartsBesideItsDatabasePoolerAndRedisOnceItsCredentialsExist() {
    SuperNovaStack stack = Stacks.minimal();
    assertThat(met(stack)).as("no credentials yet").isFalse();
    assertThat(met(stack, credentials(stack)))
        .as("credentials, and no database, pooler or Redis ready")
        .isTrue();
  }

  @Test
  void aDatabaseRestoredFromItsObjectStoreIsReadyBeforeTheApiStarts() {
    SuperNovaStack stack =
        DatabasePointInTimeRecoveryTest.restoring(
            DatabasePointInTimeRecoveryTest.source("https://s3.example:9000"));
    assertThat(met(stack, credentials(stack), database(stack, 0)))
        .as("recovering in the database pod's init container")
        .isFalse();
    assertThat(met(stack, credentials(stack), database(stack, 1))).isTrue();
  }

  @Test
  void aDatabaseRestoredFromADumpHasItsRestoreJobSucceededBeforeTheApiStarts() {
    SuperNovaStack stack = Stacks.restoringFromBackup("source-backup");

    assertThat(met(stack, credentials(stack), database(stack, 1)))
        .as("the database is ready, the restore has not run")
        .isFalse();
    String job = RestoreJobDependent.name(stack);
    assertThat(
            met(
                stack,
                credentials(stack),
                database(stack, 1),
                CredentialsRotationDependentsTest.job(job, null)))
        .as("restoring")
        .isFalse();
    assertThat(
            met(
                stack,
                credentials(stack),
                database(stack, 1),
                CredentialsRotationDependentsTest.job(job, "Complete")))
        .isTrue();
  }

  private boolean met(SuperNovaStack stack, HasMetadata... cached) {
    return condition.isMet(null, stack, TestContexts.with(cached));
  }

  /** The applied copy of the generated database credentials, which the API pods read. */
  private static Secret credentials(SuperNovaStack stack) {
    return Rendered.databaseSecret(
        stack, "prod-db-credentials-applied", "supernova", "app-1", "su-1");
  }

  private static StatefulSet database(SuperNovaStack stack, int ready) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(stack.getMetadata().getName() + "-db")
        .withGeneration(1L)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(1L)
        .withReadyReplicas(ready)
        .endStatus()
        .build();
  }
}
