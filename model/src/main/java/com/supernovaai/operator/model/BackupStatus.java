package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Times of the latest backups. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupStatus {

  @JsonPropertyDescription("When the last backup Job was scheduled (RFC 3339).")
  private String lastScheduleTime;

  @JsonPropertyDescription("When the last backup succeeded (RFC 3339).")
  private String lastSuccessfulTime;

  @JsonPropertyDescription("When the last backup failed (RFC 3339).")
  private String lastFailedTime;

  public String getLastScheduleTime() {
    return lastScheduleTime;
  }

  public void setLastScheduleTime(String lastScheduleTime) {
    this.lastScheduleTime = lastScheduleTime;
  }

  public String getLastSuccessfulTime() {
    return lastSuccessfulTime;
  }

  public void setLastSuccessfulTime(String lastSuccessfulTime) {
    this.lastSuccessfulTime = lastSuccessfulTime;
  }

  public String getLastFailedTime() {
    return lastFailedTime;
  }

  public void setLastFailedTime(String lastFailedTime) {
    this.lastFailedTime = lastFailedTime;
  }
}
