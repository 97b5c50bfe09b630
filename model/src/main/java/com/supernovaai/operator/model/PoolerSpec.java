package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** PgBouncer in front of the database. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoolerSpec {

  @Default("true")
  @JsonPropertyDescription("Run PgBouncer between the API server and the database.")
  private Boolean enabled = true;

  @Default("edoburu/pgbouncer:v1.24.1-p1")
  @Size(min = 1, max = ImageReference.MAX_LENGTH)
  @JsonPropertyDescription(
      "PgBouncer image; it is started with the operator-rendered pgbouncer.ini.")
  @ValidationRule(value = ImageReference.RULE, message = ImageReference.MESSAGE)
  private String image = DEFAULT_IMAGE;

  @Default("2")
  @Min(1)
  @Max(20)
  @JsonPropertyDescription("Number of PgBouncer pods.")
  private Integer replicas = 2;

  @Default("transaction")
  @JsonPropertyDescription(
      "pool_mode: transaction (default; the API server disables server-side prepared "
          + "statements for it), session or statement.")
  private PoolMode poolMode = PoolMode.TRANSACTION;

  @Default("20")
  @Min(1)
  @Max(10000)
  @JsonPropertyDescription("default_pool_size: server connections per user/database pair.")
  private Integer defaultPoolSize = 20;

  @Default("1000")
  @Min(1)
  @Max(100000)
  @JsonPropertyDescription("max_client_conn: client connections PgBouncer accepts.")
  private Integer maxClientConnections = 1000;

  @Default("50")
  @Min(1)
  @Max(10000)
  @JsonPropertyDescription("max_db_connections: server connections per database across pools.")
  private Integer maxDatabaseConnections = 50;

  @JsonPropertyDescription(
      "Compute resources of the PgBouncer container. Default: requests 100m CPU / "
          + "128Mi, limits 500m CPU / 256Mi.")
  @ValidationRule(value = Quantities.RESOURCES_RULE, message = Quantities.RESOURCES_MESSAGE)
  @ValidationRule(
      value = Quantities.REQUESTS_WITHIN_LIMITS_RULE,
      message = Quantities.REQUESTS_WITHIN_LIMITS_MESSAGE)
  private ResourceRequirements resources;

  /** Default PgBouncer image. */
  public static final String DEFAULT_IMAGE = "edoburu/pgbouncer:v1.24.1-p1";

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public PoolMode getPoolMode() {
    return poolMode;
  }

  public void setPoolMode(PoolMode poolMode) {
    this.poolMode = poolMode;
  }

  public Integer getDefaultPoolSize() {
    return defaultPoolSize;
  }

  public void setDefaultPoolSize(Integer defaultPoolSize) {
    this.defaultPoolSize = defaultPoolSize;
  }

  public Integer getMaxClientConnections() {
    return maxClientConnections;
  }

  public void setMaxClientConnections(Integer maxClientConnections) {
    this.maxClientConnections = maxClientConnections;
  }

  public Integer getMaxDatabaseConnections() {
    return maxDatabaseConnections;
  }

  public void setMaxDatabaseConnections(Integer maxDatabaseConnections) {
    this.maxDatabaseConnections = maxDatabaseConnections;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }
}
