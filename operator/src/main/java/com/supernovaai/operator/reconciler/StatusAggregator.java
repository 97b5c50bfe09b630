package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.ApiConfigMapDependent;
import com.supernovaai.operator.model.ApiStatus;
import com.supernovaai.operator.model.BackupStatus;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.Endpoints;
import com.supernovaai.operator.model.Phase;
import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.RolloutStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.rollout.RolloutPlanner;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.Reasons;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Computes the stack's status from component readiness and faults: the summary conditions Ready,
 * Progressing and Degraded, one condition per component, the phase and the endpoints. A pure
 * function of its inputs.
 */
public final class StatusAggregator {

  /**
   * Something only the operator can detect and a human has to fix (or that must retry). A fault
   * that {@code blocksReady} makes the stack not Ready and is retried soon; one that does not
   * (backups, volumes) degrades the stack while it keeps serving.
   */
  public record Fault(String reason, String message, boolean blocksReady) {
    public Fault(String reason, String message) {
      this(reason, message, true);
    }

    public static Fault degradesOnly(String reason, String message) {
      return new Fault(reason, message, false);
    }
  }

  /** Components that Ready requires; a failing backup degrades the stack but keeps it serving. */
  private static final List<String> SERVING =
      List.of(
          ConditionTypes.DATABASE_READY,
          ConditionTypes.POOLER_READY,
          ConditionTypes.REDIS_READY,
          ConditionTypes.API_READY);

  private StatusAggregator() {}

  /** The Degraded reason of an aborted rollout: the specific one when a human must fix data. */
  static String abortReason(RolloutStatus rollout) {
    return RolloutPlanner.abortReason(rollout);
  }

  public static SuperNovaStackStatus aggregate(
      SuperNovaStack stack,
      List<ComponentStatus> components,
      Fault fault,
      boolean paused,
      ApiStatus api,
      BackupStatus backup,
      Instant now) {
    return aggregate(stack, components, fault, paused, api, backup, null, now);
  }

