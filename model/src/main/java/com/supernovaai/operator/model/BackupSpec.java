package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** Scheduled pg_dump backups to a volume, with retention. */
@ValidationRule(
    value = "!has(self.verify) || !has(self.enabled) || self.enabled",
    message = "backup.verify needs backup.enabled: the drill restores what the backup job writes",
    fieldPath = ".verify")
@ValidationRule(
    value =
        "has(oldSelf.storage) || !has(self.storage)"
            + " || (quantity(self.storage.size).compareTo(quantity('"
            + BackupSpec.DEFAULT_STORAGE_SIZE
            + "')) >= 0 && !has(self.storage.storageClassName))",
    message =
        "backup.storage set on an existing stack must describe the volume it has: size at"
            + " least the default "
            + BackupSpec.DEFAULT_STORAGE_SIZE
            + " and no storageClassName (the volume has the cluster default)",
    fieldPath = ".storage")
@ValidationRule(
    value = "!has(oldSelf.storage) || has(self.storage)",
    message =
        "backup.storage cannot be removed once set: the default ("
            + BackupSpec.DEFAULT_STORAGE_SIZE
            + ") may be smaller than the volume, which never shrinks",
    fieldPath = ".storage")
@ValidationRule(
    value = CronSchedule.RETENTION_COVERS_PERIOD_RULE,
    message = CronSchedule.RETENTION_COVERS_PERIOD_MESSAGE,
    fieldPath = ".retentionDays")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSpec {

  @Default("true")
  @JsonPropertyDescription("Run the backup CronJob.")
  private Boolean enabled = true;

  @Default("0 2 * * *")
  @Size(max = 100)
  @ValidationRule(value = CronSchedule.FIRES_RULE, message = CronSchedule.FIRES_MESSAGE)
  @ValidationRule(
      value = CronSchedule.RULE,
      message =
          "schedule must be a 5-field cron expression (minute hour day-of-month month"
              + " day-of-week, e.g. \"0 2 * * *\") or a macro such as @daily")
  @JsonPropertyDescription(
      "Standard 5-field cron schedule (CronJob syntax, UTC), e.g. \"0 2 * * *\".")
  private String schedule = "0 2 * * *";

  @Default("30")
  @Min(1)
  @Max(3650)
  @JsonPropertyDescription(
      "Dumps older than this many days are deleted by the backup job itself, after a backup that"
          + " succeeded, keeping at least keepAtLeast dumps whatever their age.")
  private Integer retentionDays = 30;

  @Default("3")
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "The most recent successful dumps kept whatever their age, so retention never deletes the"
          + " last good backups (e.g. after weeks of failed backups).")
  private Integer keepAtLeast = 3;

  @JsonPropertyDescription(
      "Volume the dumps are written to. Default: 200Gi of the default StorageClass.")
  private StorageSpec storage;

  @Default("false")
  @JsonPropertyDescription("Suspend the CronJob: no new backups start.")
  private Boolean suspend = false;

  @Default("3")
  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Finished backup Jobs kept.")
  private Integer successfulJobsHistoryLimit = 3;

  @Default("3")
  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Failed backup Jobs kept.")
  private Integer failedJobsHistoryLimit = 3;

  @Size(min = 1, max = ImageReference.MAX_LENGTH)
  @JsonPropertyDescription(
      "Image with pg_dump; default: the database image, so client and server versions " + "match.")
  @ValidationRule(value = ImageReference.RULE, message = ImageReference.MESSAGE)
  private String image;

  @JsonPropertyDescription(
      "Compute resources of the backup container. Default: requests 250m CPU / 512Mi, "
          + "limits 1 CPU / 1Gi.")
  @ValidationRule(value = Quantities.RESOURCES_RULE, message = Quantities.RESOURCES_MESSAGE)
  @ValidationRule(
      value = Quantities.REQUESTS_WITHIN_LIMITS_RULE,
      message = Quantities.REQUESTS_WITHIN_LIMITS_MESSAGE)
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "Optional restore drill: on this schedule the latest dump is restored into a scratch"
          + " database and checked (tables present, sentiment_data row count as recorded); the"
          + " result is the BackupVerified condition and status.backup.lastVerifiedTime.")
  private BackupVerifySpec verify;

  @JsonPropertyDescription(
      "Continuous WAL archiving and base backups to an S3-compatible bucket (pgBackRest), for"
          + " point-in-time recovery; with database.instances > 1 the primary archives and"
          + " backs up. Independent of the pg_dump schedule above (enabled, schedule and"
          + " suspend do not apply to it), but each pg_dump is also copied to <path>/dumps in"
          + " the bucket (offsite), pruned there by the same retention as on the volume.")
  private ObjectStoreSpec objectStore;

  /** Default size of the backup volume. */
  public static final String DEFAULT_STORAGE_SIZE = "200Gi";

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public Integer getKeepAtLeast() {
    return keepAtLeast;
  }

  public void setKeepAtLeast(Integer keepAtLeast) {
    this.keepAtLeast = keepAtLeast;
  }

  public Integer getRetentionDays() {
    return retentionDays;
  }

  public void setRetentionDays(Integer retentionDays) {
    this.retentionDays = retentionDays;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public Integer getSuccessfulJobsHistoryLimit() {
    return successfulJobsHistoryLimit;
  }

  public void setSuccessfulJobsHistoryLimit(Integer successfulJobsHistoryLimit) {
    this.successfulJobsHistoryLimit = successfulJobsHistoryLimit;
  }

  public Integer getFailedJobsHistoryLimit() {
    return failedJobsHistoryLimit;
  }

  public void setFailedJobsHistoryLimit(Integer failedJobsHistoryLimit) {
    this.failedJobsHistoryLimit = failedJobsHistoryLimit;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public BackupVerifySpec getVerify() {
    return verify;
  }

  public void setVerify(BackupVerifySpec verify) {
    this.verify = verify;
  }

  public ObjectStoreSpec getObjectStore() {
    return objectStore;
  }

  public void setObjectStore(ObjectStoreSpec objectStore) {
    this.objectStore = objectStore;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }
}
