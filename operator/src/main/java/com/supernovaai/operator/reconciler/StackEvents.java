package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.EventReasons;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events on the stack for what a human should know: created, degraded, recovered. */
public final class StackEvents {

  private static final Logger LOG = LoggerFactory.getLogger(StackEvents.class);

  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";

  private StackEvents() {}

  /**
   * Events for the transitions between two statuses; {@code firstSeen} when the operator sees the
   * stack for the first time.
   */
  public static void onTransition(
      KubernetesClient client,
      SuperNovaStack stack,
      SuperNovaStackStatus previous,
      SuperNovaStackStatus current,
      boolean firstSeen,
      Instant now) {
    var before = previous == null ? null : previous.getConditions();
    var after = current.getConditions();
    if (firstSeen) {
      emit(
          client,
          stack,
          NORMAL,
          EventReasons.CREATED,
          "Stack accepted; creating its components",
          now);
    }
    boolean wasDegraded = StatusConditions.isTrue(before, ConditionTypes.DEGRADED);
    boolean isDegraded = StatusConditions.isTrue(after, ConditionTypes.DEGRADED);
    if (degradedStarts(previous, current)) {
      var c = StatusConditions.find(after, ConditionTypes.DEGRADED).orElseThrow();
      emit(client, stack, WARNING, c.getReason(), c.getMessage(), now);
    } else if (!isDegraded && wasDegraded) {
      emit(client, stack, NORMAL, EventReasons.RECOVERED, "The stack is no longer degraded", now);
    }
    boolean wasReady = StatusConditions.isTrue(before, ConditionTypes.READY);
    boolean isReady = StatusConditions.isTrue(after, ConditionTypes.READY);
    if (isReady && !wasReady) {
      emit(client, stack, NORMAL, EventReasons.READY, "All components are ready", now);
    }
    var monitoring = StatusConditions.find(after, ConditionTypes.MONITORING_READY);
    if (monitoring.isPresent()
        && Reasons.MONITORING_UNAVAILABLE.equals(monitoring.get().getReason())
        && !StatusConditions.find(before, ConditionTypes.MONITORING_READY)
            .map(c -> Reasons.MONITORING_UNAVAILABLE.equals(c.getReason()))
            .orElse(false)) {
      emit(
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
      emit(client, stack, NORMAL, EventReasons.PAUSED, "Reconciliation paused by annotation", now);
    } else if (!isPaused && wasPaused) {
      emit(client, stack, NORMAL, EventReasons.RESUMED, "Reconciliation resumed", now);
    }
  }

  /** Degraded turns True from {@code previous} to {@code current}: its Warning Event comes. */
  public static boolean degradedStarts(
      SuperNovaStackStatus previous, SuperNovaStackStatus current) {
    return !StatusConditions.isTrue(
            previous == null ? null : previous.getConditions(), ConditionTypes.DEGRADED)
        && StatusConditions.isTrue(current.getConditions(), ConditionTypes.DEGRADED);
  }

  /** Creates one Event; failures are logged, never thrown (events are best effort). */
  public static void emit(
      KubernetesClient client,
      SuperNovaStack stack,
      String type,
      String reason,
      String message,
      Instant now) {
    if (client == null) {
      return;
    }
    try {
      String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
      var event =
          new EventBuilder()
              .withNewMetadata()
              .withName(
                  stack.getMetadata().getName()
                      + "."
                      + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
              .withNamespace(stack.getMetadata().getNamespace())
              .addToLabels(Labels.MANAGED_BY, Labels.OPERATOR)
              .endMetadata()
              .withNewInvolvedObject()
              .withApiVersion(stack.getApiVersion())
              .withKind(stack.getKind())
              .withName(stack.getMetadata().getName())
              .withNamespace(stack.getMetadata().getNamespace())
              .withUid(stack.getMetadata().getUid())
              .withResourceVersion(stack.getMetadata().getResourceVersion())
              .endInvolvedObject()
              .withType(type)
              .withReason(reason)
              .withMessage(StatusConditions.truncate(message))
              .withFirstTimestamp(timestamp)
              .withLastTimestamp(timestamp)
              .withEventTime(new MicroTime(now.truncatedTo(ChronoUnit.MICROS).toString()))
              .withCount(1)
              .withAction(reason.toLowerCase(Locale.ROOT))
              .withReportingComponent(Labels.OPERATOR)
              .withReportingInstance(Labels.OPERATOR)
              .withNewSource()
              .withComponent(Labels.OPERATOR)
              .endSource()
              .build();
      client.v1().events().inNamespace(stack.getMetadata().getNamespace()).resource(event).create();
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not record event {} on {}/{}: {}",
          reason,
          stack.getMetadata().getNamespace(),
          stack.getMetadata().getName(),
          e.getClass().getSimpleName());
    }
  }
}
