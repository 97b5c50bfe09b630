package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed state of a SuperNovaStack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SuperNovaStackStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Summary for humans: Progressing (from the first reconciliation until every component is "
          + "ready), Ready, Degraded or Paused. Machines read conditions.")
  private Phase phase;

  @JsonPropertyDescription(
      "Ready, Progressing, Degraded and one per component (DatabaseReady, PoolerReady, "
          + "RedisReady, ApiReady, FrontendReady with spec.frontend, BackupHealthy,"
          + " ContinuousArchiving, ReconciliationPaused).")
  private List<Condition> conditions;

  @JsonPropertyDescription("Colors and replicas of the API server.")
  private ApiStatus api;

  @JsonPropertyDescription("Progress of the current API rollout.")
  private RolloutStatus rollout;

  @JsonPropertyDescription("Times of the latest backups.")
  private BackupStatus backup;

  @JsonPropertyDescription("Progress and result of spec.database.bootstrap.fromBackup.")
  private RestoreStatus restore;

  @JsonPropertyDescription("In-cluster addresses of the stack's services.")
  private Endpoints endpoints;

  @JsonPropertyDescription(
      "Primary, replicas and their lag, and the last failover of a replicated database"
          + " (database.instances > 1).")
  private DatabaseStatus database;

  @JsonPropertyDescription(
      "Continuous WAL archiving to spec.backup.objectStore, as the database pod last reported it"
          + " (see the ContinuousArchiving condition).")
  private ArchivingStatus archiving;

  @JsonPropertyDescription("The current master of a Redis in sentinel mode (redis.mode: sentinel).")
  private RedisStatus redis;

  public RedisStatus getRedis() {
    return redis;
  }

  public void setRedis(RedisStatus redis) {
    this.redis = redis;
  }

  public ArchivingStatus getArchiving() {
    return archiving;
  }

  public void setArchiving(ArchivingStatus archiving) {
    this.archiving = archiving;
  }

  public DatabaseStatus getDatabase() {
    return database;
  }

  public void setDatabase(DatabaseStatus database) {
    this.database = database;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public ApiStatus getApi() {
    return api;
  }

  public void setApi(ApiStatus api) {
    this.api = api;
  }

  public RolloutStatus getRollout() {
    return rollout;
  }

  public void setRollout(RolloutStatus rollout) {
    this.rollout = rollout;
  }

  public BackupStatus getBackup() {
    return backup;
  }

  public void setBackup(BackupStatus backup) {
    this.backup = backup;
  }

  public RestoreStatus getRestore() {
    return restore;
  }

  public void setRestore(RestoreStatus restore) {
    this.restore = restore;
  }

  public Endpoints getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(Endpoints endpoints) {
    this.endpoints = endpoints;
  }
}
