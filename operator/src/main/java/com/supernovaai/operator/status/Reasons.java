package com.supernovaai.operator.status;

import java.util.Set;

/**
 * The reasons the operator gives its conditions (and status.rollout.reason). A fault's reason is
 * both Degraded's and, when the fault blocks Ready, Ready's. The backup, restore and drill scripts
 * report reasons of their own (see {@code backup-lib.sh fail}); the operator passes those through.
 */
public final class Reasons {

  // --- Ready, Degraded, Progressing, ReconciliationPaused ---------------------------------------

  public static final String ALL_COMPONENTS_READY = "AllComponentsReady";
  public static final String COMPONENTS_NOT_READY = "ComponentsNotReady";
  public static final String NO_FAULTS = "NoFaults";
  public static final String RECONCILING = "Reconciling";
  public static final String ROLLOUT_IN_PROGRESS = "RolloutInProgress";
  public static final String PAUSED = "Paused";

  /** Progressing=False because a fault stops it (the fault's reason is on Degraded). */
  public static final String DEGRADED = "Degraded";

  public static final String STABLE = "Stable";
  public static final String PAUSE_ANNOTATION_SET = "PauseAnnotationSet";
  public static final String NOT_PAUSED = "NotPaused";

  // --- Faults that make the stack not Ready: a human has to act ---------------------------------

  /** A Secret the spec names does not exist. */
  public static final String CREDENTIALS_SECRET_MISSING = "CredentialsSecretMissing";

  /** A Secret the spec names lacks a key. */
  public static final String CREDENTIALS_SECRET_INVALID = "CredentialsSecretInvalid";

  /** An object the stack does not own already has the name the stack derives for one of its own. */
  public static final String NAME_TAKEN = "NameTaken";

  /** The API server refused the write for lack of permission (403). */
  public static final String CHILD_WRITE_FORBIDDEN = "ChildWriteForbidden";

  /** The API server found the object invalid (422, 400): an admission webhook or a policy. */
  public static final String CHILD_WRITE_REFUSED = "ChildWriteRefused";

  /** Any other failed write (a conflict that will retry, a timeout, a missing input). */
  public static final String RECONCILE_ERROR = "ReconcileError";

  /** An envFrom source sets a variable the operator sets. */
  public static final String ENV_FROM_OVERRIDES_OPERATOR_VARIABLES =
      "EnvFromOverridesOperatorVariables";

  /** An envFrom source that is not optional does not exist. */
  public static final String ENV_FROM_SOURCE_MISSING = "EnvFromSourceMissing";

  /** The generated database Secret and its applied copy are gone while the data is there. */
  public static final String GENERATED_SECRET_LOST = "GeneratedSecretLost";

  /** A rollout was aborted (status.rollout.reason says why); traffic stays on the old color. */
  public static final String ROLLOUT_ABORTED = "RolloutAborted";

  /** A rollout was aborted because the new version could not migrate the database. */
  public static final String MIGRATION_FAILED = "MigrationFailed";

  /**
   * backup.objectStore (by its default path) is the archive bootstrap.fromObjectStore restores
   * from.
   */
  public static final String ARCHIVE_IS_RESTORE_SOURCE = "ArchiveIsRestoreSource";

  // --- Faults that degrade the stack while it keeps serving -------------------------------------

  /** The last backup failed or none ran for two schedule periods. */
  public static final String BACKUP_FAILED = "BackupFailed";

  /** The newest dump holds far fewer rows than the one before it. */
  public static final String SUSPECTED_DATA_LOSS = "SuspectedDataLoss";

  /** An edited credentials Secret could not be applied to the database. */
  public static final String CREDENTIALS_ROTATION_FAILED = "CredentialsRotationFailed";

  /** A claim should grow and its StorageClass does not allow it. */
  public static final String VOLUME_EXPANSION_UNSUPPORTED = "VolumeExpansionUnsupported";

