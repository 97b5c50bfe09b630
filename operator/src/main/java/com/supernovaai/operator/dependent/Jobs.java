package com.supernovaai.operator.dependent;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.Optional;

/** How a Job ended, from its status conditions (Complete / Failed), as kubectl shows it. */
public final class Jobs {

  private Jobs() {}

  public static boolean succeeded(Job job) {
    return condition(job, "Complete").isPresent();
  }

  public static boolean failed(Job job) {
    return condition(job, "Failed").isPresent();
  }

  public static boolean finished(Job job) {
    return succeeded(job) || failed(job);
  }

  public static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  /** When the Job finished: completionTime, else the time of its Failed condition. */
  public static String finishedAt(Job job) {
    if (job.getStatus() != null && job.getStatus().getCompletionTime() != null) {
      return job.getStatus().getCompletionTime();
    }
    return condition(job, "Failed")
        .or(() -> condition(job, "Complete"))
        .map(JobCondition::getLastTransitionTime)
        .orElse(null);
  }
}
