package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Redis persistence: appendonly yes on a volume. */
@ValidationRule(
    value = "has(self.storageClassName) == has(oldSelf.storageClassName)",
    message =
        "storageClassName cannot be added or removed: the volume keeps the class it was created"
            + " with",
    fieldPath = ".storageClassName")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisPersistenceSpec {

  @Default("true")
  @JsonPropertyDescription("Keep an append-only file on a persistent volume.")
  private Boolean enabled = true;

  @Default("8Gi")
  @Pattern(Quantities.QUANTITY_PATTERN)
  @ValidationRule(value = Quantities.NEVER_SHRINK_RULE, message = Quantities.NEVER_SHRINK_MESSAGE)
  @JsonPropertyDescription("Volume size as a Kubernetes quantity. May grow, never shrink.")
  private String size = "8Gi";

  @ValidationRule(value = "self == oldSelf", message = "storageClassName is immutable")
  @JsonPropertyDescription(
      "StorageClass of the volume; empty means the cluster default. Cannot be changed " + "later.")
  private String storageClassName;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }
}
