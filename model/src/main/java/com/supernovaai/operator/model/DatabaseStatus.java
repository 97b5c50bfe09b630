package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** A replicated database as its Patroni members report it (database.instances > 1 only). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseStatus {

  @JsonPropertyDescription("Pod of the current primary (Patroni's leader); unset while none is.")
  private String primary;

  @JsonPropertyDescription(
      "PostgreSQL timeline of the primary: it grows by one with every promotion (failover or"
          + " switchover).")
  private Long timeline;

  @JsonPropertyDescription("When this operator saw the timeline grow: the last failover.")
  private String lastFailoverTime;

  @JsonPropertyDescription("Each instance: pod, role and replication lag.")
  private List<DatabaseInstanceStatus> instances;

  public String getPrimary() {
    return primary;
  }

  public void setPrimary(String primary) {
    this.primary = primary;
  }

  public Long getTimeline() {
    return timeline;
  }

  public void setTimeline(Long timeline) {
    this.timeline = timeline;
  }

  public String getLastFailoverTime() {
    return lastFailoverTime;
  }

  public void setLastFailoverTime(String lastFailoverTime) {
    this.lastFailoverTime = lastFailoverTime;
  }

  public List<DatabaseInstanceStatus> getInstances() {
    return instances;
  }

  public void setInstances(List<DatabaseInstanceStatus> instances) {
    this.instances = instances;
  }
}
