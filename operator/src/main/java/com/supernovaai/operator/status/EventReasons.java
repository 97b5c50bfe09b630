package com.supernovaai.operator.status;

/**
 * Reasons of the Events the operator records on a stack, besides those that repeat a condition's
 * reason (a new Degraded fault, MonitoringUnavailable, a restore or drill outcome).
 */
public final class EventReasons {

  // --- The stack's lifecycle -------------------------------------------------------------------

  public static final String RECOVERED = "Recovered";

  /** ContinuousArchiving is True again after being False: nothing is waiting too long. */
  public static final String ARCHIVING_CAUGHT_UP = "ArchivingCaughtUp";

  public static final String PAUSED = "Paused";
  public static final String RESUMED = "Resumed";

  // --- Rollouts --------------------------------------------------------------------------------

  public static final String ROLLOUT_STARTED = "RolloutStarted";
  public static final String ROLLOUT_REPLACED = "RolloutReplaced";
  public static final String ROLLOUT_CANCELLED = "RolloutCancelled";
  public static final String PROMOTED = "Promoted";
  public static final String ROLLED_BACK = "RolledBack";
  public static final String SCALED_DOWN = "ScaledDown";

  /** Strategy Canary: a step's share of the pods runs the new version (or it moved on). */
  public static final String CANARY_STEP = "CanaryStep";

  /** The promote annotation asked for nothing possible now; it was removed. */
  public static final String PROMOTE_IGNORED = "PromoteIgnored";

  /** The abort annotation asked for nothing possible now; it was removed. */
  public static final String ABORT_IGNORED = "AbortIgnored";

  // --- Failover ----------------------------------------------------------------------------------

  /** The Sentinels promoted another Redis pod: status.redis.master changed. */
  public static final String REDIS_MASTER_CHANGED = "RedisMasterChanged";

  // --- Volumes and credentials -----------------------------------------------------------------

  public static final String VOLUME_EXPANDING = "VolumeExpanding";

  /** The database took the edited passwords; the consumers follow. */
  public static final String CREDENTIALS_ROTATED = "CredentialsRotated";

  /** A deleted Secret was re-created with the values the database accepts. */
  public static final String CREDENTIALS_RESTORED = "CredentialsRestored";

  private EventReasons() {}
}
