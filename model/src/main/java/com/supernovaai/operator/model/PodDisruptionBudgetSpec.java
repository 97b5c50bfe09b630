package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** PodDisruptionBudget of the API pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodDisruptionBudgetSpec {

  @Default("true")
  @JsonPropertyDescription("Create a PodDisruptionBudget for the API pods.")
  private Boolean enabled = true;

  @Default("1")
  @Min(1)
  @JsonPropertyDescription(
      "API pods that voluntary disruptions (node drains) may take down at once; at least 1, since"
          + " 0 would block every node drain. To allow no disruption, disable the budget instead.")
  private Integer maxUnavailable = 1;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getMaxUnavailable() {
    return maxUnavailable;
  }

  public void setMaxUnavailable(Integer maxUnavailable) {
    this.maxUnavailable = maxUnavailable;
  }
}
