package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Progress of an API rollout. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutStatus {

  @JsonPropertyDescription(
      "Idle; Progressing (the preview color comes up or awaits promotion); Switched (traffic "
          + "switched, the old color is kept for scaleDownDelaySeconds); Aborted. Promoting is "
          + "the deprecated name of Switched, written by earlier operator versions.")
  private RolloutPhase phase;

  @JsonPropertyDescription("Image being rolled out.")
  private String targetImage;

  @JsonPropertyDescription("When the rollout started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription(
      "Why the rollout was aborted (phase Aborted): ProgressDeadlineExceeded, AbortRequested or "
          + "MigrationFailed (the new version's schema migration failed at start-up).")
  private String reason;

  @JsonPropertyDescription("Short detail on the rollout.")
  private String message;

  @JsonPropertyDescription("Pods the preview color should have during the rollout.")
  private Integer previewReplicas;

  @JsonPropertyDescription(
      "Pods of the preview color with the new template that have been Ready for "
          + "minReadySeconds.")
  private Integer previewAvailableReplicas;

  @JsonPropertyDescription("Preview progress for kubectl: available/desired pods, e.g. 2/3.")
  private String progress;

  @JsonPropertyDescription(
      "Strategy Canary: the step in progress, from 1 (its weight is canaryWeight); one more than"
          + " the number of steps while the new version takes all traffic.")
  private Integer canaryStep;

  @JsonPropertyDescription(
      "Strategy Canary: percent of the API pods behind the active Service that run the new"
          + " version at the current step, as the whole pods give it (the step asks for its"
          + " weight).")
  private Integer canaryWeight;

  @JsonPropertyDescription(
      "When traffic last switched colors (RFC 3339); the old color is kept at full size "
          + "until scaleDownDelaySeconds after it.")
  private String promotedAt;

  public RolloutPhase getPhase() {
    return phase;
  }

  public void setPhase(RolloutPhase phase) {
    this.phase = phase;
  }

  public String getTargetImage() {
    return targetImage;
  }

  public void setTargetImage(String targetImage) {
    this.targetImage = targetImage;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Integer getPreviewReplicas() {
    return previewReplicas;
  }

  public void setPreviewReplicas(Integer previewReplicas) {
    this.previewReplicas = previewReplicas;
  }

  public Integer getPreviewAvailableReplicas() {
    return previewAvailableReplicas;
  }

  public void setPreviewAvailableReplicas(Integer previewAvailableReplicas) {
    this.previewAvailableReplicas = previewAvailableReplicas;
  }

  public String getProgress() {
    return progress;
  }

  public void setProgress(String progress) {
    this.progress = progress;
  }

  public Integer getCanaryStep() {
    return canaryStep;
  }

  public void setCanaryStep(Integer canaryStep) {
    this.canaryStep = canaryStep;
  }

  public Integer getCanaryWeight() {
    return canaryWeight;
  }

  public void setCanaryWeight(Integer canaryWeight) {
    this.canaryWeight = canaryWeight;
  }

  public String getPromotedAt() {
    return promotedAt;
  }

  public void setPromotedAt(String promotedAt) {
    this.promotedAt = promotedAt;
  }
}
