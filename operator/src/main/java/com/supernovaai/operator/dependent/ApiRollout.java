package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.RolloutInput;
import com.supernovaai.operator.rollout.RolloutPlan;
import com.supernovaai.operator.rollout.RolloutPlanner;
import com.supernovaai.operator.rollout.RolloutSession;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The API dependents' side of the {@link RolloutSession}: what the plan is made from (the informer
 * caches), and the one write a plan may call for besides the objects it shapes, the replicas
 * hand-over ({@link #handOverReplicas}). Making the plan writes nothing; {@link ApiRolloutStep}
 * makes it, and hands over, before any object the plan shapes is written.
 */
public final class ApiRollout {

  private ApiRollout() {}

  /** The plan of this reconciliation (made now if needed). */
  public static RolloutPlan plan(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return RolloutSession.of(context)
        .plan(now -> observe(stack, context, ApiPodTemplate.hash(stack, context), now));
  }

  /** The color traffic goes to: this reconciliation's plan, else what the cluster says. */
  public static String activeColor(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return RolloutSession.planned(context)
        .map(RolloutPlan::activeColor)
        .orElseGet(() -> RolloutPlanner.activeColor(observe(stack, context, null, null)));
  }

  /**
   * The replicas hand-over ({@link ApiRolloutStep} runs it when the plan names {@code color}):
   * gives spec.replicas of the Deployment to {@link RolloutPlanner#HANDOVER_FIELD_MANAGER} at its
   * current value, so that the apply that follows, the first to leave replicas out for the HPA,
   * does not reset them. For a Deployment the operator applied with replicas (before it had an HPA,
   * or made by an operator version that created them so).
   */
  public static void handOverReplicas(
      SuperNovaStack stack, Context<SuperNovaStack> context, String color) {
    if (!color.equals(plan(stack, context).handoverColor())) {
      return;
    }
    Deployment current = RolloutSession.of(context).observed().deployment(color);
    setReplicas(stack, context, color, current.getSpec().getReplicas());
  }

  /**
   * Gives spec.replicas of a Deployment just created for the HPA, at the size it was created with,
   * to the hand-over manager as a hand-over would: one write at creation instead of two later, and
   * no change of the Deployment's spec. Returns the Deployment as written.
   */
  public static Deployment sizeCreated(
      SuperNovaStack stack, Context<SuperNovaStack> context, String color, int replicas) {
    return setReplicas(stack, context, color, replicas);
  }

  private static Deployment setReplicas(
      SuperNovaStack stack, Context<SuperNovaStack> context, String color, Integer replicas) {
    String name = StackNames.apiDeployment(stack, color);
    Map<String, Object> patch =
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "Deployment",
            "metadata",
            Map.of("name", name, "namespace", StackNames.namespace(stack)),
            "spec",
            Map.of("replicas", replicas));
    // Bound to an object, not a name: a patch by name GETs the object first.
    Deployment target =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(StackNames.namespace(stack))
            .endMetadata()
            .build();
    return context
        .getClient()
        .apps()
        .deployments()
        .inNamespace(StackNames.namespace(stack))
        .resource(target)
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(RolloutPlanner.HANDOVER_FIELD_MANAGER)
                .withForce(true)
                .build(),
            Serialization.asJson(patch));
  }

  private static RolloutInput observe(
      SuperNovaStack stack, Context<SuperNovaStack> context, String hash, Instant now) {
    var configuration = context.getControllerConfiguration();
    return new RolloutInput(
        stack,
        hash,
        deployment(stack, context, StackNames.BLUE),
        deployment(stack, context, StackNames.GREEN),
        Secondaries.byName(context, Service.class, StackNames.apiService(stack)).orElse(null),
        apiPods(context),
        configuration == null ? null : configuration.fieldManager(),
        now);
  }

  private static Deployment deployment(
      SuperNovaStack stack, Context<SuperNovaStack> context, String color) {
    return Secondaries.byName(context, Deployment.class, StackNames.apiDeployment(stack, color))
        .orElse(null);
  }

  /** The API pods in the cache (the Pod informers also hold backup Job pods). */
  private static List<Pod> apiPods(Context<SuperNovaStack> context) {
    return context
        .getSecondaryResourcesAsStream(Pod.class)
        .filter(p -> p.getMetadata().getLabels() != null)
        .filter(p -> Labels.COMPONENT_API.equals(p.getMetadata().getLabels().get(Labels.COMPONENT)))
        .toList();
  }
}
