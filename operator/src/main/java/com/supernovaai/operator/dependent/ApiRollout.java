package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.cache.OperatorSerialization;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.Deployments;
import com.supernovaai.operator.rollout.RolloutInput;
import com.supernovaai.operator.rollout.RolloutPlan;
import com.supernovaai.operator.rollout.RolloutPlanner;
import com.supernovaai.operator.rollout.RolloutSession;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.net.HttpURLConnection;
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
   * The promotion's hand-over ({@link ApiRolloutStep} runs it when the plan names {@code color}):
   * the new active color's replicas, which the preview was applied with, are handed over (see
   * {@link #handOverBeforeApply}) before the switch and the HPA's retarget.
   */
  public static void handOverReplicas(
      SuperNovaStack stack, Context<SuperNovaStack> context, String color) {
    if (color.equals(plan(stack, context).handoverColor())) {
      handOverBeforeApply(stack, context, RolloutSession.of(context).observed().deployment(color));
    }
  }

  /**
   * Gives spec.replicas of {@code current} to the hand-over manager at their current value, if the
   * operator's apply holds them and the hand-over manager's does not: {@link
   * ApiDeploymentDependent} calls it right before an apply that leaves them out, which would reset
   * them otherwise. A Deployment created for the HPA at its start size is handed over so, at its
   * first apply after the creation (most never have one), not at the creation: one write less per
   * stack. Sent with the cached resourceVersion as a precondition, so that a count the HPA set
   * since is never overwritten with the cached one; on a conflict, decided again on the object as
   * it is.
   */
  public static void handOverBeforeApply(
      SuperNovaStack stack, Context<SuperNovaStack> context, Deployment current) {
    String operator = context.getControllerConfiguration().fieldManager();
    Deployment seen = current;
    for (int attempt = 1; Deployments.needsHandover(seen, operator); attempt++) {
      try {
        setReplicas(
            stack,
            context,
            current.getMetadata().getName(),
            seen.getSpec().getReplicas(),
            seen.getMetadata().getResourceVersion());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 2) {
          throw e;
        }
        seen =
            context
                .getClient()
                .apps()
                .deployments()
                .inNamespace(StackNames.namespace(stack))
                .withName(current.getMetadata().getName())
                .get();
      }
    }
  }

  /**
   * Applies spec.replicas as the hand-over manager, only to the object at {@code resourceVersion}.
   */
  private static void setReplicas(
      SuperNovaStack stack,
      Context<SuperNovaStack> context,
      String name,
      Integer replicas,
      String resourceVersion) {
    Map<String, Object> patch =
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "Deployment",
            "metadata",
            Map.of(
                "name",
                name,
                "namespace",
                StackNames.namespace(stack),
                "resourceVersion",
                resourceVersion),
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
    context
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
            OperatorSerialization.shared().asJson(patch));
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
