package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A persistent volume: size and StorageClass. */
@ValidationRule(
    value = "has(self.storageClassName) == has(oldSelf.storageClassName)",
    message =
        "storageClassName cannot be added or removed: the volume keeps the class it was created"
            + " with",
    fieldPath = ".storageClassName")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {

  @Required
  @Pattern(Quantities.QUANTITY_PATTERN)
  @ValidationRule(value = Quantities.NEVER_SHRINK_RULE, message = Quantities.NEVER_SHRINK_MESSAGE)
  @JsonPropertyDescription(
      "Volume size as a Kubernetes quantity (e.g. 100Gi). May grow (when the "
          + "StorageClass allows expansion), never shrink.")
  private String size;

  @ValidationRule(value = "self == oldSelf", message = "storageClassName is immutable")
  @JsonPropertyDescription(
      "StorageClass of the volume; empty means the cluster default. Cannot be changed " + "later.")
  private String storageClassName;

  public StorageSpec() {}

  public StorageSpec(String size) {
    this.size = size;
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
