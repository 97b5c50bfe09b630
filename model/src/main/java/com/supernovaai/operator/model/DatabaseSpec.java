package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;

/** TimescaleDB run by the operator, or an external PostgreSQL. */
@ValidationRule(
    value = "!(has(self.external) && has(self.storage))",
    message = "database.external and database.storage are mutually exclusive",
    fieldPath = ".storage")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseSpec {

  @Default("timescale/timescaledb:2.17.2-pg16")
  @Size(min = 1, max = ImageReference.MAX_LENGTH)
  @JsonPropertyDescription("TimescaleDB image (PostgreSQL with the timescaledb extension).")
  @ValidationRule(value = ImageReference.RULE, message = ImageReference.MESSAGE)
  private String image = DEFAULT_IMAGE;

  @JsonPropertyDescription(
      "Data volume of the database. Default: 100Gi of the default StorageClass. Not "
          + "allowed together with external.")
  private StorageSpec storage;

  @JsonPropertyDescription(
      "Compute resources of the database container. Default: requests 2 CPU / 8Gi, "
          + "limits 4 CPU / 16Gi. postgresql.conf is sized from the memory limit.")
  @ValidationRule(
      value = Quantities.REQUESTS_WITHIN_LIMITS_RULE,
      message = Quantities.REQUESTS_WITHIN_LIMITS_MESSAGE)
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "postgresql.conf settings that override the defaults computed from the memory "
          + "limit (e.g. max_connections: \"300\").")
  private Map<String, String> parameters;

  @JsonPropertyDescription(
      "Use an existing PostgreSQL (RDS, Cloud SQL ...) instead of running TimescaleDB; "
          + "no database objects are created then.")
  private ExternalDatabaseSpec external;

  @JsonPropertyDescription(
      "How a new stack's database gets its first data, e.g. fromBackup: restore a dump before"
          + " the API server starts.")
  private BootstrapSpec bootstrap;

  /** Default TimescaleDB image. */
  public static final String DEFAULT_IMAGE = "timescale/timescaledb:2.17.2-pg16";

  /** Default size of the data volume. */
  public static final String DEFAULT_STORAGE_SIZE = "100Gi";

  /** True when an external database is configured. */
  public boolean hasExternal() {
    return external != null;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Map<String, String> getParameters() {
    return parameters;
  }

  public void setParameters(Map<String, String> parameters) {
    this.parameters = parameters;
  }

  public ExternalDatabaseSpec getExternal() {
    return external;
  }

  public void setExternal(ExternalDatabaseSpec external) {
    this.external = external;
  }

  public BootstrapSpec getBootstrap() {
    return bootstrap;
  }

  public void setBootstrap(BootstrapSpec bootstrap) {
    this.bootstrap = bootstrap;
  }
}
