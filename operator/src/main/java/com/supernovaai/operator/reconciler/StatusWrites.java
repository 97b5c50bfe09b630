package com.supernovaai.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a stack's new status is written. A change that only moves progress along (pod counts and the
 * readiness messages that carry them, a rollout's "2/3") waits until {@link #PROGRESS_INTERVAL} has
 * passed since the stack's last status write, so a burst of pods becoming ready is one write, not
 * one per pod. Every other change is written at once: a condition or phase flips, a rollout or
 * backup moves on, a new generation is observed. Events never wait (they follow the flips).
 */
final class StatusWrites {

  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

  /**
   * Conditions whose messages count pods or list what is awaited; other messages (a backup's time,
   * a fault) are news and are written at once.
   */
  private static final Set<String> PROGRESS_MESSAGES =
      Set.of(
          StatusConditions.READY,
          StatusConditions.PROGRESSING,
          StatusConditions.DATABASE_READY,
          StatusConditions.POOLER_READY,
          StatusConditions.REDIS_READY,
          StatusConditions.API_READY);

  private final Map<String, Instant> lastWrite = new ConcurrentHashMap<>();

  /** Null: write now. Otherwise how long to wait before writing this progress. */
  Duration deferral(
      String stackUid, SuperNovaStackStatus before, SuperNovaStackStatus after, Instant now) {
    Instant last = lastWrite.get(stackUid);
    if (last == null || !progressOnly(before, after)) {
      return null;
    }
    Duration waited = Duration.between(last, now);
    return waited.compareTo(PROGRESS_INTERVAL) >= 0 ? null : PROGRESS_INTERVAL.minus(waited);
  }

  void written(String stackUid, Instant now) {
    lastWrite.put(stackUid, now);
  }

  void forget(String stackUid) {
    lastWrite.remove(stackUid);
  }

  /** The two statuses differ only in progress details (counts and messages). */
  static boolean progressOnly(SuperNovaStackStatus before, SuperNovaStackStatus after) {
    if (before == null || after == null) {
      return false;
    }
    return withoutProgress(before).equals(withoutProgress(after));
  }

  private static JsonNode withoutProgress(SuperNovaStackStatus status) {
    ObjectNode tree = Serialization.jsonMapper().valueToTree(status);
    for (JsonNode condition : tree.path("conditions")) {
      if (PROGRESS_MESSAGES.contains(condition.path("type").asText())) {
        ((ObjectNode) condition).remove("message");
      }
    }
    if (tree.get("api") instanceof ObjectNode api) {
      api.remove("replicas");
      api.remove("readyReplicas");
    }
    if (tree.get("rollout") instanceof ObjectNode rollout) {
      rollout.remove("message");
      rollout.remove("progress");
      rollout.remove("previewAvailableReplicas");
    }
    return tree;
  }
}
