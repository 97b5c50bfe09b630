package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;

/** The pause after a canary step: a duration, or (none given) until promoted by hand. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryPause {

  static final String DURATION_RULE = "self.matches('^[0-9]{1,5}(s|m|h)$')";

  static final String DURATION_MESSAGE =
      "pause.duration must be a whole number of seconds, minutes or hours, e.g. 30s, 5m or 1h;"
          + " leave it out (pause: {}) to wait for the promote annotation";

  @Size(max = 6)
  @ValidationRule(value = DURATION_RULE, message = DURATION_MESSAGE)
  @JsonPropertyDescription(
      "How long to wait, e.g. 30s, 5m, 1h. Absent: wait for the annotation"
          + " ops.supernova-ai.com/promote (which moves on one step).")
  private String duration;

  public CanaryPause() {}

  public CanaryPause(String duration) {
    this.duration = duration;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  /** The duration, or null for a manual pause. Expects the format the schema enforces. */
  @JsonIgnore
  public Duration asDuration() {
    if (duration == null) {
      return null;
    }
    long amount = Long.parseLong(duration.substring(0, duration.length() - 1));
    return switch (duration.charAt(duration.length() - 1)) {
      case 'h' -> Duration.ofHours(amount);
      case 'm' -> Duration.ofMinutes(amount);
      default -> Duration.ofSeconds(amount);
    };
  }
}
