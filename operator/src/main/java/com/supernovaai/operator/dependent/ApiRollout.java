package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.RolloutInput;
import com.supernovaai.operator.rollout.RolloutPlan;
import com.supernovaai.operator.rollout.RolloutPlanner;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The blue-green plan of one reconciliation, shared by the API dependents. The reconciler begins a
 * session with its clock's time; the plan is made once, when the first dependent needs it: they all
 * run after the API's ConfigMap and Secrets, so the template hash the plan compares is the one the
 * Deployments get. Making the plan writes nothing; the one write it may call for, the replicas
 * hand-over, is {@link #handOverReplicas}, run by the Deployment it concerns before its apply.
 */
public final class ApiRollout {

  private static final String KEY = "supernova.api-rollout";

  private ApiRollout() {}

  /** Starts a reconciliation's session; its plan is made as of {@code now}. */
  public static void begin(Context<SuperNovaStack> context, Instant now) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, new Session(now));
  }

  /** The plan made in this reconciliation, if the workflow got as far as the API. */
  public static Optional<RolloutPlan> planned(Context<SuperNovaStack> context) {
    return session(context).flatMap(Session::made);
  }

  /** The plan of this reconciliation (made now if needed). */
  public static RolloutPlan plan(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return begun(context).plan(stack, context);
  }

  /** The color traffic goes to: this reconciliation's plan, else what the cluster says. */
  public static String activeColor(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return planned(context)
        .map(RolloutPlan::activeColor)
        .orElseGet(() -> RolloutPlanner.activeColor(observe(stack, context, null, null)));
  }

  /**
   * The replicas hand-over, when the plan calls for it on {@code color}: gives spec.replicas of the
   * Deployment to {@link RolloutPlanner#HANDOVER_FIELD_MANAGER} at its current value, so that the
   * apply that follows, the first to leave replicas out for the HPA, does not reset them.
   */
  public static void handOverReplicas(
      SuperNovaStack stack, Context<SuperNovaStack> context, String color) {
    Session session = begun(context);
    if (!color.equals(session.plan(stack, context).handoverColor())) {
      return;
    }
    Deployment current = session.observed().deployment(color);
    Map<String, Object> patch =
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "Deployment",
            "metadata",
            Map.of(
                "name", current.getMetadata().getName(), "namespace", StackNames.namespace(stack)),
            "spec",
            Map.of("replicas", current.getSpec().getReplicas()));
    context
        .getClient()
        .apps()
        .deployments()
        .inNamespace(StackNames.namespace(stack))
        .withName(StackNames.apiDeployment(stack, color))
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

  private static Optional<Session> session(Context<SuperNovaStack> context) {
    var workflow = context.managedWorkflowAndDependentResourceContext();
    return workflow == null ? Optional.empty() : workflow.get(KEY, Session.class);
  }

  private static Session begun(Context<SuperNovaStack> context) {
    return session(context)
        .orElseThrow(
            () -> new IllegalStateException("no rollout session: ApiRollout.begin was not called"));
  }

  /** One reconciliation: the plan is made at most once, by whichever dependent asks first. */
  private static final class Session {
    private final Instant now;
    private RolloutInput observed;
    private RolloutPlan plan;

    Session(Instant now) {
      this.now = now;
    }

    synchronized RolloutPlan plan(SuperNovaStack stack, Context<SuperNovaStack> context) {
      if (plan == null) {
        observed = observe(stack, context, ApiPodTemplate.hash(stack, context), now);
        plan = RolloutPlanner.plan(observed);
      }
      return plan;
    }

    /** What the plan was made from. */
    synchronized RolloutInput observed() {
      return observed;
    }

    synchronized Optional<RolloutPlan> made() {
      return Optional.ofNullable(plan);
    }
  }
}
