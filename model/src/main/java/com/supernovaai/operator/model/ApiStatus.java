package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Colors and replicas of the API server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiStatus {

  @JsonPropertyDescription("Color (blue or green) of the Deployment behind the active Service.")
  private String activeColor;

  @JsonPropertyDescription("Image of the active color.")
  private String activeImage;

  @JsonPropertyDescription("Color of a rollout in progress, if any.")
  private String previewColor;

  @JsonPropertyDescription(
      "Image that served before the last switch of colors (promotion or rollback), kept until the "
          + "next one. Roll back by setting spec.api.image to it: instant while the old color is "
          + "still scaled up (rollout.scaleDownDelaySeconds), else a normal rollout.")
  private String previousImage;

  @JsonPropertyDescription(
      "Color that served before the last switch; it keeps previousImage until it is scaled "
          + "down or the next rollout reuses it.")
  private String previousColor;

  @JsonPropertyDescription("Ready pods of the active color.")
  private Integer readyReplicas;

  @JsonPropertyDescription("Pods of the active color.")
  private Integer replicas;

  public String getActiveColor() {
    return activeColor;
  }

  public void setActiveColor(String activeColor) {
    this.activeColor = activeColor;
  }

  public String getActiveImage() {
    return activeImage;
  }

  public void setActiveImage(String activeImage) {
    this.activeImage = activeImage;
  }

  public String getPreviewColor() {
    return previewColor;
  }

  public void setPreviewColor(String previewColor) {
    this.previewColor = previewColor;
  }

  public String getPreviousImage() {
    return previousImage;
  }

  public void setPreviousImage(String previousImage) {
    this.previousImage = previousImage;
  }

  public String getPreviousColor() {
    return previousColor;
  }

  public void setPreviousColor(String previousColor) {
    this.previousColor = previousColor;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }
}
