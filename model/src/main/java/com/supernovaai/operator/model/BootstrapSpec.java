package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** How a new stack's database gets its first data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BootstrapSpec {

  @Required
  @JsonPropertyDescription(
      "Restore a backup before the API server starts. Runs once: a restored database is never"
          + " restored again, and a database that already has tables is not restored over unless"
          + " force is set. A dump from a newer PostgreSQL or TimescaleDB is refused.")
  private FromBackupSpec fromBackup;

  public FromBackupSpec getFromBackup() {
    return fromBackup;
  }

  public void setFromBackup(FromBackupSpec fromBackup) {
    this.fromBackup = fromBackup;
  }
}