  /**
   * As above, with the rollout status of this reconciliation (null: keep the previous one). A
   * rollout in progress is Progressing while the old color serves; an aborted one is a fault.
   */
  public static SuperNovaStackStatus aggregate(
      SuperNovaStack stack,
      List<ComponentStatus> components,
      Fault fault,
      boolean paused,
      ApiStatus api,
      BackupStatus backup,
      RolloutStatus rollout,
      Instant now) {
    SuperNovaStackStatus previous = stack.getStatus();
    if (rollout == null) {
      rollout = previous != null && previous.getRollout() != null ? previous.getRollout() : idle();
    }
    if (fault == null && rollout.getPhase() == RolloutPhase.Aborted) {
      fault = new Fault(abortReason(rollout), rollout.getMessage());
    }
    boolean rollingOut = rollout.getPhase() == RolloutPhase.Progressing;
    Long generation = stack.getMetadata().getGeneration();
    List<Condition> conditions = previous == null ? null : previous.getConditions();

    for (ComponentStatus c : components) {
      conditions =
          StatusConditions.set(
              conditions,
              c.conditionType(),
              c.ready() ? StatusConditions.TRUE : StatusConditions.FALSE,
              c.reason(),
              c.message(),
              generation,
              now);
    }

    List<ComponentStatus> notServing =
        components.stream().filter(c -> SERVING.contains(c.conditionType()) && !c.ready()).toList();
    boolean serving = notServing.isEmpty();
    ComponentStatus backupComponent =
        components.stream()
            .filter(c -> ConditionTypes.BACKUP_HEALTHY.equals(c.conditionType()))
            .findFirst()
            .orElse(null);
    if (fault == null && backupComponent != null && !backupComponent.ready()) {
      if (Reasons.SUSPECTED_DATA_LOSS.equals(backupComponent.reason())) {
        fault = Fault.degradesOnly(Reasons.SUSPECTED_DATA_LOSS, backupComponent.message());
      } else if (List.of(Reasons.LAST_BACKUP_FAILED, Reasons.BACKUP_OVERDUE)
          .contains(backupComponent.reason())) {
        fault = Fault.degradesOnly(Reasons.BACKUP_FAILED, backupComponent.message());
      }
    }

    conditions =
        StatusConditions.set(
            conditions,
            ConditionTypes.RECONCILIATION_PAUSED,
            paused ? StatusConditions.TRUE : StatusConditions.FALSE,
            paused ? Reasons.PAUSE_ANNOTATION_SET : Reasons.NOT_PAUSED,
            paused
                ? "Annotation "
                    + SuperNovaStack.PAUSE_ANNOTATION
                    + " is \"true\"; no changes are made"
                : "Reconciling normally",
            generation,
            now);
    conditions =
        StatusConditions.set(
            conditions,
            ConditionTypes.DEGRADED,
            fault != null ? StatusConditions.TRUE : StatusConditions.FALSE,
            fault != null ? fault.reason() : Reasons.NO_FAULTS,
            fault != null ? fault.message() : "No faults detected",
            generation,
            now);
    boolean ready = serving && !(fault != null && fault.blocksReady());
    conditions =
        StatusConditions.set(
            conditions,
            ConditionTypes.READY,
            ready ? StatusConditions.TRUE : StatusConditions.FALSE,
            ready
                ? Reasons.ALL_COMPONENTS_READY
                : fault != null ? fault.reason() : Reasons.COMPONENTS_NOT_READY,
            ready
                ? "All components are ready"
                : fault != null
                    ? fault.message()
                    : "Waiting for "
                        + notServing.stream()
                            .map(ComponentStatus::conditionType)
                            .collect(Collectors.joining(", ")),
            generation,
            now);
    boolean progressing = (!ready || rollingOut) && fault == null && !paused;
    conditions =
        StatusConditions.set(
            conditions,
            ConditionTypes.PROGRESSING,
            progressing ? StatusConditions.TRUE : StatusConditions.FALSE,
            progressing
                ? (rollingOut ? Reasons.ROLLOUT_IN_PROGRESS : Reasons.RECONCILING)
                : paused ? Reasons.PAUSED : fault != null ? Reasons.DEGRADED : Reasons.STABLE,
            progressing
                ? (rollingOut ? rollout.getMessage() : "Creating or updating components")
                : "No changes in progress",
            generation,
            now);

    SuperNovaStackStatus status = new SuperNovaStackStatus();
    // While paused, the current generation has not been acted upon.
    status.setObservedGeneration(
        paused && previous != null ? previous.getObservedGeneration() : generation);
    status.setConditions(conditions);
    status.setPhase(
        paused
            ? Phase.Paused
            : fault != null && fault.blocksReady()
                ? Phase.Degraded
                : ready
                    ? (fault != null
                        ? Phase.Degraded
                        : rollingOut ? Phase.Progressing : Phase.Ready)
                    : Phase.Progressing);
    status.setApi(api);
    status.setRollout(rollout);
    status.setBackup(backup);
    status.setEndpoints(endpoints(stack));
    return status;
  }

  private static RolloutStatus idle() {
    RolloutStatus rollout = new RolloutStatus();
    rollout.setPhase(RolloutPhase.Idle);
    return rollout;
  }

  public static Endpoints endpoints(SuperNovaStack stack) {
    Endpoints endpoints = new Endpoints();
    endpoints.setApi(
        "http://"
            + StackNames.serviceHost(stack, StackNames.apiService(stack))
            + ":"
            + StackNames.API_SERVICE_PORT);
    var spec = stack.getSpec();
    if (Boolean.TRUE.equals(spec.getPooler().getEnabled())) {
      endpoints.setDatabase(
          StackNames.serviceHost(stack, StackNames.pooler(stack)) + ":" + StackNames.POOLER_PORT);
    } else if (spec.getDatabase().hasExternal()) {
      endpoints.setDatabase(
          spec.getDatabase().getExternal().getHost()
              + ":"
              + spec.getDatabase().getExternal().getPort());
    } else {
      endpoints.setDatabase(
          StackNames.serviceHost(stack, StackNames.database(stack))
              + ":"
              + StackNames.DATABASE_PORT);
    }
    endpoints.setRedis(
        spec.getRedis().hasExternal()
            ? ApiConfigMapDependent.redisUrl(stack).replaceFirst("//[^@/]*@", "//")
            : StackNames.serviceHost(stack, StackNames.redis(stack)) + ":" + StackNames.REDIS_PORT);
    return endpoints;
  }
}
