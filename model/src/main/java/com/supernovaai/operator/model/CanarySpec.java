package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The steps of a canary rollout (rollout.strategy Canary). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanarySpec {

  /** Strictly increasing: sorted, and no weight twice. */
  static final String STEPS_RULE =
      "self.map(s, s.weight).isSorted()"
          + " && self.all(s, self.exists_one(t, t.weight == s.weight))";

  static final String STEPS_MESSAGE =
      "canary.steps: weights must be strictly increasing (e.g. 20, 50, 100); each step's weight"
          + " is the share of traffic after it";

  @Required
  @Size(min = 1, max = 10)
  @ValidationRule(value = STEPS_RULE, message = STEPS_MESSAGE)
  @JsonPropertyDescription(
      "Steps, in order. At each step the new version gets the step's weight of the API pods"
          + " behind the active Service (so about that share of the requests), then waits for"
          + " the step's pause. After the last step the new version takes all traffic.")
  private List<CanaryStep> steps;

  public List<CanaryStep> getSteps() {
    return steps;
  }

  public void setSteps(List<CanaryStep> steps) {
    this.steps = steps;
  }
}
