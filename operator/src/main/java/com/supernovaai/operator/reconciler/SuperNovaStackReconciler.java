package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.FieldManagers;
import com.supernovaai.operator.backup.BackupObserver;
import com.supernovaai.operator.backup.DrillObserver;
import com.supernovaai.operator.backup.RestoreObserver;
import com.supernovaai.operator.dependent.AppliedMatches;
import com.supernovaai.operator.migration.SelectorMigration;
import com.supernovaai.operator.model.RestoreStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.rollout.RolloutEffects;
import com.supernovaai.operator.rollout.RolloutPlan;
import com.supernovaai.operator.rollout.RolloutSession;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.ContinuousArchiving;
import com.supernovaai.operator.status.Fault;
import com.supernovaai.operator.status.Reasons;
import com.supernovaai.operator.status.StackStatusBuilder;
import com.supernovaai.operator.status.StatusConditions;
import com.supernovaai.operator.volume.VolumeExpansion;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reconciles a SuperNovaStack: checks its inputs (pause, referenced Secrets), runs the workflow of
 * dependents ({@link StackWorkflow}), observes what the caches hold, decides the status ({@link
 * StackStatusBuilder}), applies its effects and writes it ({@link StatusWriter}). A stack's
 * deletion is {@link StackDeletionReconciler}'s: this controller uses no finalizer and never sees
 * it.
 */
