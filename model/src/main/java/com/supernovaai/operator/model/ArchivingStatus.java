package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Continuous WAL archiving to spec.backup.objectStore as the database pod last reported it. Times,
 * not ages: the status changes when archiving progresses, not every time someone looks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ArchivingStatus {

  @JsonPropertyDescription("The database pod whose report this is.")
  private String reportedBy;

  @JsonPropertyDescription("When that pod last reported (its database's clock, UTC).")
  private String reportTime;

  @JsonPropertyDescription("Name of the last WAL segment pushed to the object store.")
  private String lastArchivedWal;

  @JsonPropertyDescription("When it was pushed.")
  private String lastArchivedTime;

  @JsonPropertyDescription(
      "Completed WAL segments waiting to be pushed (pg_wal/archive_status/*.ready): they exist"
          + " only on the database volume.")
  private Integer segmentsWaiting;

  @JsonPropertyDescription(
      "When the oldest waiting segment was completed; the archive lag is the time since.")
  private String oldestWaitingTime;

  @JsonPropertyDescription("When a push last failed (pg_stat_archiver).")
  private String lastFailedTime;

  @JsonPropertyDescription("Stop time of the newest base backup in the object store.")
  private String lastBaseBackupTime;

  public String getReportedBy() {
    return reportedBy;
  }

  public void setReportedBy(String reportedBy) {
    this.reportedBy = reportedBy;
  }

  public String getReportTime() {
    return reportTime;
  }

  public void setReportTime(String reportTime) {
    this.reportTime = reportTime;
  }

  public String getLastArchivedWal() {
    return lastArchivedWal;
  }

  public void setLastArchivedWal(String lastArchivedWal) {
    this.lastArchivedWal = lastArchivedWal;
  }

  public String getLastArchivedTime() {
    return lastArchivedTime;
  }

  public void setLastArchivedTime(String lastArchivedTime) {
    this.lastArchivedTime = lastArchivedTime;
  }

  public Integer getSegmentsWaiting() {
    return segmentsWaiting;
  }

  public void setSegmentsWaiting(Integer segmentsWaiting) {
    this.segmentsWaiting = segmentsWaiting;
  }

  public String getOldestWaitingTime() {
    return oldestWaitingTime;
  }

  public void setOldestWaitingTime(String oldestWaitingTime) {
    this.oldestWaitingTime = oldestWaitingTime;
  }

  public String getLastFailedTime() {
    return lastFailedTime;
  }

  public void setLastFailedTime(String lastFailedTime) {
    this.lastFailedTime = lastFailedTime;
  }

  public String getLastBaseBackupTime() {
    return lastBaseBackupTime;
  }

  public void setLastBaseBackupTime(String lastBaseBackupTime) {
    this.lastBaseBackupTime = lastBaseBackupTime;
  }
}
