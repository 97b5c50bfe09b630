package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A dump made by the backup job, on a volume, that a new stack's database starts from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FromBackupSpec {

  /** The newest finished backup on the volume. */
  public static final String LATEST = "latest";

  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @JsonPropertyDescription(
      "PersistentVolumeClaim holding the dumps, in the stack's namespace. Default: the stack's own"
          + " backup volume (<stack>-backup), which a deleted stack with deletionPolicy Retain"
          + " leaves behind.")
  private String claimName;

  @Default(LATEST)
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = "self == 'latest' || self.matches('^[A-Za-z0-9][A-Za-z0-9._-]*[.]dump$')",
      message = "file must be \"latest\" or the name of a .dump file on the volume (no path)")
  @JsonPropertyDescription(
      "Dump file name on the volume (e.g. prod-supernova-20250101T020000Z.dump), or \"latest\""
          + " for the newest finished backup.")
  private String file = LATEST;

  @Default("false")
  @JsonPropertyDescription(
      "Restore even when the database already has tables, replacing the tables the dump holds."
          + " Without it such a restore is refused.")
  private Boolean force = false;

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }

  public String getFile() {
    return file;
  }

  public void setFile(String file) {
    this.file = file;
  }

  public Boolean getForce() {
    return force;
  }

  public void setForce(Boolean force) {
    this.force = force;
  }
}
