package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.dependent.TestContexts;
import com.supernovaai.operator.model.ExternalDatabaseSpec;
import com.supernovaai.operator.model.ObjectStoreCredentials;
import com.supernovaai.operator.model.ObjectStoreSpec;
import com.supernovaai.operator.model.Phase;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.Fault;
import com.supernovaai.operator.status.Reasons;
import com.supernovaai.operator.status.StatusConditions;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reconciler's branches, with the API server and the workflow replaced by test doubles. */
class SuperNovaStackReconcilerTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration FAULT_RETRY = Duration.ofSeconds(7);

  /** The status patches the reconciler sent. */
  private final List<SuperNovaStack> patches = new ArrayList<>();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SuperNovaStackReconciler reconciler =
      new SuperNovaStackReconciler(
          new StackMetrics(registry),
          Clock.fixed(NOW, ZoneOffset.UTC),
          FAULT_RETRY,
          (stack, fresh, context) -> patches.add(fresh));

  private final KubernetesClient client = mock(KubernetesClient.class, RETURNS_DEEP_STUBS);

  private Context<SuperNovaStack> context() {
    Context<SuperNovaStack> context = TestContexts.with();
    when(context.getClient()).thenReturn(client);
    return context;
  }

  @Test
  void aPausedStackIsLeftAsItIsAndReportedPaused() {
    var stack = Stacks.minimal();
    stack.getMetadata().setAnnotations(Map.of(SuperNovaStack.PAUSE_ANNOTATION, "true"));
    var context = context();

    var control = reconciler.reconcile(stack, context);

    verify(context.managedWorkflowAndDependentResourceContext(), never())
        .reconcileManagedWorkflow();
    var status = written();
    assertThat(status.getPhase()).isEqualTo(Phase.Paused);
    assertThat(
            StatusConditions.isTrue(status.getConditions(), ConditionTypes.RECONCILIATION_PAUSED))
        .isTrue();
    assertThat(control.getScheduleDelay()).isEmpty();
  }

  @Test
  void aMissingSecretStopsBeforeTheWorkflowAndIsRetriedSoon() {
    var stack = externalDatabase("rds");
    absentSecret("rds");
    var context = context();

    var control = reconciler.reconcile(stack, context);

    verify(context.managedWorkflowAndDependentResourceContext(), never())
        .reconcileManagedWorkflow();
    var status = written();
    assertThat(reason(status, ConditionTypes.DEGRADED))
        .isEqualTo(Reasons.CREDENTIALS_SECRET_MISSING);
    assertThat(StatusConditions.isTrue(status.getConditions(), ConditionTypes.READY)).isFalse();
    assertThat(status.getPhase()).isEqualTo(Phase.Degraded);
    assertThat(control.getScheduleDelay()).contains(FAULT_RETRY.toMillis());
  }

  @Test
  void anObjectStoreSecretWithoutTheNamedKeyIsNamedWithoutItsValues() {
    var stack = Stacks.minimal();
    var store = new ObjectStoreSpec();
    store.setEndpoint("https://s3.local");
    store.setBucket("archive");
    var credentials = new ObjectStoreCredentials();
    credentials.setName("s3");
    credentials.setSecretAccessKeyKey("secret");
    store.setCredentialsSecret(credentials);
    stack.getSpec().getBackup().setObjectStore(store);
    secret(
        "s3",
        TestContexts.secret("supernova", "s3", "ACCESS_KEY_ID", "AKIA-ID", "SECRET", "s3cr3t"));
    var context = context();

    reconciler.reconcile(stack, context);

    verify(context.managedWorkflowAndDependentResourceContext(), never())
        .reconcileManagedWorkflow();
    var status = written();
    var degraded =
        StatusConditions.find(status.getConditions(), ConditionTypes.DEGRADED).orElseThrow();
    assertThat(degraded.getReason()).isEqualTo(Reasons.CREDENTIALS_SECRET_INVALID);
    assertThat(degraded.getMessage())
        .isEqualTo("Secret s3 (spec.backup.objectStore.credentialsSecret) has no key secret")
        .doesNotContain("s3cr3t", "AKIA-ID");
    assertThat(StatusConditions.isTrue(status.getConditions(), ConditionTypes.READY)).isFalse();
  }

  @Test
  void aWriteTheApiServerRefusesIsAFaultThatBlocksReadyAndIsRetriedSoon() {
    var stack = Stacks.minimal();
    var context = context();
    DependentResource<?, ?> dependent = mock(DependentResource.class);
    doReturn(Service.class).when(dependent).resourceType();
    when(dependent.name()).thenReturn("api-service");
    var result = mock(WorkflowReconcileResult.class);
    when(result.erroredDependentsExist()).thenReturn(true);
    when(result.getErroredDependents())
        .thenReturn(Map.of(dependent, new KubernetesClientException("forbidden", 403, null)));
    when(context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow())
        .thenReturn(result);

    var control = reconciler.reconcile(stack, context);

    var status = written();
    assertThat(reason(status, ConditionTypes.DEGRADED)).isEqualTo(Reasons.CHILD_WRITE_FORBIDDEN);
    assertThat(reason(status, ConditionTypes.READY)).isEqualTo(Reasons.CHILD_WRITE_FORBIDDEN);
    assertThat(control.getScheduleDelay()).contains(FAULT_RETRY.toMillis());
  }

  @Test
  void anExceptionTakesTheSameWritePathAsAReconciliation() {
    var stack = Stacks.minimal();

    reconciler.updateErrorStatus(
        stack, context(), new KubernetesClientException("forbidden", 403, null));

    var status = written();
    assertThat(reason(status, ConditionTypes.DEGRADED)).isEqualTo(Reasons.CHILD_WRITE_FORBIDDEN);
    // The metrics see it too (the error path used to bypass them).
    assertThat(registry.get("supernova.stacks").tag("phase", "Degraded").gauge().value())
        .isEqualTo(1.0);
  }

  @Test
  void aFaultThatBlocksReadyIsRetriedAfterTheFaultRetryWhateverTheRolloutAsks() {
    var blocking = new Fault(Reasons.CREDENTIALS_SECRET_MISSING, "missing");
    assertThat(
            SuperNovaStackReconciler.requeue(
                blocking, Duration.ofMinutes(5), false, null, null, FAULT_RETRY))
        .isEqualTo(FAULT_RETRY);
    var degrading = Fault.degradesOnly(Reasons.BACKUP_FAILED, "failed");
    assertThat(
            SuperNovaStackReconciler.requeue(
                degrading, Duration.ofMinutes(5), false, null, null, FAULT_RETRY))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(SuperNovaStackReconciler.requeue(degrading, null, false, null, null, FAULT_RETRY))
        .isNull();
  }

  @Test
  void theSoonestOfMonitoringRecheckAndDeferredWriteWins() {
    assertThat(SuperNovaStackReconciler.requeue(null, null, true, null, null, FAULT_RETRY))
        .isEqualTo(SuperNovaStackReconciler.MONITORING_RECHECK);
    assertThat(
            SuperNovaStackReconciler.requeue(
                null, Duration.ofSeconds(5), true, null, null, FAULT_RETRY))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(
            SuperNovaStackReconciler.requeue(
                null, Duration.ofMinutes(5), true, Duration.ofSeconds(3), null, FAULT_RETRY))
        .isEqualTo(Duration.ofSeconds(3));
    // A waiting WAL segment about to pass the lag limit is looked at when it does.
    assertThat(
            SuperNovaStackReconciler.requeue(
                null, Duration.ofMinutes(5), false, null, Duration.ofSeconds(40), FAULT_RETRY))
        .isEqualTo(Duration.ofSeconds(40));
  }

  private void absentSecret(String name) {
    secret(name, null);
  }

  @SuppressWarnings("unchecked")
  private void secret(String name, Secret value) {
    MixedOperation<Secret, SecretList, Resource<Secret>> secrets = mock(MixedOperation.class);
    NonNamespaceOperation<Secret, SecretList, Resource<Secret>> inNamespace =
        mock(NonNamespaceOperation.class);
    Resource<Secret> secret = mock(Resource.class);
    when(client.secrets()).thenReturn(secrets);
    when(secrets.inNamespace("supernova")).thenReturn(inNamespace);
    when(inNamespace.withName(name)).thenReturn(secret);
    when(secret.get()).thenReturn(value);
  }

  private SuperNovaStackStatus written() {
    assertThat(patches).hasSize(1);
    var fresh = patches.get(0);
    assertThat(fresh.getSpec()).isNull();
    return fresh.getStatus();
  }

  private static String reason(SuperNovaStackStatus status, String type) {
    return StatusConditions.find(status.getConditions(), type).orElseThrow().getReason();
  }

  private static SuperNovaStack externalDatabase(String secret) {
    var stack = Stacks.minimal();
    var external = new ExternalDatabaseSpec();
    external.setHost("db.example.com");
    external.setCredentialsSecret(secret);
    stack.getSpec().getDatabase().setExternal(external);
    return stack;
  }
}
