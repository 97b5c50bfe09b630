package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Progress and result of spec.database.bootstrap (fromBackup or fromObjectStore). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreStatus {

  @JsonPropertyDescription(
      "Pending, Running, Succeeded or Failed. Once Succeeded, no restore runs again.")
  private RestorePhase phase;

  @JsonPropertyDescription(
      "What was asked for: <claim>/<file or latest> (fromBackup), or the archive's"
          + " <endpoint>/<bucket><path> (fromObjectStore).")
  private String source;

  @JsonPropertyDescription(
      "fromObjectStore: the moment restored to, as asked (RFC 3339); absent: the archive's end.")
  private String targetTime;

  @JsonPropertyDescription(
      "The dump that was restored (fromBackup), or the pgBackRest base backup the recovery"
          + " started from (fromObjectStore), when known.")
  private String file;

  @JsonPropertyDescription(
      "The restore Job (fromBackup; fromObjectStore runs in the database pod).")
  private String jobName;

  @JsonPropertyDescription(
      "When the restore started (RFC 3339): its Job (fromBackup) or the database pod's init"
          + " container (fromObjectStore).")
  private String startTime;

  @JsonPropertyDescription("When the restore finished, either way (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription(
      "CamelCase reason of a failure, e.g. NewerVersion, DatabaseNotEmpty, BackupNotFound.")
  private String reason;

  @JsonPropertyDescription("Short human-readable detail.")
  private String message;

  public RestorePhase getPhase() {
    return phase;
  }

  public void setPhase(RestorePhase phase) {
    this.phase = phase;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public String getTargetTime() {
    return targetTime;
  }

  public void setTargetTime(String targetTime) {
    this.targetTime = targetTime;
  }

  public String getFile() {
    return file;
  }

  public void setFile(String file) {
    this.file = file;
  }

  public String getJobName() {
    return jobName;
  }

  public void setJobName(String jobName) {
    this.jobName = jobName;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
