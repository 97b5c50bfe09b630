package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The web frontend served next to the API (present = enabled). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FrontendSpec {

  @Required
  @Size(min = 1, max = ImageReference.MAX_LENGTH)
  @JsonPropertyDescription(
      "Frontend image: a web server listening on 8080 as a non-root user that serves the page on"
          + " / and proxies /api/, /auth/ and /ws/ to the host:port in its API_UPSTREAM"
          + " environment variable (the operator sets the stack's API Service there). The"
          + " project's image is built from frontend/ (docs/design/frontend.md).")
  @ValidationRule(value = ImageReference.RULE, message = ImageReference.MESSAGE)
  private String image;

  @Default("2")
  @Min(1)
  @Max(20)
  @JsonPropertyDescription(
      "Number of frontend pods; with more than one, a PodDisruptionBudget keeps all but one up.")
  private Integer replicas = 2;

  @JsonPropertyDescription(
      "Compute resources of the frontend container. Default: requests 20m CPU / 32Mi, limits"
          + " 200m CPU / 64Mi.")
  @ValidationRule(value = Quantities.RESOURCES_RULE, message = Quantities.RESOURCES_MESSAGE)
  @ValidationRule(
      value = Quantities.REQUESTS_WITHIN_LIMITS_RULE,
      message = Quantities.REQUESTS_WITHIN_LIMITS_MESSAGE)
  private ResourceRequirements resources;

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

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }
}
