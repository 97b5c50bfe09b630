package com.supernovaai.operator.rollout;

import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a rollout plan means beyond the objects it shapes, once the workflow applied it: Events,
 * metrics, and removing the promote/abort annotations it acted upon (they are one-shot requests).
 */
public final class RolloutEffects {

  private static final Logger LOG = LoggerFactory.getLogger(RolloutEffects.class);

  /** Records an Event on the stack. */
  @FunctionalInterface
  public interface Events {
    void emit(String type, String reason, String message);
  }

  private RolloutEffects() {}

  /**
   * @param degradedAnnounced the status written with this plan turns Degraded True, whose Warning
   *     Event already tells an abort: no need to say it twice
   * @param metrics null when the operator runs without metrics
   */
  public static void apply(
      KubernetesClient client,
      SuperNovaStack stack,
      RolloutPlan plan,
      boolean degradedAnnounced,
      Events events,
      RolloutMetrics metrics) {
    String id = stack.getMetadata().getNamespace() + "/" + stack.getMetadata().getName();
    if (plan.action() != RolloutPlan.Action.NONE) {
      String message = plan.status().getMessage();
      LOG.info(
          "Rollout of {}: {}{}", id, plan.action(), message == null ? "" : " (" + message + ")");
    }
    for (RolloutPlan.Notice notice : plan.notices()) {
      events.emit(notice.type(), notice.reason(), notice.message());
    }
    if (plan.action() == RolloutPlan.Action.ABORTED && !degradedAnnounced) {
      events.emit("Warning", RolloutPlanner.abortReason(plan.status()), plan.status().getMessage());
    }
    if (metrics != null) {
      switch (plan.action()) {
        case STARTED, REPLACED -> metrics.started(stack);
        case PROMOTED -> metrics.promoted(stack, plan.timeToPromotion());
        case ABORTED -> metrics.aborted(stack);
        default -> {}
      }
    }
    for (String annotation : plan.consumedAnnotations()) {
      remove(client, stack, annotation);
    }
  }

  /** Removes one annotation with a JSON patch; gone already is fine. */
  private static void remove(KubernetesClient client, SuperNovaStack stack, String annotation) {
    if (client == null) {
      return;
    }
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