  /**
   * Ready=False reasons that will not fix themselves. Argo CD's health script lists the same ones
   * ({@code terminalReasons} in examples/argocd/health.lua), so that it shows Degraded even where
   * only Ready says so. A failed restore carries its script's reason and is Degraded=True.
   */
  public static final Set<String> TERMINAL =
      Set.of(
          CREDENTIALS_SECRET_MISSING,
          CREDENTIALS_SECRET_INVALID,
          NAME_TAKEN,
          CHILD_WRITE_FORBIDDEN,
          CHILD_WRITE_REFUSED,
          RECONCILE_ERROR,
          ENV_FROM_OVERRIDES_OPERATOR_VARIABLES,
          ENV_FROM_SOURCE_MISSING,
          GENERATED_SECRET_LOST,
          ROLLOUT_ABORTED,
          MIGRATION_FAILED);

  // --- status.rollout.reason of an aborted rollout (also on the preview Deployment) --------------

  public static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
  public static final String ABORT_REQUESTED = "AbortRequested";
  // MIGRATION_FAILED above.

  // --- Component conditions (DatabaseReady, PoolerReady, RedisReady, ApiReady, MonitoringReady) --

  public static final String EXTERNAL = "External";
  public static final String DISABLED = "Disabled";

  /** The workload (or CronJob) does not exist yet. */
  public static final String PENDING = "Pending";

  public static final String STATEFUL_SET_READY = "StatefulSetReady";
  public static final String STATEFUL_SET_NOT_READY = "StatefulSetNotReady";
  public static final String DEPLOYMENT_AVAILABLE = "DeploymentAvailable";
  public static final String DEPLOYMENT_NOT_AVAILABLE = "DeploymentNotAvailable";

  /** MonitoringReady: the ServiceMonitor and PrometheusRule asked for exist. */
  public static final String CREATED = "Created";

  /** MonitoringReady: spec.monitoring asks for a kind the API server does not serve. */
  public static final String MONITORING_UNAVAILABLE = "MonitoringUnavailable";

  // --- BackupHealthy (also DISABLED, PENDING, SUSPECTED_DATA_LOSS) ------------------------------

  public static final String HELD_FOR_RESTORE = "HeldForRestore";
  public static final String LAST_BACKUP_FAILED = "LastBackupFailed";
  public static final String BACKUP_OVERDUE = "BackupOverdue";
  public static final String SUSPENDED = "Suspended";
  public static final String SCHEDULED = "Scheduled";

  // --- DatabaseRestored (a failed restore carries its script's reason) --------------------------

  public static final String RESTORED = "Restored";
  public static final String RESTORE_PENDING = "RestorePending";
  public static final String RESTORE_RUNNING = "RestoreRunning";

  /** A failed restore whose script reported no reason. */
  public static final String RESTORE_FAILED = "RestoreFailed";

  // --- BackupVerified (a failed drill carries its script's reason) ------------------------------

  public static final String NOT_VERIFIED_YET = "NotVerifiedYet";
  public static final String DRILL_SUCCEEDED = "DrillSucceeded";

  /** A failed drill whose script reported no reason. */
  public static final String DRILL_FAILED = "DrillFailed";

  // --- ContinuousArchiving ---------------------------------------------------------------------

  public static final String ARCHIVING_UP_TO_DATE = "ArchivingUpToDate";

  /** A completed segment has waited longer than the limit; no push failed since the last one. */
  public static final String ARCHIVING_LAGGING = "ArchivingLagging";

  /** A completed segment has waited longer than the limit and pushes fail. */
  public static final String ARCHIVING_FAILING = "ArchivingFailing";

  /** No readable report from the database pod (not started yet, or no reporter in the image). */
  public static final String ARCHIVING_NOT_REPORTED = "ArchivingNotReported";

  /** The database pod's last report is too old to say anything about now. */
  public static final String ARCHIVING_REPORT_STALE = "ArchivingReportStale";

  private Reasons() {}
}
