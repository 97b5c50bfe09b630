package com.supernovaai.operator.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.supernovaai.operator.dependent.BackupJobs;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Comparator;
import java.util.Optional;

/**
 * What a backup, restore or drill script reported: the JSON line it wrote as its container's
 * termination message (file, size, or the reason of a failure). Read from the newest pod of the Job
 * in the operator's cache; empty when there is none (e.g. pods a simulated node ran).
 */
public record JobResult(JsonNode json) {

  public static Optional<JobResult> of(Job job, Context<SuperNovaStack> context) {
    String name = job.getMetadata().getName();
    return context
        .getSecondaryResourcesAsStream(Pod.class)
        .filter(p -> p.getMetadata().getLabels() != null)
        .filter(p -> name.equals(p.getMetadata().getLabels().get("job-name")))
        .max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
        .flatMap(JobResult::message)
        .flatMap(JobResult::parse);
  }

  private static Optional<String> message(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(c -> BackupJobs.CONTAINER.equals(c.getName()))
        .filter(c -> c.getState() != null && c.getState().getTerminated() != null)
        .map(c -> c.getState().getTerminated().getMessage())
        .filter(m -> m != null && !m.isBlank())
        .findFirst();
  }

  static Optional<JobResult> parse(String message) {
    // With FallbackToLogsOnError the message may be a log tail: take the last JSON line.
    String[] lines = message.strip().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      String line = lines[i].strip();
      if (line.startsWith("{")) {
        try {
          return Optional.of(new JobResult(Serialization.jsonMapper().readTree(line)));
        } catch (Exception e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  public Optional<String> text(String field) {
    JsonNode node = json.get(field);
    return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
  }

  public Optional<Long> number(String field) {
    JsonNode node = json.get(field);
    return node == null || !node.canConvertToLong() ? Optional.empty() : Optional.of(node.asLong());
  }

  /** A boolean field; false when absent. */
  public boolean flag(String field) {
    JsonNode node = json.get(field);
    return node != null && node.asBoolean(false);
  }

  /** "Reason: message" of a failure, for conditions. */
  public Optional<String> failure() {
    return text("reason").map(r -> r + text("message").map(m -> ": " + m).orElse(""));
  }
}
