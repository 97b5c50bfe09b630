package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How a change of the API pod template reaches production. */
@ValidationRule(
    value =
        "!has(self.progressDeadlineSeconds) || !has(self.minReadySeconds)"
            + " || self.progressDeadlineSeconds > self.minReadySeconds",
    message =
        "progressDeadlineSeconds must be greater than minReadySeconds (the Deployment API refuses"
            + " it otherwise)",
    fieldPath = ".progressDeadlineSeconds")
@ValidationRule(
    value = "!has(self.canary) || (has(self.strategy) && self.strategy == 'Canary')",
    message = "canary is only read with strategy: Canary; set the strategy or remove canary",
    fieldPath = ".canary")
@ValidationRule(
    value = "!has(self.strategy) || self.strategy != 'Canary' || has(self.canary)",
    message =
        "strategy Canary needs canary.steps, e.g. steps: [{weight: 20, pause: {duration: 1m}},"
            + " {weight: 50, pause: {}}]",
    fieldPath = ".strategy")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutSpec {

  @Default("BlueGreen")
  @JsonPropertyDescription(
      "BlueGreen: a second Deployment (the other color) is brought up and traffic "
          + "switches at once when it is ready. RollingUpdate: one Deployment, the usual "
          + "rolling update. Canary: the new color runs beside the old one behind the active "
          + "Service and takes a growing share of the pods (canary.steps), then all traffic. "
          + "Canary needs autoscaling.enabled: false.")
  private RolloutStrategy strategy = RolloutStrategy.BlueGreen;

  @Default("true")
  @JsonPropertyDescription(
      "Switch traffic as soon as the new color passes the promotion gates; false waits "
          + "for the annotation ops.supernova-ai.com/promote.")
  private Boolean autoPromotion = true;

  @Min(1)
  @Max(500)
  @JsonPropertyDescription(
      "Size of the new color before promotion. Default: as many replicas as the active "
          + "color has now, so capacity never drops at the switch.")
  private Integer previewReplicas;

  @Default("10")
  @Min(0)
  @Max(3600)
  @JsonPropertyDescription(
      "How long every new pod must stay Ready before the new color can be promoted.")
  private Integer minReadySeconds = 10;

  @Default("30")
  @Min(0)
  @Max(86400)
  @JsonPropertyDescription(
      "How long the old color is kept at full size after the switch: the instant "
          + "rollback window.")
  private Integer scaleDownDelaySeconds = 30;

  @Default("600")
  @Min(30)
  @Max(86400)
  @JsonPropertyDescription(
      "A new color not promotable within this time is aborted; traffic stays on the "
          + "old color.")
  private Integer progressDeadlineSeconds = 600;

  @JsonPropertyDescription(
      "The steps of strategy Canary: the new version's share of the API pods, and the pause"
          + " after each. Only with strategy: Canary.")
  private CanarySpec canary;

  public RolloutStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(RolloutStrategy strategy) {
    this.strategy = strategy;
  }

  public CanarySpec getCanary() {
    return canary;
  }

  public void setCanary(CanarySpec canary) {
    this.canary = canary;
  }

  public Boolean getAutoPromotion() {
    return autoPromotion;
  }

  public void setAutoPromotion(Boolean autoPromotion) {
    this.autoPromotion = autoPromotion;
  }

  public Integer getPreviewReplicas() {
    return previewReplicas;
  }

  public void setPreviewReplicas(Integer previewReplicas) {
    this.previewReplicas = previewReplicas;
  }

  public Integer getMinReadySeconds() {
    return minReadySeconds;
  }

  public void setMinReadySeconds(Integer minReadySeconds) {
    this.minReadySeconds = minReadySeconds;
  }

  public Integer getScaleDownDelaySeconds() {
    return scaleDownDelaySeconds;
  }

  public void setScaleDownDelaySeconds(Integer scaleDownDelaySeconds) {
    this.scaleDownDelaySeconds = scaleDownDelaySeconds;
  }

  public Integer getProgressDeadlineSeconds() {
    return progressDeadlineSeconds;
  }

  public void setProgressDeadlineSeconds(Integer progressDeadlineSeconds) {
    this.progressDeadlineSeconds = progressDeadlineSeconds;
  }
}
