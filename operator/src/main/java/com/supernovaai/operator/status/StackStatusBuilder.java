package com.supernovaai.operator.status;

import com.supernovaai.operator.model.ApiStatus;
import com.supernovaai.operator.model.BackupStatus;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.DatabaseStatus;
import com.supernovaai.operator.model.Endpoints;
import com.supernovaai.operator.model.Phase;
import com.supernovaai.operator.model.RedisStatus;
import com.supernovaai.operator.model.RestoreStatus;
import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.RolloutStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The one place the stack's status is decided. Every contribution passes through it (components,
 * rollout, backups, restore, drills, monitoring, pause, faults); {@link #build} then derives the
 * summary conditions Ready, Progressing and Degraded and the phase. Pure: the same contributions
 * give the same status; lastTransitionTime is kept from the stack's previous status when a
 * condition's status did not change.
 */
public final class StackStatusBuilder {

  /** Components that Ready requires; the others (backups, monitoring) never block it. */
  private static final List<String> SERVING =
      List.of(
          ConditionTypes.DATABASE_READY,
          ConditionTypes.POOLER_READY,
          ConditionTypes.REDIS_READY,
          ConditionTypes.API_READY,
          ConditionTypes.FRONTEND_READY);

  private final SuperNovaStack stack;
  private final Instant now;
  private final List<ComponentStatus> components = new ArrayList<>();
  private final List<UnaryOperator<List<Condition>>> otherConditions = new ArrayList<>();
  private Fault fault;
  private boolean paused;
  private ApiStatus api;
  private BackupStatus backup;
  private RestoreStatus restore;
  private RolloutStatus rollout;
  private Endpoints endpoints;
  private DatabaseStatus database;
  private RedisStatus redis;
  private ContinuousArchiving.Verdict archiving;

  private StackStatusBuilder(SuperNovaStack stack, Instant now) {
    this.stack = stack;
    this.now = now;
  }

  /**
   * A status for {@code stack} (its previous status is the one it carries) decided at {@code now}.
   */
  public static StackStatusBuilder of(SuperNovaStack stack, Instant now) {
    return new StackStatusBuilder(stack, now);
  }

  /** The Degraded reason of an aborted rollout: the specific one when a human must fix data. */
  public static String abortReason(RolloutStatus rollout) {
    return Reasons.MIGRATION_FAILED.equals(rollout.getReason())
        ? Reasons.MIGRATION_FAILED
        : Reasons.ROLLOUT_ABORTED;
  }

  /**
   * A fault found by a check of this reconciliation; the first one given is the one reported
   * (checks run in order of importance). Null: none.
   */
  public StackStatusBuilder fault(Fault fault) {
    if (this.fault == null) {
      this.fault = fault;
    }
    return this;
  }

  public StackStatusBuilder paused(boolean paused) {
    this.paused = paused;
    return this;
  }

  public StackStatusBuilder component(ComponentStatus component) {
    components.add(component);
    return this;
  }

  public StackStatusBuilder components(List<ComponentStatus> components) {
    this.components.addAll(components);
    return this;
  }

  public StackStatusBuilder api(ApiStatus api) {
    this.api = api;
    return this;
  }

  public StackStatusBuilder backup(BackupStatus backup) {
    this.backup = backup;
    return this;
  }

  public StackStatusBuilder restore(RestoreStatus restore) {
    this.restore = restore;
    return this;
  }

  /** The rollout status of this reconciliation; not given (or null): the previous one is kept. */
  public StackStatusBuilder rollout(RolloutStatus rollout) {
    this.rollout = rollout;
    return this;
  }

  public StackStatusBuilder endpoints(Endpoints endpoints) {
    this.endpoints = endpoints;
    return this;
  }

  /** A sentinel-mode Redis's master (null otherwise): reported as is. */
  public StackStatusBuilder redis(RedisStatus redis) {
    this.redis = redis;
    return this;
  }

  /** A replicated database's members (null otherwise): reported as is. */
  public StackStatusBuilder database(DatabaseStatus database) {
    this.database = database;
    return this;
  }

  /**
   * Continuous WAL archiving (null: no objectStore, the condition is dropped). False degrades the
   * stack after the faults of checks, rollouts and components: serving goes on.
   */
  public StackStatusBuilder archiving(ContinuousArchiving.Verdict archiving) {
    this.archiving = archiving;
    return this;
  }

  /**
   * A condition that is reported as is and takes no part in the summary (DatabaseRestored,
   * BackupVerified). Status: {@link StatusConditions#TRUE}, FALSE or UNKNOWN.
   */
  public StackStatusBuilder condition(String type, String status, String reason, String message) {
    Long generation = generation();
    otherConditions.add(
        conditions ->
            StatusConditions.set(conditions, type, status, reason, message, generation, now));
    return this;
  }

  /** Drops a condition that no longer applies (a feature turned off). */
  public StackStatusBuilder withoutCondition(String type) {
    otherConditions.add(conditions -> StatusConditions.without(conditions, type));
    return this;
  }

  public SuperNovaStackStatus build() {
    SuperNovaStackStatus previous = stack.getStatus();
    RolloutStatus rolloutNow = rollout != null ? rollout : previousRollout(previous);
    Fault stackFault = stackFault(rolloutNow);
    boolean rollingOut = rolloutNow.getPhase() == RolloutPhase.Progressing;
    Long generation = generation();
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
    boolean ready = notServing.isEmpty() && !(stackFault != null && stackFault.blocksReady());

    conditions = set(conditions, ConditionTypes.RECONCILIATION_PAUSED, paused, pausedReason());
    conditions =
        set(
            conditions,
            ConditionTypes.DEGRADED,
            stackFault != null,
            stackFault != null
                ? new Reason(stackFault.reason(), stackFault.message())
                : new Reason(Reasons.NO_FAULTS, "No faults detected"));
    conditions =
        set(
            conditions,
            ConditionTypes.READY,
            ready,
            ready
                ? new Reason(Reasons.ALL_COMPONENTS_READY, "All components are ready")
                : stackFault != null
                    ? new Reason(stackFault.reason(), stackFault.message())
                    : new Reason(Reasons.COMPONENTS_NOT_READY, "Waiting for " + names(notServing)));
    boolean progressing = (!ready || rollingOut) && stackFault == null && !paused;
    conditions =
        set(
            conditions,
            ConditionTypes.PROGRESSING,
            progressing,
            progressing
                ? (rollingOut
                    ? new Reason(Reasons.ROLLOUT_IN_PROGRESS, rolloutNow.getMessage())
                    : new Reason(Reasons.RECONCILING, "Creating or updating components"))
                : new Reason(
                    paused
                        ? Reasons.PAUSED
                        : stackFault != null ? Reasons.DEGRADED : Reasons.STABLE,
                    "No changes in progress"));
    for (var change : otherConditions) {
      conditions = change.apply(conditions);
    }
    conditions =
        archiving == null
            ? StatusConditions.without(conditions, ConditionTypes.CONTINUOUS_ARCHIVING)
            : StatusConditions.set(
                conditions,
                ConditionTypes.CONTINUOUS_ARCHIVING,
                archiving.status(),
                archiving.reason(),
                archiving.message(),
                generation,
                now);

    SuperNovaStackStatus status = new SuperNovaStackStatus();
    // While paused, the current generation has not been acted upon.
    status.setObservedGeneration(
        paused && previous != null ? previous.getObservedGeneration() : generation);
    status.setConditions(conditions);
    status.setPhase(phase(stackFault, ready, rollingOut));
    status.setApi(api);
    status.setRollout(rolloutNow);
    status.setBackup(backup);
    status.setRestore(restore);
    status.setEndpoints(endpoints);
    status.setDatabase(database);
    status.setRedis(redis);
    status.setArchiving(archiving == null ? null : archiving.details());
    return status;
  }

  /**
   * The fault the stack reports: a check's, else an aborted rollout's, else the first a component
   * raises (a failed backup: degrades only), else lagging WAL archiving (degrades only).
   */
  private Fault stackFault(RolloutStatus rolloutNow) {
    if (fault != null) {
      return fault;
    }
    if (rolloutNow.getPhase() == RolloutPhase.Aborted) {
      return new Fault(abortReason(rolloutNow), rolloutNow.getMessage());
    }
    return components.stream()
        .map(ComponentStatus::fault)
        .filter(Objects::nonNull)
        .findFirst()
        .or(() -> archiving == null ? Optional.empty() : archiving.fault())
        .orElse(null);
  }

  private Phase phase(Fault stackFault, boolean ready, boolean rollingOut) {
    if (paused) {
      return Phase.Paused;
    }
    if (stackFault != null && stackFault.blocksReady()) {
      return Phase.Degraded;
    }
    if (!ready) {
      return Phase.Progressing;
    }
    if (stackFault != null) {
      return Phase.Degraded; // serving, but something a human should fix
    }
    return rollingOut ? Phase.Progressing : Phase.Ready;
  }

  private Reason pausedReason() {
    return paused
        ? new Reason(
            Reasons.PAUSE_ANNOTATION_SET,
            "Annotation " + SuperNovaStack.PAUSE_ANNOTATION + " is \"true\"; no changes are made")
        : new Reason(Reasons.NOT_PAUSED, "Reconciling normally");
  }

  private record Reason(String reason, String message) {}

  private List<Condition> set(List<Condition> conditions, String type, boolean isTrue, Reason r) {
    return StatusConditions.set(
        conditions,
        type,
        isTrue ? StatusConditions.TRUE : StatusConditions.FALSE,
        r.reason(),
        r.message(),
        generation(),
        now);
  }

  private Long generation() {
    return stack.getMetadata().getGeneration();
  }

  private static String names(List<ComponentStatus> components) {
    return components.stream()
        .map(ComponentStatus::conditionType)
        .collect(Collectors.joining(", "));
  }

  private static RolloutStatus previousRollout(SuperNovaStackStatus previous) {
    if (previous != null && previous.getRollout() != null) {
      return previous.getRollout();
    }
    RolloutStatus idle = new RolloutStatus();
    idle.setPhase(RolloutPhase.Idle);
    return idle;
  }
}
