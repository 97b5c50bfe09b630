package com.supernovaai.operator.status;

import com.supernovaai.operator.model.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sets conditions the way Kubernetes does: lastTransitionTime changes only when status does; reason
 * and message are kept short and never carry secrets.
 */
public final class StatusConditions {

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  public static final int MAX_MESSAGE = 256;

  private StatusConditions() {}

  /**
   * Returns a new list: {@code previous} with the condition {@code type} set. lastTransitionTime is
   * kept when the status did not change.
   */
  public static List<Condition> set(
      List<Condition> previous,
      String type,
      String status,
      String reason,
      String message,
      Long generation,
      Instant now) {
    List<Condition> result = new ArrayList<>();
    Condition old = null;
    if (previous != null) {
      for (Condition c : previous) {
        if (type.equals(c.getType())) {
          old = c;
        } else {
          result.add(c);
        }
      }
    }
    Condition condition = new Condition();
    condition.setType(type);
    condition.setStatus(status);
    condition.setReason(reason);
    condition.setMessage(truncate(message));
    condition.setObservedGeneration(generation);
    condition.setLastTransitionTime(
        old != null
                && Objects.equals(old.getStatus(), status)
                && old.getLastTransitionTime() != null
            ? old.getLastTransitionTime()
            : now.truncatedTo(ChronoUnit.SECONDS).toString());
    result.add(condition);
    result.sort(Comparator.comparingInt(c -> order(c.getType())));
    return result;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Returns {@code conditions} without the condition {@code type}. */
  public static List<Condition> without(List<Condition> conditions, String type) {
    return conditions == null
        ? null
        : conditions.stream().filter(c -> !type.equals(c.getType())).toList();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  private static final List<String> ORDER =
      List.of(
          ConditionTypes.READY,
          ConditionTypes.PROGRESSING,
          ConditionTypes.DEGRADED,
          ConditionTypes.DATABASE_READY,
          ConditionTypes.POOLER_READY,
          ConditionTypes.REDIS_READY,
          ConditionTypes.API_READY,
          ConditionTypes.BACKUP_HEALTHY,
          ConditionTypes.CONTINUOUS_ARCHIVING,
          ConditionTypes.MONITORING_READY,
          ConditionTypes.RECONCILIATION_PAUSED);

  private static int order(String type) {
    int i = ORDER.indexOf(type);
    return i < 0 ? ORDER.size() : i;
  }

  public static String truncate(String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE - 3) + "...";
  }
}
