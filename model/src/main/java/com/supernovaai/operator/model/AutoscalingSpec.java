package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;

/** HorizontalPodAutoscaler settings of the API server. */
@ValidationRule(
    value =
        "!has(self.minReplicas) || !has(self.maxReplicas) || self.maxReplicas >= self.minReplicas",
    message = "maxReplicas must be greater than or equal to minReplicas",
    fieldPath = ".maxReplicas")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoscalingSpec {

  @Default("true")
  @JsonPropertyDescription(
      "Scale the API server with a HorizontalPodAutoscaler; api.replicas is then " + "ignored.")
  private Boolean enabled = true;

  @Default("3")
  @Min(1)
  @Max(500)
  @JsonPropertyDescription("Lower bound of the HorizontalPodAutoscaler.")
  private Integer minReplicas = 3;

  @Default("20")
  @Min(1)
  @Max(500)
  @JsonPropertyDescription("Upper bound of the HorizontalPodAutoscaler; must be >= minReplicas.")
  private Integer maxReplicas = 20;

  @Default("70")
  @Min(1)
  @Max(100)
  @JsonPropertyDescription("Average CPU utilization (percent of requests) the autoscaler aims for.")
  private Integer targetCPUUtilizationPercentage = 70;

  @Default("80")
  @Min(1)
  @Max(100)
  @JsonPropertyDescription(
      "Average memory utilization (percent of requests) the autoscaler aims for.")
  private Integer targetMemoryUtilizationPercentage = 80;

  @JsonPropertyDescription(
      "Scaling behavior (autoscaling/v2). Default: scale up by 100% every 15s, scale "
          + "down by 50% every 60s after a 300s stabilization window.")
  private HorizontalPodAutoscalerBehavior behavior;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getMinReplicas() {
    return minReplicas;
  }

  public void setMinReplicas(Integer minReplicas) {
    this.minReplicas = minReplicas;
  }

  public Integer getMaxReplicas() {
    return maxReplicas;
  }

  public void setMaxReplicas(Integer maxReplicas) {
    this.maxReplicas = maxReplicas;
  }

  public Integer getTargetCPUUtilizationPercentage() {
    return targetCPUUtilizationPercentage;
  }

  public void setTargetCPUUtilizationPercentage(Integer targetCPUUtilizationPercentage) {
    this.targetCPUUtilizationPercentage = targetCPUUtilizationPercentage;
  }

  public Integer getTargetMemoryUtilizationPercentage() {
    return targetMemoryUtilizationPercentage;
  }

  public void setTargetMemoryUtilizationPercentage(Integer targetMemoryUtilizationPercentage) {
    this.targetMemoryUtilizationPercentage = targetMemoryUtilizationPercentage;
  }

  public HorizontalPodAutoscalerBehavior getBehavior() {
    return behavior;
  }

  public void setBehavior(HorizontalPodAutoscalerBehavior behavior) {
    this.behavior = behavior;
  }
}
