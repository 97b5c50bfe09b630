package com.supernovaai.operator.rollout;

import com.supernovaai.operator.model.SuperNovaStack;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rollout of one reconciliation: begun by the reconciler with its clock's time, planned once,
 * by the first API dependent that needs the plan (they all run after the API's ConfigMap and
 * Secrets, so the template hash the plan compares is the one the Deployments get), and read back
 * after the workflow for status and effects.
 */
public final class RolloutSession {

  private static final String KEY = "supernova.api-rollout";

  private final Instant now;
  private RolloutInput observed;
  private RolloutPlan plan;

  private RolloutSession(Instant now) {
    this.now = now;
  }

  /** Starts a reconciliation's session; its plan is made as of {@code now}. */
  public static void begin(Context<SuperNovaStack> context, Instant now) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, new RolloutSession(now));
  }

  /** The plan made in this reconciliation, if the workflow got as far as the API. */
  public static Optional<RolloutPlan> planned(Context<SuperNovaStack> context) {
    return find(context).flatMap(RolloutSession::made);
  }

  /** This reconciliation's session; it exists once {@link #begin} ran. */
  public static RolloutSession of(Context<SuperNovaStack> context) {
    return find(context)
        .orElseThrow(() -> new IllegalStateException("no rollout session: begin was not called"));
  }

  /** The plan: made on first use from what {@code observe} reads as of the session's time. */
  public synchronized RolloutPlan plan(Function<Instant, RolloutInput> observe) {
    if (plan == null) {
      observed = observe.apply(now);
      plan = RolloutPlanner.plan(observed);
    }
    return plan;
  }

  /** What the plan was made from; null before it is made. */
  public synchronized RolloutInput observed() {
    return observed;
  }

  private synchronized Optional<RolloutPlan> made() {
    return Optional.ofNullable(plan);
  }

  private static Optional<RolloutSession> find(Context<SuperNovaStack> context) {
    var workflow = context.managedWorkflowAndDependentResourceContext();
    return workflow == null ? Optional.empty() : workflow.get(KEY, RolloutSession.class);
  }
}
