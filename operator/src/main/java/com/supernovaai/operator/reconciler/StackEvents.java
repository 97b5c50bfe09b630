package com.supernovaai.operator.reconciler;

import static com.supernovaai.operator.status.EventRecorder.NORMAL;
import static com.supernovaai.operator.status.EventRecorder.WARNING;

import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.EventReasons;
import com.supernovaai.operator.status.EventRecorder;
import com.supernovaai.operator.status.Reasons;
import com.supernovaai.operator.status.StatusConditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes Events on the stack for what a human should know, decided from the transitions between
 * two statuses: degraded, recovered, paused, restored, verified, a new Redis master. Coming up and
 * becoming Ready are none: the status says Progressing from the first reconciliation and Ready
 * (with its transition time) once every component is; an Event for each was one more write per
 * stack that told nothing the status does not (issue 19), and a stack that goes not Ready without a
 * fault had no Event either. Faults are Warnings (Degraded, with their reason) and their end is
 * Recovered.
 */
public final class StackEvents {

  private StackEvents() {}

  /** Events for the transitions between two statuses. */
  public static void onTransition(
      KubernetesClient client,
      SuperNovaStack stack,
      SuperNovaStackStatus previous,
      SuperNovaStackStatus current,
      Instant now) {
    var before = previous == null ? null : previous.getConditions();
    var after = current.getConditions();
    boolean wasDegraded = StatusConditions.isTrue(before, ConditionTypes.DEGRADED);
    boolean isDegraded = StatusConditions.isTrue(after, ConditionTypes.DEGRADED);
    if (isDegraded && !wasDegraded) {
      var c = StatusConditions.find(after, ConditionTypes.DEGRADED).orElseThrow();
      EventRecorder.emit(client, stack, WARNING, c.getReason(), c.getMessage(), now);
    } else if (!isDegraded && wasDegraded) {
      EventRecorder.emit(
          client, stack, NORMAL, EventReasons.RECOVERED, "The stack is no longer degraded", now);
    }
    var monitoring = StatusConditions.find(after, ConditionTypes.MONITORING_READY);
    if (monitoring.isPresent()
        && Reasons.MONITORING_UNAVAILABLE.equals(monitoring.get().getReason())
        && !StatusConditions.find(before, ConditionTypes.MONITORING_READY)
            .map(c -> Reasons.MONITORING_UNAVAILABLE.equals(c.getReason()))
            .orElse(false)) {
      EventRecorder.emit(
          client,
          stack,
          WARNING,
          Reasons.MONITORING_UNAVAILABLE,
          monitoring.get().getMessage(),
          now);
    }
    boolean wasPaused = StatusConditions.isTrue(before, ConditionTypes.RECONCILIATION_PAUSED);
    boolean isPaused = StatusConditions.isTrue(after, ConditionTypes.RECONCILIATION_PAUSED);
    if (isPaused && !wasPaused) {
      EventRecorder.emit(
          client, stack, NORMAL, EventReasons.PAUSED, "Reconciliation paused by annotation", now);
    } else if (!isPaused && wasPaused) {
      EventRecorder.emit(
          client, stack, NORMAL, EventReasons.RESUMED, "Reconciliation resumed", now);
    }
    for (String type : List.of(ConditionTypes.DATABASE_RESTORED, ConditionTypes.BACKUP_VERIFIED)) {
      restoreOrDrill(client, stack, before, after, type, now);
    }
    archiving(client, stack, before, after, isDegraded && !wasDegraded, now);
    var redisBefore = previous == null ? null : previous.getRedis();
    if (RedisMasterObserver.changed(redisBefore, current.getRedis())) {
      EventRecorder.emit(
          client,
          stack,
          NORMAL,
          EventReasons.REDIS_MASTER_CHANGED,
          "Redis master is now "
              + current.getRedis().getMaster()
              + " (was "
              + redisBefore.getMaster()
              + ")",
          now);
    }
  }

  /**
   * ContinuousArchiving going False (Warning with its reason) and back to True (Normal). Unknown
   * (no report yet, a stale one) is not news by itself: the report resuming tells which.
   */
  private static void archiving(
      KubernetesClient client,
      SuperNovaStack stack,
      List<Condition> before,
      List<Condition> after,
      boolean degradedAnnounced,
      Instant now) {
    var was = StatusConditions.find(before, ConditionTypes.CONTINUOUS_ARCHIVING).orElse(null);
    var is = StatusConditions.find(after, ConditionTypes.CONTINUOUS_ARCHIVING).orElse(null);
    if (is == null) {
      return;
    }
    boolean wasFalse = was != null && StatusConditions.FALSE.equals(was.getStatus());
    if (StatusConditions.FALSE.equals(is.getStatus())
        && (!wasFalse || !Objects.equals(was.getReason(), is.getReason()))) {
      String degradedReason =
          StatusConditions.find(after, ConditionTypes.DEGRADED)
              .map(Condition::getReason)
              .orElse(null);
      // The Degraded transition already said exactly this.
      if (!(degradedAnnounced && is.getReason().equals(degradedReason))) {
        EventRecorder.emit(client, stack, WARNING, is.getReason(), is.getMessage(), now);
      }
    } else if (StatusConditions.TRUE.equals(is.getStatus()) && wasFalse) {
      EventRecorder.emit(
          client, stack, NORMAL, EventReasons.ARCHIVING_CAUGHT_UP, is.getMessage(), now);
    }
  }

  /** What happens to restores and drills: restored, refused or failed, verified. */
  private static void restoreOrDrill(
      KubernetesClient client,
      SuperNovaStack stack,
      List<Condition> before,
      List<Condition> after,
      String type,
      Instant now) {
    var was = StatusConditions.find(before, type).orElse(null);
    var is = StatusConditions.find(after, type).orElse(null);
    if (is == null || (was != null && sameOutcome(was, is))) {
      return;
    }
    if (StatusConditions.TRUE.equals(is.getStatus())) {
      EventRecorder.emit(client, stack, NORMAL, is.getReason(), is.getMessage(), now);
    } else if (StatusConditions.FALSE.equals(is.getStatus()) && failure(is.getReason())) {
      EventRecorder.emit(client, stack, WARNING, is.getReason(), is.getMessage(), now);
    }
  }

  private static boolean sameOutcome(Condition a, Condition b) {
    return Objects.equals(a.getStatus(), b.getStatus())
        && Objects.equals(a.getReason(), b.getReason());
  }

  /** Waiting and running are not news; everything else that is False is. */
  private static boolean failure(String reason) {
    return !Reasons.RESTORE_PENDING.equals(reason) && !Reasons.RESTORE_RUNNING.equals(reason);
  }
}
