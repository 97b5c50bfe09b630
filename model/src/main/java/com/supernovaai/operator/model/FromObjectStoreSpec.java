package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Point-in-time recovery: a new stack's database restored from another stack's pgBackRest archive
 * (its backup.objectStore) to a moment, before the database first starts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FromObjectStoreSpec extends ObjectStoreLocation {

  /** RFC 3339 with a time zone (Z or an offset), seconds required, fractions optional. */
  public static final String TARGET_TIME_RULE =
      "self.matches('^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]"
          + ":[0-5][0-9]([.][0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$')";

  @Required
  @Size(min = 2, max = 512)
  @ValidationRule(value = PATH_RULE, message = PATH_MESSAGE)
  @JsonPropertyDescription(
      "Path in the bucket of the archive to restore from: the source stack's"
          + " backup.objectStore.path, which defaults to /<namespace>/<stack> of the source.")
  private String path;

  @Size(min = 20, max = 40)
  @ValidationRule(
      value = TARGET_TIME_RULE,
      message =
          "targetTime must be an RFC 3339 time with a zone, e.g. 2026-12-02T09:41:07Z or"
              + " 2026-12-02T10:41:07.250+01:00")
  @JsonPropertyDescription(
      "Restore to this moment (RFC 3339, e.g. 2026-12-02T09:41:07Z): every transaction committed"
          + " up to it is there, none after it. It must lie after the end of the archive's first"
          + " base backup and before its last archived WAL. Omit to replay the whole archive.")
  private String targetTime;

  @Override
  public String getPath() {
    return path;
  }

  @Override
  public void setPath(String path) {
    this.path = path;
  }

  public String getTargetTime() {
    return targetTime;
  }

  public void setTargetTime(String targetTime) {
    this.targetTime = targetTime;
  }
}
