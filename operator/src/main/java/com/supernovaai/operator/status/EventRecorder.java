package com.supernovaai.operator.status;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records one Kubernetes Event on a stack; every emitter of the operator goes through it. */
public final class EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";

  /**
   * The API server reads an Event's eventTime with exactly six fractional digits (Go's
   * RFC3339Micro); {@code Instant.toString()} drops trailing zeros (".388Z" when the microseconds
   * end in 000, none on a whole second), and such an Event was refused with a 400.
   */
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

  private EventRecorder() {}

  static String microTime(Instant at) {
    return MICRO_TIME.format(at.truncatedTo(ChronoUnit.MICROS));
  }

  /** Creates one Event; failures are logged, never thrown (events are best effort). */
  public static void emit(
      KubernetesClient client,
      SuperNovaStack stack,
      String type,
      String reason,
      String message,
      Instant now) {
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
              .withEventTime(new MicroTime(microTime(now)))
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
