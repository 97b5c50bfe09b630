package com.supernovaai.operator.status;

/** The types of the conditions in status.conditions; Ready is the summary. */
public final class ConditionTypes {

  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String DATABASE_READY = "DatabaseReady";
  public static final String POOLER_READY = "PoolerReady";
  public static final String REDIS_READY = "RedisReady";
  public static final String API_READY = "ApiReady";

  /** Present while spec.frontend is set; blocks Ready like the other serving components. */
  public static final String FRONTEND_READY = "FrontendReady";

  public static final String BACKUP_HEALTHY = "BackupHealthy";

  /**
   * Present while spec.backup.objectStore is set: whether every completed WAL segment reaches the
   * object store in time. Never blocks Ready; False degrades the stack.
   */
  public static final String CONTINUOUS_ARCHIVING = "ContinuousArchiving";

  /** Whether the Prometheus Operator objects spec.monitoring asks for exist; never blocks Ready. */
  public static final String MONITORING_READY = "MonitoringReady";

  public static final String RECONCILIATION_PAUSED = "ReconciliationPaused";

  /** Present once spec.database.bootstrap.fromBackup asked for a restore. */
  public static final String DATABASE_RESTORED = "DatabaseRestored";

  /** Present while spec.backup.verify schedules restore drills. */
  public static final String BACKUP_VERIFIED = "BackupVerified";

  private ConditionTypes() {}
}
