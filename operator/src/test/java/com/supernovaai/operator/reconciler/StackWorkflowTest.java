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
    // The API starts beside the database: held back only by its own condition.
    assertThat(workflow.getDependentResourceSpecs())
        .filteredOn(spec -> spec.getName().equals(DependentNames.API_CONFIG))
        .singleElement()
        .satisfies(
            spec -> {
              assertThat(spec.getDependsOn()).isEmpty();
              assertThat(spec.getReadyCondition()).isInstanceOf(ApiInputsReadyCondition.class);
            });
  }
}
