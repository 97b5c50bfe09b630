package com.supernovaai.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.status.ConditionTypes;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a stack's new status is written. A change that only moves progress along waits until {@link
 * #PROGRESS_INTERVAL} has passed since the stack's last status write, so the burst of changes while
 * a stack comes up (each component, each pod) is a few writes, not one per step. Progress: the
 * per-component readiness conditions (DatabaseReady, PoolerReady, RedisReady, ApiReady), the
 * messages of Ready and Progressing, pod counts, a rollout's "2/3". Everything else is written at
 * once: Ready, Degraded, Progressing or the phase flip (a component failing on a Ready stack flips
 * Ready), a rollout or a backup moves on, a new generation is observed. Events follow the flips, so
 * they never wait.
 */
final class StatusWrites {

  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

  /** Conditions that are progress as a whole: status, reason and message. */
  private static final Set<String> COMPONENTS =
      Set.of(
          ConditionTypes.DATABASE_READY,
          ConditionTypes.POOLER_READY,
          ConditionTypes.REDIS_READY,
          ConditionTypes.API_READY);

  /** Conditions whose message alone is progress (it lists what is awaited). */
  private static final Set<String> PROGRESS_MESSAGES =
      Set.of(ConditionTypes.READY, ConditionTypes.PROGRESSING);

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
      String type = condition.path("type").asText();
      if (COMPONENTS.contains(type)) {
        ((ObjectNode) condition).retain("type", "observedGeneration");
      } else if (PROGRESS_MESSAGES.contains(type)) {
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
