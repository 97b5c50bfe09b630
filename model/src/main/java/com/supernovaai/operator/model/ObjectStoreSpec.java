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
}
