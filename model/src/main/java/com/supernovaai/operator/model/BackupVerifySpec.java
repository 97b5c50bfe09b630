package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A scheduled restore drill: the latest backup restored into a scratch database and checked. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupVerifySpec {

  @Required
  @Size(max = 100)
  @ValidationRule(value = CronSchedule.FIRES_RULE, message = CronSchedule.FIRES_MESSAGE)
  @ValidationRule(
      value = CronSchedule.RULE,
      message =
          "verify.schedule must be a 5-field cron expression (minute hour day-of-month month"
              + " day-of-week, e.g. \"0 4 * * 0\") or a macro such as @weekly")
  @JsonPropertyDescription(
      "Standard 5-field cron schedule (CronJob syntax, UTC) of the drill, e.g. \"0 4 * * 0\".")
  private String schedule;

  @Default("false")
  @JsonPropertyDescription("Suspend the drill CronJob.")
  private Boolean suspend = false;

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }
}
