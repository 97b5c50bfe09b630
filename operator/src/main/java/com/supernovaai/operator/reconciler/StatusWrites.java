package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.cache.OperatorSerialization;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.Reasons;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * When a stack's new status is written. A change that only moves progress along waits until {@link
 * #PROGRESS_INTERVAL} has passed since the stack's last status write, so the burst of changes while
 * a stack comes up (each component, each pod) is a few writes, not one per step. Progress: the
 * per-component readiness conditions (DatabaseReady, PoolerReady, RedisReady, ApiReady), the
 * messages of Ready and Progressing, pod counts, a rollout's "2/3", and what is first reported of
 * an object coming up (BackupHealthy leaving Pending, the API's first active image). Everything
 * else is written at once: Ready, Degraded, Progressing or the phase flip (a component failing on a
 * Ready stack flips Ready, a failing backup flips Degraded), a rollout or a backup moves on, a new
 * generation is observed. Events follow the flips, so they never wait.
 */
final class StatusWrites {

  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(15);

  /** Conditions that are progress as a whole: status, reason and message. */
  private static final Set<String> COMPONENTS =
      Set.of(
          ConditionTypes.DATABASE_READY,
          ConditionTypes.POOLER_READY,
          ConditionTypes.REDIS_READY,
          ConditionTypes.API_READY);

  /** Conditions whose change is progress while their object comes up (leaving reason Pending). */
  private static final Set<String> COMING_UP = Set.of(ConditionTypes.BACKUP_HEALTHY);

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
    Set<String> comingUp =
        before.getConditions() == null
            ? Set.of()
            : before.getConditions().stream()
                .filter(c -> COMING_UP.contains(c.getType()))
                .filter(c -> Reasons.PENDING.equals(c.getReason()))
                .map(Condition::getType)
                .collect(Collectors.toSet());
    boolean firstImage = before.getApi() == null || before.getApi().getActiveImage() == null;
    return StatusWriter.sameJson(
        withoutProgress(before, comingUp, firstImage),
        withoutProgress(after, comingUp, firstImage));
  }

  /**
   * A copy of {@code status} with its progress details cleared, and the conditions {@code comingUp}
   * and, if {@code firstImage}, the API's active image.
   */
  private static SuperNovaStackStatus withoutProgress(
      SuperNovaStackStatus status, Set<String> comingUp, boolean firstImage) {
    var copy = OperatorSerialization.shared().convertValue(status, SuperNovaStackStatus.class);
    if (copy.getConditions() != null) {
      for (Condition condition : copy.getConditions()) {
        if (COMPONENTS.contains(condition.getType()) || comingUp.contains(condition.getType())) {
          condition.setStatus(null);
          condition.setReason(null);
          condition.setMessage(null);
          condition.setLastTransitionTime(null);
        } else if (PROGRESS_MESSAGES.contains(condition.getType())) {
          condition.setMessage(null);
        }
      }
    }
    if (copy.getApi() != null) {
      copy.getApi().setReplicas(null);
      copy.getApi().setReadyReplicas(null);
      if (firstImage) {
        copy.getApi().setActiveImage(null);
      }
    }
    if (copy.getRollout() != null) {
      copy.getRollout().setMessage(null);
      copy.getRollout().setProgress(null);
      copy.getRollout().setPreviewAvailableReplicas(null);
    }
    return copy;
  }
}
