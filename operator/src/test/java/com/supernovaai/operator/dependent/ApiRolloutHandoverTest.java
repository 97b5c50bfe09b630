package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.RolloutPlanner;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.AppsAPIGroupDSL;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replicas hand-over to the HPA: planning writes nothing; at a promotion the rollout step hands
 * spec.replicas of the color the plan names over; otherwise the first apply that leaves them out
 * does, at the value and version it saw, and decides again on a conflict.
 */
class ApiRolloutHandoverTest {

  private static final String OPERATOR = "supernova-operator";

  /** Server-side applies sent, as "name manager force body". */
  private final List<String> patches = new ArrayList<>();

  /** How many of the next patches the API server refuses as conflicting. */
  private int conflicts;

  /** The Deployment as a read after a conflict finds it. */
  private Deployment live;

  private final KubernetesClient client = recordingPatches();

  @Test
  void planningWritesNothingAndOutsideAPromotionNamesNoColorToHandOver() {
    SuperNovaStack stack = Stacks.minimal();
    var context = context(createdByTheOperator(stack, 4));

    // The Deployment's own first apply without replicas hands them over (handOverBeforeApply).
    assertThat(ApiRollout.plan(stack, context).handoverColor()).isNull();
    new ApiRolloutStep().reconcile(stack, context);
    ApiRollout.handOverReplicas(stack, context, "blue");
    assertThat(patches).isEmpty();
  }

  @Test
  void anApplyWithoutReplicasHandsThemOverFirstAtTheCachedValueAndVersion() {
    SuperNovaStack stack = Stacks.minimal();
    Deployment blue = createdByTheOperator(stack, 4);
    var context = context(blue);

    ApiRollout.handOverBeforeApply(stack, context, blue);
    assertThat(patches)
        .singleElement()
        .asString()
        .startsWith("prod-api-blue " + RolloutPlanner.HANDOVER_FIELD_MANAGER + " true ")
        .contains("\"resourceVersion\":\"41\"")
        .contains("\"spec\":{\"replicas\":4}");
  }

  @Test
  void nothingIsHandedOverThatTheOperatorDoesNotHoldOrHasHandedOver() {
    SuperNovaStack stack = Stacks.minimal();
    Deployment scaledByTheHpa = createdByTheOperator(stack, 4);
    scaledByTheHpa.getMetadata().setManagedFields(List.of());
    Deployment handedOver = createdByTheOperator(stack, 4);
    handedOver
        .getMetadata()
        .setManagedFields(
            List.of(replicasEntry(OPERATOR), replicasEntry(RolloutPlanner.HANDOVER_FIELD_MANAGER)));
    var context = context(scaledByTheHpa);

    ApiRollout.handOverBeforeApply(stack, context, scaledByTheHpa);
    ApiRollout.handOverBeforeApply(stack, context, handedOver);
    assertThat(patches).isEmpty();
  }

  @Test
  void aConflictIsDecidedAgainOnTheObjectAsItIs() {
    SuperNovaStack stack = Stacks.minimal();
    Deployment cached = createdByTheOperator(stack, 4);
    var context = context(cached);

    // The HPA scaled it since the cache's copy: its count is the HPA's, nothing to hand over.
    conflicts = 1;
    live = createdByTheOperator(stack, 6);
    live.getMetadata().setManagedFields(List.of());
    ApiRollout.handOverBeforeApply(stack, context, cached);
    assertThat(patches).singleElement().asString().contains("\"resourceVersion\":\"41\"");

    // Changed otherwise (its status): handed over at the live value and version.
    patches.clear();
    conflicts = 1;
    live = createdByTheOperator(stack, 5);
    live.getMetadata().setResourceVersion("42");
    ApiRollout.handOverBeforeApply(stack, context, cached);
    assertThat(patches).hasSize(2);
    assertThat(patches.get(1))
        .contains("\"resourceVersion\":\"42\"")
        .contains("\"spec\":{\"replicas\":5}");
  }

  @Test
  void nothingIsHandedOverWithoutAutoscaling() {
    SuperNovaStack stack = Stacks.minimal();
    stack.getSpec().getApi().getAutoscaling().setEnabled(false);
    var context = context(createdByTheOperator(stack, 4));

    new ApiRolloutStep().reconcile(stack, context);
    assertThat(patches).isEmpty();
  }

