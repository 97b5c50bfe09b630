package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Progress of an API rollout. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutStatus {

  @JsonPropertyDescription("Idle, Progressing, Promoting or Aborted.")
  private RolloutPhase phase;

  @JsonPropertyDescription("Image being rolled out.")
  private String targetImage;

  @JsonPropertyDescription("When the rollout started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("Short detail on the rollout.")
  private String message;

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

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
