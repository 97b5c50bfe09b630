package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** How a new stack's database gets its first data: one source. */
@ValidationRule(
    value = "has(self.fromBackup) != has(self.fromObjectStore)",
    message =
        "database.bootstrap needs exactly one source: fromBackup (a pg_dump file on a volume) or"
            + " fromObjectStore (point-in-time recovery from a pgBackRest archive)")
@ValidationRule(
    value = "has(self.fromObjectStore) == has(oldSelf.fromObjectStore)",
    message =
        "database.bootstrap.fromObjectStore can only be set when the stack is created and not"
            + " removed or swapped for fromBackup later: the database was (or is being) restored"
            + " from it; create a new stack to restore again",
    fieldPath = ".fromObjectStore")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BootstrapSpec {

  @JsonPropertyDescription(
      "Restore a backup before the API server starts. Runs once: a restored database is never"
          + " restored again, and a database that already has tables is not restored over unless"
          + " force is set. A dump from a newer PostgreSQL or TimescaleDB is refused.")
  private FromBackupSpec fromBackup;

  @ValidationRule(
      value = "self == oldSelf",
      message =
          "database.bootstrap.fromObjectStore cannot change: the database is restored once, when"
              + " its volume is empty; to restore to another moment create a new stack (after a"
              + " failed restore, delete this one and its data volume claim first)")
  @JsonPropertyDescription(
      "Point-in-time recovery from another stack's pgBackRest archive (its backup.objectStore):"
          + " before PostgreSQL first starts, the data directory is restored from the newest base"
          + " backup before targetTime and the archived WAL replayed up to it. Runs once, into an"
          + " empty volume; the roles get this stack's generated passwords. Needs an image with"
          + " pgBackRest and a single instance.")
  private FromObjectStoreSpec fromObjectStore;

  public FromBackupSpec getFromBackup() {
    return fromBackup;
  }

  public void setFromBackup(FromBackupSpec fromBackup) {
    this.fromBackup = fromBackup;
  }

  public FromObjectStoreSpec getFromObjectStore() {
    return fromObjectStore;
  }

  public void setFromObjectStore(FromObjectStoreSpec fromObjectStore) {
    this.fromObjectStore = fromObjectStore;
  }
}
