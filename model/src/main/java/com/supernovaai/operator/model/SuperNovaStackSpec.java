package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Desired state of a SuperNovaStack; each section is a small class of its own. */
@ValidationRule(
    value = PostgresParameters.POOLER_FITS_RULE,
    message = PostgresParameters.POOLER_FITS_MESSAGE,
    fieldPath = ".pooler.maxDatabaseConnections")
@ValidationRule(
    value =
        "!has(self.backup) || !has(self.backup.objectStore) || !has(self.database)"
            + " || !has(self.database.external)",
    message =
        "backup.objectStore archives the WAL of the database the operator runs; an external"
            + " database is archived by whoever runs it",
    fieldPath = ".backup.objectStore")
@ValidationRule(
    value =
        "!has(self.backup) || !has(self.backup.objectStore) || !has(self.backup.objectStore.path)"
            + " || !has(self.database) || !has(self.database.bootstrap)"
            + " || !has(self.database.bootstrap.fromObjectStore)"
            + " || self.backup.objectStore.endpoint != self.database.bootstrap.fromObjectStore.endpoint"
            + " || self.backup.objectStore.bucket != self.database.bootstrap.fromObjectStore.bucket"
            + " || self.backup.objectStore.path != self.database.bootstrap.fromObjectStore.path",
    message =
        "backup.objectStore would archive into the very archive database.bootstrap.fromObjectStore"
            + " restores from (same endpoint, bucket and path): the restored stack's new timeline"
            + " would be written into the source's archive; give backup.objectStore another path",
    fieldPath = ".backup.objectStore.path")
@ValidationRule(
    value =
        "!has(self.api.readFromReplicas) || !self.api.readFromReplicas || (has(self.database)"
            + " && !has(self.database.external) && has(self.database.instances)"
            + " && self.database.instances > 1)",
    message =
        "api.readFromReplicas sends reads to the replicas of the database the operator runs: set"
            + " database.instances to 2 or more (it is not available with database.external)",
    fieldPath = ".api.readFromReplicas")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SuperNovaStackSpec {

  @Required
  @JsonPropertyDescription("The SuperNova API server: image, size, autoscaling and rollout.")
  private ApiSpec api;

  @Default("{}")
  @JsonPropertyDescription(
      "TimescaleDB run by the operator, or an external PostgreSQL (database.external).")
  private DatabaseSpec database = new DatabaseSpec();

  @Default("{}")
  @JsonPropertyDescription("PgBouncer connection pooler between the API server and the database.")
  private PoolerSpec pooler = new PoolerSpec();

  @Default("{}")
  @JsonPropertyDescription("Redis cache and rate-limit store, run by the operator or external.")
  private RedisSpec redis = new RedisSpec();

  @Default("{}")
  @JsonPropertyDescription("Scheduled pg_dump backups of the database to a volume.")
  private BackupSpec backup = new BackupSpec();

  @Default("{}")
  @JsonPropertyDescription(
      "Ingress to the API server; with a frontend, / goes to the frontend and the API's routes to"
          + " the API.")
  private IngressSpec ingress = new IngressSpec();

  @JsonPropertyDescription(
      "A web frontend (nginx serving a page, proxying /api/, /auth/ and /ws/ to the API) behind"
          + " its own Service and the stack's Ingress. Absent: no frontend.")
  private FrontendSpec frontend;

  @Default("{}")
  @JsonPropertyDescription(
      "Prometheus Operator objects; created only when their CRDs exist in the cluster.")
  private MonitoringSpec monitoring = new MonitoringSpec();

  @Default("{}")
  @JsonPropertyDescription(
      "NetworkPolicies that allow only API -> pooler -> database, API -> Redis, backup -> database"
          + " and ingress to the API.")
  private NetworkPolicySpec networkPolicy = new NetworkPolicySpec();

  @Default("Retain")
  @JsonPropertyDescription(
      "What deleting the stack does to data: Retain keeps the database, Redis and backup volumes"
          + " and the generated Secrets (a stack re-created with the same name adopts them);"
          + " Delete removes them.")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  public ApiSpec getApi() {
    return api;
  }

  public void setApi(ApiSpec api) {
    this.api = api;
  }

  public DatabaseSpec getDatabase() {
    return database;
  }

  public void setDatabase(DatabaseSpec database) {
    this.database = database;
  }

  public PoolerSpec getPooler() {
    return pooler;
  }

  public void setPooler(PoolerSpec pooler) {
    this.pooler = pooler;
  }

  public RedisSpec getRedis() {
    return redis;
  }

  public void setRedis(RedisSpec redis) {
    this.redis = redis;
  }

  public BackupSpec getBackup() {
    return backup;
  }

  public void setBackup(BackupSpec backup) {
    this.backup = backup;
  }

  public FrontendSpec getFrontend() {
    return frontend;
  }

  public void setFrontend(FrontendSpec frontend) {
    this.frontend = frontend;
  }

  public IngressSpec getIngress() {
    return ingress;
  }

  public void setIngress(IngressSpec ingress) {
    this.ingress = ingress;
  }

  public MonitoringSpec getMonitoring() {
    return monitoring;
  }

  public void setMonitoring(MonitoringSpec monitoring) {
    this.monitoring = monitoring;
  }

  public NetworkPolicySpec getNetworkPolicy() {
    return networkPolicy;
  }

  public void setNetworkPolicy(NetworkPolicySpec networkPolicy) {
    this.networkPolicy = networkPolicy;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
