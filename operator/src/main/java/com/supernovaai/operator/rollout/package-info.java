/**
 * Rollouts of the API server: blue-green (two colors behind one active Service), canary (both
 * colors behind it, in steps of replica ratio) or rolling update.
 *
 * <p>One reconcile: the reconciler begins a {@link com.supernovaai.operator.rollout.RolloutSession}
 * with its clock's time; the workflow's rollout step ({@code dependent.ApiRolloutStep}) reads the
 * informer caches into a {@link com.supernovaai.operator.rollout.RolloutInput}, and {@link
 * com.supernovaai.operator.rollout.RolloutPlanner} turns it into a {@link
 * com.supernovaai.operator.rollout.RolloutPlan} (a pure function: {@code RolloutState} reads the
 * inputs once, {@code BlueGreenPlanner}, {@code CanaryPlanner} or {@code RollingUpdatePlanner}
 * decide (then {@code RolloutPlanner.drainFirst} holds a color's pods while it leaves the active
 * Service), {@code PlanBuilder} assembles, {@code RolloutMessages} words status and Events, {@code
 * Deployments} reads a Deployment's readiness and image). The step then hands replicas over to the
 * HPA when the plan says so; the API Deployments, Services and HPA are shaped by the plan; after
 * the workflow, the plan's status goes into the stack's status, and {@link
 * com.supernovaai.operator.rollout.RolloutEffects} records its Events and metrics ({@link
 * com.supernovaai.operator.rollout.RolloutMetrics}) and removes the one-shot annotations.
 *
 * <p>Of the operator's own packages this one uses the model, names and labels, and the status
 * reasons; never the reconciler or the dependents.
 */
package com.supernovaai.operator.rollout;
