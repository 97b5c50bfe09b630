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
@ValidationRule(
    value = "has(self.external) == has(oldSelf.external)",
    message =
        "database.external cannot be added or removed on an existing stack: the data does not"
            + " move; create a new stack (database.bootstrap.fromBackup restores a dump into it)",
    fieldPath = ".external")
@ValidationRule(
    value = "!has(self.bootstrap) || has(oldSelf.bootstrap)",
    message =
        "database.bootstrap can only be set when the stack is created: a running stack's"
            + " database is never restored over; create a new stack with it",
    fieldPath = ".bootstrap")
@ValidationRule(
    value =
        "has(oldSelf.storage) || !has(self.storage) || has(oldSelf.external)"
            + " || (quantity(self.storage.size).compareTo(quantity('"
            + DatabaseSpec.DEFAULT_STORAGE_SIZE
            + "')) >= 0 && !has(self.storage.storageClassName))",
    message =
        "database.storage set on an existing stack must describe the volume it has: size at"
            + " least the default "
            + DatabaseSpec.DEFAULT_STORAGE_SIZE
            + " and no storageClassName (the volume has the cluster default)",
    fieldPath = ".storage")
@ValidationRule(
    value = "!has(oldSelf.storage) || has(self.storage)",
    message =
        "database.storage cannot be removed once set: the default ("
            + DatabaseSpec.DEFAULT_STORAGE_SIZE
            + ") may be smaller than the volume, which never shrinks",
    fieldPath = ".storage")
@ValidationRule(
    value = "!has(self.external) || (!has(self.parameters) && !has(self.resources))",
    message =
        "database.parameters and database.resources configure the database the operator runs:"
            + " not allowed with database.external, where they would be ignored",
    fieldPath = ".external")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseSpec {

  @Default("timescale/timescaledb:2.17.2-pg16")
  @Size(min = 1, max = ImageReference.MAX_LENGTH)
  @JsonPropertyDescription("TimescaleDB image (PostgreSQL with the timescaledb extension).")
  @ValidationRule(value = ImageReference.RULE, message = ImageReference.MESSAGE)
  @ValidationRule(
      value = PostgresImage.SAME_MAJOR_RULE,
      messageExpression = PostgresImage.SAME_MAJOR_MESSAGE)
  private String image = DEFAULT_IMAGE;

  @JsonPropertyDescription(
      "Data volume of the database. Default: 100Gi of the default StorageClass. Not "
          + "allowed together with external.")
  private StorageSpec storage;

  @JsonPropertyDescription(
      "Compute resources of the database container. Default: requests 2 CPU / 8Gi, "
          + "limits 4 CPU / 16Gi. postgresql.conf is sized from the memory limit.")
  @ValidationRule(value = Quantities.RESOURCES_RULE, message = Quantities.RESOURCES_MESSAGE)
  @ValidationRule(
      value = Quantities.REQUESTS_WITHIN_LIMITS_RULE,
      message = Quantities.REQUESTS_WITHIN_LIMITS_MESSAGE)
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "postgresql.conf settings that override the defaults computed from the memory "
          + "limit (e.g. max_connections: \"300\").")
  @Size(max = 200)
  @ValidationRule(value = PostgresParameters.NAMES_RULE, message = PostgresParameters.NAMES_MESSAGE)
  @ValidationRule(
      value = PostgresParameters.VALUES_RULE,
      message = PostgresParameters.VALUES_MESSAGE)
  @ValidationRule(value = PostgresParameters.OWNED_RULE, message = PostgresParameters.OWNED_MESSAGE)
  @ValidationRule(
      value = PostgresParameters.PRELOAD_RULE,
      message = PostgresParameters.PRELOAD_MESSAGE)
  @ValidationRule(
      value = PostgresParameters.MAX_CONNECTIONS_RULE,
      message = PostgresParameters.MAX_CONNECTIONS_MESSAGE)
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
