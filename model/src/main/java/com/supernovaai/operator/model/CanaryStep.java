package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** One step of a canary: a share of the API pods for the new version, then a pause. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryStep {

  @Required
  @Min(1)
  @Max(100)
  @JsonPropertyDescription(
      "Percent of the API pods behind the active Service that run the new version at this"
          + " step, rounded to whole pods (api.replicas sets the granularity: 4 replicas give"
          + " 25% steps).")
  private Integer weight;

  @JsonPropertyDescription(
      "What to wait for once the step's pods are ready: {duration: 30s} waits that long;"
          + " {} waits for the annotation ops.supernova-ai.com/promote. No pause: the next step"
          + " follows at once.")
  private CanaryPause pause;

  public CanaryStep() {}

  public CanaryStep(Integer weight, CanaryPause pause) {
    this.weight = weight;
    this.pause = pause;
  }

  public Integer getWeight() {
    return weight;
  }

  public void setWeight(Integer weight) {
    this.weight = weight;
  }

  public CanaryPause getPause() {
    return pause;
  }

  public void setPause(CanaryPause pause) {
    this.pause = pause;
  }
}