  @Test
  void aDeploymentForTheHpaIsCreatedAtItsMinimumAndThenMatchesItsDesiredStateWithoutReplicas() {
    SuperNovaStack stack = Stacks.minimal();
    stack.getSpec().getApi().getAutoscaling().setMinReplicas(4);
    var context = context(null);
    var blue = new ApiDeploymentDependent.Blue();

    Deployment created =
        blue.asCreated(AppliedState.stamped(blue.desired(stack, context)), stack, context);

    // Created at its size: its ReplicaSet is not made at one pod and then scaled.
    assertThat(created.getSpec().getReplicas()).isEqualTo(4);
    // The replicas are no part of the desired state: as created, nothing is applied again.
    Deployment desired = blue.desired(stack, context);
    assertThat(desired.getSpec().getReplicas()).isNull();
    assertThat(AppliedState.matches(created, desired)).isTrue();
  }

  /** The blue Deployment as an earlier version's first apply created it, at the HPA's minimum. */
  private static Deployment createdByTheOperator(SuperNovaStack stack, int replicas) {
    Deployment created = new ApiDeploymentDependent.Blue().desired(stack, TestContexts.with());
    created.getSpec().setReplicas(replicas);
    created.getMetadata().setResourceVersion("41");
    created.getMetadata().setManagedFields(List.of(replicasEntry(OPERATOR)));
    return created;
  }

  /** An apply of {@code manager} that holds spec.replicas. */
  private static ManagedFieldsEntry replicasEntry(String manager) {
    FieldsV1 fields = new FieldsV1();
    fields.setAdditionalProperty("f:spec", Map.of("f:replicas", Map.of()));
    return new ManagedFieldsEntryBuilder()
        .withManager(manager)
        .withOperation("Apply")
        .withFieldsType("FieldsV1")
        .withFieldsV1(fields)
        .build();
  }

  /** A client whose Deployment patches in namespace supernova are recorded in {@link #patches}. */
  @SuppressWarnings("unchecked")
  private KubernetesClient recordingPatches() {
    KubernetesClient kubernetes = mock(KubernetesClient.class);
    AppsAPIGroupDSL apps = mock(AppsAPIGroupDSL.class);
    MixedOperation<Deployment, DeploymentList, RollableScalableResource<Deployment>> deployments =
        mock(MixedOperation.class);
    when(kubernetes.apps()).thenReturn(apps);
    when(apps.deployments()).thenReturn(deployments);
    when(deployments.inNamespace("supernova")).thenReturn(deployments);
    // Only a conflict reads the object: a patch by name would GET it first.
    when(deployments.withName(anyString()))
        .thenAnswer(
            target -> {
              assertThat(conflicts).as("a read without a conflict").isZero();
              RollableScalableResource<Deployment> resource = mock(RollableScalableResource.class);
              when(resource.get()).thenAnswer(get -> live);
              return resource;
            });
    when(deployments.resource(any(Deployment.class)))
        .thenAnswer(
            target -> {
              String name = target.getArgument(0, Deployment.class).getMetadata().getName();
              RollableScalableResource<Deployment> resource = mock(RollableScalableResource.class);
              when(resource.patch(any(PatchContext.class), anyString()))
                  .thenAnswer(
                      patch -> {
                        PatchContext how = patch.getArgument(0);
                        patches.add(
                            String.join(
                                " ",
                                name,
                                how.getFieldManager(),
                                String.valueOf(how.getForce()),
                                patch.getArgument(1, String.class)));
                        if (conflicts > 0) {
                          conflicts--;
                          throw new KubernetesClientException(
                              new StatusBuilder().withCode(409).build());
                        }
                        return null;
                      });
              return resource;
            });
    return kubernetes;
  }

  @SuppressWarnings("unchecked")
  private Context<SuperNovaStack> context(Deployment blue) {
    // No active Service yet: blue, the only color, is the active one.
    Context<SuperNovaStack> context = blue == null ? TestContexts.with() : TestContexts.with(blue);
    ControllerConfiguration<SuperNovaStack> configuration = mock(ControllerConfiguration.class);
    when(configuration.fieldManager()).thenReturn(OPERATOR);
    when(context.getControllerConfiguration()).thenReturn(configuration);
    when(context.getClient()).thenReturn(client);
    return context;
  }
}
