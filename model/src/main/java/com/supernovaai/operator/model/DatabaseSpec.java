package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;

/** TimescaleDB run by the operator, or an external PostgreSQL. */
@ValidationRule(
    value =
        "!has(self.instances) || self.instances == 1"
            + " || !self.image.matches('^(docker[.]io/)?timescale/timescaledb[:@]')",
    message =
        "database.instances above 1 runs Patroni, which the default image timescale/timescaledb"
            + " does not have: set database.image to one that has it (timescale/timescaledb-ha,"
            + " or localhost/supernova/postgres from e2e/images/build)",
    fieldPath = ".image")
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
@ValidationRule(
    value = "!has(self.external) || !has(self.instances) || self.instances == 1",
    message =
        "database.instances applies to the database the operator runs: not allowed with"
            + " database.external",
    fieldPath = ".instances")
@ValidationRule(
    value =
        "!has(self.synchronous) || !self.synchronous || (has(self.instances) && self.instances >= 2)",
    message =
        "database.synchronous needs a replica to wait for: set database.instances to 2 or more"
            + " (3 recommended)",
    fieldPath = ".synchronous")
@ValidationRule(
    value =
        "(has(self.instances) ? self.instances : 1) == 1"
            + " || (has(oldSelf.instances) ? oldSelf.instances : 1) > 1",
    message =
        "database.instances cannot go from 1 to more on an existing stack yet (a single"
            + " instance runs without Patroni): create a new stack with the instances it needs and"
            + " restore a backup into it (database.bootstrap.fromBackup)",
    fieldPath = ".instances")
@ValidationRule(
    value =
        "(has(oldSelf.instances) ? oldSelf.instances : 1) == 1"
            + " || (has(self.instances) ? self.instances : 1) > 1",
    message =
        "database.instances cannot go from more than 1 down to 1 (that would leave Patroni): keep"
            + " at least 2, or create a new single-instance stack and restore a backup into it",
    fieldPath = ".instances")
@ValidationRule(
    value =
        "(has(self.synchronous) && self.synchronous)"
            + " == (has(oldSelf.synchronous) && oldSelf.synchronous)",
    message =
        "database.synchronous cannot change on an existing stack yet: Patroni reads it only when"
            + " the cluster is created; create a new stack with the mode it needs",
    fieldPath = ".synchronous")
@ValidationRule(
    value =
        "!has(self.bootstrap) || !has(self.bootstrap.fromObjectStore)"
            + " || !self.image.matches('^(docker[.]io/)?timescale/timescaledb[:@]')",
    message =
        "database.bootstrap.fromObjectStore runs pgBackRest, which the default image"
            + " timescale/timescaledb does not have: set database.image to one that has it"
            + " (timescale/timescaledb-ha, or localhost/supernova/postgres from e2e/images/build)",
    fieldPath = ".image")
@ValidationRule(
    value = "!has(self.bootstrap) || !has(self.bootstrap.fromObjectStore) || !has(self.external)",
    message =
        "database.bootstrap.fromObjectStore restores the database the operator runs: not allowed"
            + " with database.external (restore an external database with its provider's tools)",
    fieldPath = ".bootstrap.fromObjectStore")
@ValidationRule(
    value =
        "!has(self.bootstrap) || !has(self.bootstrap.fromObjectStore) || !has(self.instances)"
            + " || self.instances == 1",
    message =
        "database.bootstrap.fromObjectStore needs database.instances 1 for now (Patroni does not"
            + " bootstrap from the archive yet): restore into a single-instance stack",
    fieldPath = ".bootstrap.fromObjectStore")
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

  @Default("1")
  @Min(1)
  @Max(9)
  @JsonPropertyDescription(
      "PostgreSQL instances: 1 (default) runs one pod; more run a primary and streaming replicas"
          + " under Patroni, which fails over automatically when the primary's pod or node is"
          + " lost. 3 is recommended for production. Needs an image with Patroni (e.g."
          + " localhost/supernova/postgres from e2e/images/build). Can be scaled while above 1"
          + " (3 to 5 and back), but not switched between 1 and more on an existing stack.")
  private Integer instances = 1;

  @Default("false")
  @JsonPropertyDescription(
      "Synchronous replication: a commit is acknowledged once a replica has it too, and only"
          + " that replica may be promoted, so a failover loses no acknowledged write. Costs a"
          + " network round trip per commit. Needs instances of 2 or more.")
  private Boolean synchronous = false;

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
      "How a new stack's database gets its first data: fromBackup restores a dump before the"
          + " API server starts; fromObjectStore restores another stack's WAL archive to a moment"
          + " (point-in-time recovery).")
  private BootstrapSpec bootstrap;

  /** Default TimescaleDB image. */
  public static final String DEFAULT_IMAGE = "timescale/timescaledb:2.17.2-pg16";

  /** Default size of the data volume. */
  public static final String DEFAULT_STORAGE_SIZE = "100Gi";

  /** True when an external database is configured. */
  public boolean hasExternal() {
    return external != null;
  }

  /** Instances to run; 1 when unset. */
  public int instanceCount() {
    return instances == null ? 1 : instances;
  }

  /** True when the database runs as a Patroni cluster (more than one instance). */
  public boolean replicated() {
    return instanceCount() > 1;
  }

  public Integer getInstances() {
    return instances;
  }

  public void setInstances(Integer instances) {
    this.instances = instances;
  }

  public Boolean getSynchronous() {
    return synchronous;
  }

  public void setSynchronous(Boolean synchronous) {
    this.synchronous = synchronous;
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
