package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Redis in sentinel mode as its pods report it (redis.mode: sentinel only). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisStatus {

  @JsonPropertyDescription(
      "Pod of the Redis master, as the pods' role labels show it; while a failover is under way"
          + " (no pod is the master), the last one that was.")
  private String master;

  @JsonPropertyDescription("When this operator saw the master change: the last failover.")
  private String lastFailoverTime;

  @JsonPropertyDescription(
      "Ready pods labelled replica: the candidates the Sentinels can promote (2 when all is well).")
  private Integer replicas;

  public RedisStatus() {}

  public RedisStatus(String master, String lastFailoverTime, Integer replicas) {
    this.master = master;
    this.lastFailoverTime = lastFailoverTime;
    this.replicas = replicas;
  }

  public String getMaster() {
    return master;
  }

  public void setMaster(String master) {
    this.master = master;
  }

  public String getLastFailoverTime() {
    return lastFailoverTime;
  }

  public void setLastFailoverTime(String lastFailoverTime) {
    this.lastFailoverTime = lastFailoverTime;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }
}
