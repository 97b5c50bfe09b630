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
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.client.KubernetesClient;
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
 * The replicas hand-over to the HPA is a step of its own: planning writes nothing; the rollout step
 * hands spec.replicas of the Deployment the plan names over, at their current value.
 */
class ApiRolloutHandoverTest {

  private static final String OPERATOR = "supernova-operator";

  /** Server-side applies sent, as "name manager force body". */
  private final List<String> patches = new ArrayList<>();

  private final KubernetesClient client = recordingPatches();

  @Test
  void planningWritesNothing() {
    SuperNovaStack stack = Stacks.minimal();
    var context = context(createdByTheOperator(stack, 4));

    assertThat(ApiRollout.plan(stack, context).handoverColor()).isEqualTo("blue");
    assertThat(patches).isEmpty();
  }

  @Test
  void theRolloutStepHandsTheReplicasOfThePlannedColorOver() {
    SuperNovaStack stack = Stacks.minimal();
    var context = context(createdByTheOperator(stack, 4));

    ApiRollout.handOverReplicas(stack, context, "green");
    assertThat(patches).as("a color the plan does not name").isEmpty();

    new ApiRolloutStep().reconcile(stack, context);
    assertThat(patches).hasSize(1);
    assertThat(patches.get(0))
        .startsWith("prod-api-blue " + RolloutPlanner.HANDOVER_FIELD_MANAGER + " true ")
        .contains("\"replicas\":4");
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
  void aDeploymentCreatedForTheHpaIsSizedByTheHandOverManagerAtItsMinimum() {
    SuperNovaStack stack = Stacks.minimal();
    stack.getSpec().getApi().getAutoscaling().setMinReplicas(4);
    var context = context(null);

    assertThat(ApiRollout.plan(stack, context).color("blue").sizeAtCreation()).isEqualTo(4);
    Deployment desired = new ApiDeploymentDependent.Blue().desired(stack, context);
    assertThat(desired.getSpec().getReplicas())
        .as("spec.replicas in the operator's apply")
        .isNull();

    ApiRollout.sizeCreated(stack, context, "blue", 4);
    assertThat(patches)
        .singleElement()
        .asString()
        .startsWith("prod-api-blue " + RolloutPlanner.HANDOVER_FIELD_MANAGER + " true ")
        .contains("\"spec\":{\"replicas\":4}");
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
    FieldsV1 fields = new FieldsV1();
    fields.setAdditionalProperty("f:spec", Map.of("f:replicas", Map.of()));
    created
        .getMetadata()
        .setManagedFields(
            List.of(
                new ManagedFieldsEntryBuilder()
                    .withManager(OPERATOR)
                    .withOperation("Apply")
                    .withFieldsType("FieldsV1")
                    .withFieldsV1(fields)
                    .build()));
    return created;
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
    when(deployments.withName(anyString()))
        .thenThrow(new AssertionError("a patch by name GETs the object first"));
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
