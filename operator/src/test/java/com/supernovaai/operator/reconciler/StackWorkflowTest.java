package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.dependent.ApiInputsReadyCondition;
import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import io.javaoperatorsdk.operator.api.config.dependent.DependentResourceSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** JOSDK finds the workflow declared on {@link StackWorkflow} through the reconciler. */
class StackWorkflowTest {

  @Test
  void theReconcilerCarriesTheStacksWorkflowInvokedExplicitly() {
    var reconciler =
        new SuperNovaStackReconciler(
            new StackMetrics(new SimpleMeterRegistry()), Duration.ofSeconds(30));

    var workflow =
        new BaseConfigurationService()
            .getConfigurationFor(reconciler)
            .getWorkflowSpec()
            .orElseThrow();

    assertThat(workflow.isExplicitInvocation()).isTrue();
    assertThat(workflow.handleExceptionsInReconciler()).isTrue();
    assertThat(workflow.getDependentResourceSpecs())
        .extracting(DependentResourceSpec::getName)
        .contains(
            DependentNames.DB_SERVICE,
            DependentNames.API_DEPLOYMENT_BLUE,
            DependentNames.RESTORE,
            DependentNames.NP_BACKUP)
        .doesNotHaveDuplicates();
    assertThat(workflow.getDependentResourceSpecs())
        .filteredOn(spec -> spec.getName().equals(DependentNames.BACKUP_CRONJOB))
        .singleElement()
        .satisfies(spec -> assertThat(spec.getDependsOn()).contains(DependentNames.DB_SERVICE));
    // The API starts beside the database: after the credentials its template hashes, held back
    // only by its own condition.
    assertThat(workflow.getDependentResourceSpecs())
        .filteredOn(spec -> spec.getName().equals(DependentNames.API_CONFIG))
        .singleElement()
        .satisfies(
            spec -> {
              assertThat(spec.getDependsOn())
                  .containsExactlyInAnyOrder(
                      DependentNames.DB_APPLIED_CREDENTIALS, DependentNames.REDIS_CREDENTIALS);
              assertThat(spec.getReadyCondition()).isInstanceOf(ApiInputsReadyCondition.class);
            });
  }

  /**
   * A new stack's pooler and API are created in its first reconciliation, right after the
   * credentials they read, not in a later one that waits its turn behind every other stack's first;
   * and the credentials' nodes have no precondition, which would make JOSDK delete the pooler and
   * the API of a stack with an external database or Redis.
   */
  @Test
  void thePoolerAndTheApiFollowTheCredentialsOfEveryStack() {
    var workflow =
        new BaseConfigurationService()
            .getConfigurationFor(
                new SuperNovaStackReconciler(
                    new StackMetrics(new SimpleMeterRegistry()), Duration.ofSeconds(30)))
            .getWorkflowSpec()
            .orElseThrow();
    var specs = workflow.getDependentResourceSpecs();

    assertThat(specs)
        .filteredOn(spec -> spec.getName().equals(DependentNames.POOLER_SERVICE))
        .singleElement()
        .satisfies(
            spec ->
                assertThat(spec.getDependsOn()).contains(DependentNames.DB_APPLIED_CREDENTIALS));
    assertThat(specs)
        .filteredOn(
            spec ->
                java.util.Set.of(
                        DependentNames.DB_CREDENTIALS,
                        DependentNames.DB_APPLIED_CREDENTIALS,
                        DependentNames.REDIS_CREDENTIALS)
                    .contains(spec.getName()))
        .hasSize(3)
        .allSatisfy(spec -> assertThat(spec.getReconcileCondition()).isNull());
  }
}
