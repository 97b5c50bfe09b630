package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Times and results of the latest backups and restore drills. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupStatus {

  @JsonPropertyDescription("When the last backup Job was scheduled (RFC 3339).")
  private String lastScheduleTime;

  @JsonPropertyDescription("When the last backup succeeded (RFC 3339).")
  private String lastSuccessfulTime;

  @JsonPropertyDescription("When the last backup failed (RFC 3339).")
  private String lastFailedTime;

  @JsonPropertyDescription("File name of the latest successful dump.")
  private String lastBackupFile;

  @JsonPropertyDescription("Size in bytes of the latest successful dump.")
  private Long lastBackupSizeBytes;

  @JsonPropertyDescription(
      "Value of the backup-now annotation whose Job was created last; that value does not run"
          + " again.")
  private String lastManualRequest;

  @JsonPropertyDescription(
      "The latest dump whose sentiment_data row count fell sharply against the dump before it:"
          + " kept, flagged, and no older dump was pruned by that run.")
  private String suspectedDataLossFile;

  @JsonPropertyDescription("Row counts behind suspectedDataLossFile: previous -> now.")
  private String suspectedDataLossRows;

  @JsonPropertyDescription("When a restore drill last proved a backup restores (RFC 3339).")
  private String lastVerifiedTime;

  @JsonPropertyDescription("The dump the last successful restore drill restored.")
  private String lastVerifiedFile;

  @JsonPropertyDescription("When a restore drill last failed (RFC 3339).")
  private String lastVerifyFailedTime;

  public String getSuspectedDataLossFile() {
    return suspectedDataLossFile;
  }

  public void setSuspectedDataLossFile(String suspectedDataLossFile) {
    this.suspectedDataLossFile = suspectedDataLossFile;
  }

  public String getSuspectedDataLossRows() {
    return suspectedDataLossRows;
  }

  public void setSuspectedDataLossRows(String suspectedDataLossRows) {
    this.suspectedDataLossRows = suspectedDataLossRows;
  }

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

  public String getLastBackupFile() {
    return lastBackupFile;
  }

  public void setLastBackupFile(String lastBackupFile) {
    this.lastBackupFile = lastBackupFile;
  }

  public Long getLastBackupSizeBytes() {
    return lastBackupSizeBytes;
  }

  public void setLastBackupSizeBytes(Long lastBackupSizeBytes) {
    this.lastBackupSizeBytes = lastBackupSizeBytes;
  }

  public String getLastManualRequest() {
    return lastManualRequest;
  }

  public void setLastManualRequest(String lastManualRequest) {
    this.lastManualRequest = lastManualRequest;
  }

  public String getLastVerifiedTime() {
    return lastVerifiedTime;
  }

  public void setLastVerifiedTime(String lastVerifiedTime) {
    this.lastVerifiedTime = lastVerifiedTime;
  }

  public String getLastVerifiedFile() {
    return lastVerifiedFile;
  }

  public void setLastVerifiedFile(String lastVerifiedFile) {
    this.lastVerifiedFile = lastVerifiedFile;
  }

  public String getLastVerifyFailedTime() {
    return lastVerifyFailedTime;
  }

  public void setLastVerifyFailedTime(String lastVerifyFailedTime) {
    this.lastVerifyFailedTime = lastVerifyFailedTime;
  }
}
