package com.supernovaai.operator.rollout;

import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.EventRecorder;
import com.supernovaai.operator.status.StackStatusBuilder;
import com.supernovaai.operator.status.StatusConditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a rollout plan means beyond the objects it shapes, once the workflow applied it: Events,
 * metrics, and removing the promote/abort annotations it acted upon (they are one-shot requests).
 */
public final class RolloutEffects {

  private static final Logger LOG = LoggerFactory.getLogger(RolloutEffects.class);

  private RolloutEffects() {}

  public static void apply(
      KubernetesClient client,
      SuperNovaStack stack,
      RolloutPlan plan,
      SuperNovaStackStatus status,
      RolloutMetrics metrics,
      Instant now) {
    String id = stack.getMetadata().getNamespace() + "/" + stack.getMetadata().getName();
    if (plan.action() != RolloutPlan.Action.NONE) {
      String message = plan.status().getMessage();
      LOG.info(
          "Rollout of {}: {}{}", id, plan.action(), message == null ? "" : " (" + message + ")");
    }
    for (RolloutPlan.Notice notice : plan.notices()) {
      EventRecorder.emit(client, stack, notice.type(), notice.reason(), notice.message(), now);
    }
    if (plan.action() == RolloutPlan.Action.ABORTED && !degradedEventComing(stack, status)) {
      EventRecorder.emit(
          client,
          stack,
          EventRecorder.WARNING,
          StackStatusBuilder.abortReason(plan.status()),
          plan.status().getMessage(),
          now);
    }
    switch (plan.action()) {
      case STARTED, REPLACED -> metrics.started(stack);
      case PROMOTED -> metrics.promoted(stack, plan.timeToPromotion());
      case ABORTED -> metrics.aborted(stack);
      default -> {}
    }
    for (String annotation : plan.consumedAnnotations()) {
      remove(client, stack, annotation);
    }
  }

  /** StackEvents reports Degraded turning True with its reason; no need to say it twice. */
  private static boolean degradedEventComing(SuperNovaStack stack, SuperNovaStackStatus status) {
    boolean was =
        stack.getStatus() != null
            && StatusConditions.isTrue(stack.getStatus().getConditions(), ConditionTypes.DEGRADED);
    return !was
        && StatusConditions.find(status.getConditions(), ConditionTypes.DEGRADED)
            .map(c -> StatusConditions.TRUE.equals(c.getStatus()))
            .orElse(false);
  }

  /** Removes one annotation with a JSON patch; gone already is fine. */
  private static void remove(KubernetesClient client, SuperNovaStack stack, String annotation) {
    String path = "/metadata/annotations/" + annotation.replace("~", "~0").replace("/", "~1");
    try {
      client
          .resources(SuperNovaStack.class)
          .inNamespace(stack.getMetadata().getNamespace())
          .withName(stack.getMetadata().getName())
          .patch(
              PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"" + path + "\"}]");
    } catch (KubernetesClientException e) {
      if (e.getCode() != 422 && e.getCode() != 404) {
        throw e;
      }
    }
  }
}
