package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** An S3-compatible bucket that WAL and base backups are archived to (pgBackRest). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectStoreSpec extends ObjectStoreLocation {

  /** Default recovery window. */
  public static final int DEFAULT_RETENTION_DAYS = 30;

  public static final int DEFAULT_BASE_BACKUP_INTERVAL_HOURS = 24;

  /** Twice archive_timeout: a busy store or one retried push is not an alarm. */
  public static final int DEFAULT_MAX_WAL_LAG_SECONDS = 120;

  @Size(min = 2, max = 512)
  @ValidationRule(value = PATH_RULE, message = PATH_MESSAGE)
  @JsonPropertyDescription(
      "Path in the bucket the stack's archive lives under. Default: /<namespace>/<stack>. Two"
          + " stacks must never archive to the same path.")
  private String path;

  @Default("30")
  @Min(1)
  @Max(3650)
  @JsonPropertyDescription(
      "Recovery window in days: every base backup and WAL segment needed to restore to any moment"
          + " of the last retentionDays days is kept; only older ones are expired.")
  private Integer retentionDays = DEFAULT_RETENTION_DAYS;

  @Default("24")
  @Min(1)
  @Max(8760)
  @JsonPropertyDescription(
      "A full base backup is taken when archiving starts and whenever the newest one is this many"
          + " hours old (a restore replays the WAL since the backup it starts from, so this bounds"
          + " how long a restore takes).")
  private Integer baseBackupIntervalHours = DEFAULT_BASE_BACKUP_INTERVAL_HOURS;

  @Default("120")
  @Min(30)
  @Max(86400)
  @JsonPropertyDescription(
      "How long a completed WAL segment may wait to reach the bucket before the"
          + " ContinuousArchiving condition turns False and the stack is Degraded (a Warning Event"
          + " says how many segments wait): the recovery point this archive is watched against. The"
          + " database pod reports every 15 s; pushes normally take seconds.")
  private Integer maxWalLagSeconds = DEFAULT_MAX_WAL_LAG_SECONDS;

  @Override
  public String getPath() {
    return path;
  }

  @Override
  public void setPath(String path) {
    this.path = path;
  }

  public Integer getRetentionDays() {
    return retentionDays;
  }

  public void setRetentionDays(Integer retentionDays) {
    this.retentionDays = retentionDays;
  }

  public Integer getBaseBackupIntervalHours() {
    return baseBackupIntervalHours;
  }

  public void setBaseBackupIntervalHours(Integer baseBackupIntervalHours) {
    this.baseBackupIntervalHours = baseBackupIntervalHours;
  }

  public Integer getMaxWalLagSeconds() {
    return maxWalLagSeconds;
  }

  public void setMaxWalLagSeconds(Integer maxWalLagSeconds) {
    this.maxWalLagSeconds = maxWalLagSeconds;
  }
}