@ControllerConfiguration(
    name = SuperNovaStackReconciler.NAME,
    // The pause annotation does not bump metadata.generation, so every change must be seen.
    generationAwareEventProcessing = false,
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class SuperNovaStackReconciler extends StackWorkflow implements Reconciler<SuperNovaStack> {

  /** The controller's name, which JOSDK also applies every dependent under. */
  public static final String NAME = FieldManagers.OPERATOR;

  /** How soon a stack whose spec.monitoring kinds are not served looks for them again. */
  static final Duration MONITORING_RECHECK = Duration.ofSeconds(30);

  /**
   * How often a replicated database's members are read again: Patroni's 10 s reports wake nothing
   * (only role changes do), and the lag in the status and the metrics must not go stale.
   */
  static final Duration REPLICATION_RECHECK = Duration.ofSeconds(30);

  /** How soon a stack whose workloads were just replaced (SelectorMigration) is reconciled. */
  static final Duration MIGRATION_RECHECK = Duration.ofSeconds(1);

  private final Clock clock;
  private final StackMetrics metrics;
  private final StatusWriter writer;

  /** How soon a stack waiting for a human fix (missing Secret) or after an error is retried. */
  private final Duration faultRetry;

  private final ReconcileGate gate = new ReconcileGate();

  public SuperNovaStackReconciler(StackMetrics metrics, Duration faultRetry) {
    this(metrics, Clock.systemUTC(), faultRetry, StatusWriter.CACHED_SSA);
  }

  SuperNovaStackReconciler(
      StackMetrics metrics, Clock clock, Duration faultRetry, StatusWriter.Patch patch) {
    this.metrics = metrics;
    this.clock = clock;
    this.faultRetry = faultRetry;
    this.writer = new StatusWriter(metrics, patch);
  }

  /** Closed by the operator before it stops JOSDK (see {@link ReconcileGate}). */
  public ReconcileGate gate() {
    return gate;
  }

  @Override
  public List<EventSource<?, SuperNovaStack>> prepareEventSources(
      EventSourceContext<SuperNovaStack> context) {
    return EventSources.all(context);
  }

  /** What acting on the stack gave: the first fault found, the rollout planned. */
  private record Acted(Fault fault, RolloutPlan rollout, boolean migrated) {
    static final Acted NOTHING = new Acted(null, null, false);
  }

  @Override
  public UpdateControl<SuperNovaStack> reconcile(
      SuperNovaStack stack, Context<SuperNovaStack> context) {
    if (!gate.enter()) {
      return UpdateControl.noUpdate(); // stopping: the caches may already be gone
    }
    try {
      Instant now = clock.instant();
      boolean paused = stack.isPaused();
      Acted acted = paused ? Acted.NOTHING : act(stack, context, now);
      if (acted.migrated()) {
        // Workloads were replaced: reconcile them once the caches hold the new objects.
        return UpdateControl.<SuperNovaStack>noUpdate().rescheduleAfter(MIGRATION_RECHECK);
      }
      RestoreStatus restore = RestoreObserver.observe(stack, context);
      Fault fault =
          paused
              ? null
              : first(acted.fault(), () -> faultAfterWorkflow(stack, context, restore, now));
      RolloutPlan rollout = acted.rollout();
      var archiving = ArchivingObserver.observe(stack, context, now);
      var status = observe(stack, context, fault, rollout, restore, archiving, now);
      if (rollout != null) {
        RolloutEffects.apply(context.getClient(), stack, rollout, status, metrics.rollouts(), now);
      }
      Duration deferred = writer.write(stack, status, context, now);
      Duration requeue =
          requeue(
              fault,
              rollout == null ? null : rollout.requeueAfter(),
              waitingForMonitoring(status),
              deferred,
              archiving == null ? null : archiving.recheckAfter(),
              faultRetry);
      if (!paused
          && stack.getSpec().getDatabase().replicated()
          && (requeue == null || REPLICATION_RECHECK.compareTo(requeue) < 0)) {
        requeue = REPLICATION_RECHECK;
      }
      UpdateControl<SuperNovaStack> control = UpdateControl.noUpdate();
      return requeue == null ? control : control.rescheduleAfter(requeue);
    } finally {
      gate.exit();
    }
  }

  /** Inputs check, then the workflow; stops at the first fault. */
  private Acted act(SuperNovaStack stack, Context<SuperNovaStack> context, Instant now) {
    Fault fault =
        first(
            ReferencedSecretsCheck.check(stack, context),
            () -> EnvFromOverrides.check(stack, context.getClient()).orElse(null),
            () -> LostCredentials.check(stack, context).orElse(null));
    if (fault != null) {
      return new Acted(fault, null, false);
    }
    if (SelectorMigration.run(stack, context)) {
      return new Acted(null, null, true);
    }
    RolloutSession.begin(context, now);
    var result = context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    CredentialsRotation.announce(context.getClient(), stack, context, now);
    if (!result.erroredDependentsExist()) {
      return new Acted(null, RolloutSession.planned(context).orElse(null), false);
    }
    return new Acted(
        ChildWriteFaults.of(stack, context, result.getErroredDependents()), null, false);
  }

  /** Faults that show once the workflow ran: a failed restore, a volume, a rotation. */
  private static Fault faultAfterWorkflow(
      SuperNovaStack stack, Context<SuperNovaStack> context, RestoreStatus restore, Instant now) {
    return first(
        RestoreObserver.fault(restore).orElse(null),
        () -> VolumeExpansion.apply(stack, context, now).orElse(null),
        () -> CredentialsRotation.fault(stack, context).orElse(null));
  }

  /** Observes the caches and decides the status, with the fault and rollout of this pass. */
  private static SuperNovaStackStatus observe(
      SuperNovaStack stack,
      Context<SuperNovaStack> context,
      Fault fault,
      RolloutPlan rollout,
      RestoreStatus restore,
      ContinuousArchiving.Verdict archiving,
      Instant now) {
    var backups = BackupObserver.observe(stack, context, now);
    var status =
        StackStatusBuilder.of(stack, now)
            .paused(stack.isPaused())
            .fault(fault)
            .components(ComponentObserver.observe(stack, context))
            .component(backups.health())
            .api(ComponentObserver.apiStatus(stack, context))
            .backup(backups.status())
            .rollout(rollout == null ? null : rollout.status())
            .endpoints(StackEndpoints.of(stack))
            .database(DatabaseMembersObserver.observe(stack, context, now))
            .redis(RedisMasterObserver.observe(stack, context, now))
            .archiving(archiving);
    if (stack.getSpec().getFrontend() == null) {
      status.withoutCondition(ConditionTypes.FRONTEND_READY);
    }
    RestoreObserver.report(restore, status);
    DrillObserver.report(stack, context, status);
    return status.build();
  }

  /**
   * When to look again: soon after a fault that blocks Ready, when the rollout asks, while the
   * Prometheus Operator's kinds are awaited (nothing announces their installation), when a deferred
   * write is due, or when the archiving verdict can change by time alone (a waiting segment passing
   * the lag limit, a report going stale); the soonest of those. Null: only when something changes.
   */
  static Duration requeue(
      Fault fault,
      Duration rolloutRequeue,
      boolean waitingForMonitoring,
      Duration deferredWrite,
      Duration archivingRecheck,
      Duration faultRetry) {
    Duration requeue = fault != null && fault.blocksReady() ? faultRetry : rolloutRequeue;
    if (waitingForMonitoring && (requeue == null || MONITORING_RECHECK.compareTo(requeue) < 0)) {
      requeue = MONITORING_RECHECK;
    }
    for (Duration due : new Duration[] {deferredWrite, archivingRecheck}) {
      if (due != null && (requeue == null || due.compareTo(requeue) < 0)) {
        requeue = due;
      }
    }
    return requeue;
  }

  private static boolean waitingForMonitoring(SuperNovaStackStatus status) {
    return StatusConditions.find(status.getConditions(), ConditionTypes.MONITORING_READY)
        .map(c -> Reasons.MONITORING_UNAVAILABLE.equals(c.getReason()))
        .orElse(false);
  }

  /** An exception escaped the reconciliation: the same status path, with it as the fault. */
  @Override
  public ErrorStatusUpdateControl<SuperNovaStack> updateErrorStatus(
      SuperNovaStack stack, Context<SuperNovaStack> context, Exception e) {
    if (!gate.enter()) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    try {
      Instant now = clock.instant();
      var restore = RestoreObserver.observe(stack, context);
      var status =
          observe(
              stack,
              context,
              ChildWriteFaults.of(e),
              null,
              restore,
              ArchivingObserver.observe(stack, context, now),
              now);
      writer.write(stack, status, context, now);
      return ErrorStatusUpdateControl.noStatusUpdate();
    } finally {
      gate.exit();
    }
  }

  /**
   * The stack is gone: forget what was remembered about it (its throttle, its metrics, the objects
   * found as applied). Called by {@link StackDeletionReconciler}, which sees the deletion; this
   * controller does not.
   */
  public void forget(SuperNovaStack stack) {
    writer.forget(stack);
    AppliedMatches.shared().forget(stack);
  }

  @SafeVarargs
  private static Fault first(Fault fault, Supplier<Fault>... next) {
    return Stream.concat(Stream.of(() -> fault), Stream.of(next))
        .map(Supplier::get)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }
}
