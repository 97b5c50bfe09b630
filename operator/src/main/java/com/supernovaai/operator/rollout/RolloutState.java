package com.supernovaai.operator.rollout;

import static com.supernovaai.operator.rollout.Deployments.annotation;

import com.supernovaai.operator.model.ApiSpec;
import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.RolloutSpec;
import com.supernovaai.operator.model.RolloutStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The inputs of one planning pass, read once: the spec's target, which color serves, both colors'
 * Deployments, and the last switch recorded on the active Service.
 */
final class RolloutState {
  final RolloutInput in;
  final ApiSpec api;
  final RolloutSpec rollout;
  final Instant now;
  final String hash;
  final String image;
  final String active;
  final String preview;
  final Deployment activeDeployment;
  final Deployment previewDeployment;
  final Instant promotedAt;
  final String previousImage;

  /** spec.replicas of the active color; null when the HPA owns them. */
  final Integer activeReplicas;

  RolloutState(RolloutInput in) {
    this.in = in;
    this.api = in.stack().getSpec().getApi();
    this.rollout = api.getRollout() == null ? new RolloutSpec() : api.getRollout();
    this.now = in.now().truncatedTo(ChronoUnit.SECONDS);
    this.hash = in.templateHash();
    this.image = api.getImage();
    this.active = RolloutPlanner.activeColor(in);
    this.preview = RolloutPlanner.other(active);
    this.activeDeployment = in.deployment(active);
    this.previewDeployment = in.deployment(preview);
    var service = in.activeService();
    var serviceAnnotations = service == null ? null : service.getMetadata().getAnnotations();
    this.promotedAt =
        Deployments.instant(annotation(serviceAnnotations, RolloutAnnotations.PROMOTED_AT));
    this.previousImage = annotation(serviceAnnotations, RolloutAnnotations.PREVIOUS_IMAGE);
    boolean autoscaling =
        api.getAutoscaling() != null && Boolean.TRUE.equals(api.getAutoscaling().getEnabled());
    this.activeReplicas = autoscaling ? null : api.getReplicas();
  }

  /** See {@link Deployments#needsHandover}. */
  boolean needsHandover(Deployment d) {
    return Deployments.needsHandover(d, in.fieldManager());
  }

  /**
   * The plan of a new active Deployment: the spec's size, or with autoscaling created for the HPA
   * at its minReplicas (see ColorPlan.sizeAtCreation), so the stack does not become Ready at one
   * pod and then wait for the HPA to scale it up.
   */
  ColorPlan newActive(Map<String, String> annotations) {
    return activeReplicas != null
        ? ColorPlan.render(activeReplicas, annotations)
        : ColorPlan.renderForAutoscaler(api.getAutoscaling().getMinReplicas(), annotations);
  }

  /** The old color, within the scale-down delay after it last served traffic. */
  boolean keptForRollback(Deployment d) {
    return d != null
        && promotedAt != null
        && now.isBefore(scaleDownAt())
        && Deployments.replicas(d) > 0
        && !startedAfterPromotion(d);
  }

  /** A preview started after the last switch: not the color that served before it. */
  boolean startedAfterPromotion(Deployment d) {
    Instant started = Deployments.startedAt(d);
    return started != null && promotedAt != null && !started.isBefore(promotedAt);
  }

  Instant scaleDownAt() {
    return promotedAt.plusSeconds(rollout.getScaleDownDelaySeconds());
  }

  /** Pods of a preview: spec.api.rollout.previewReplicas, else as many as the active color has. */
  int previewSize() {
    if (rollout.getPreviewReplicas() != null) {
      return rollout.getPreviewReplicas();
    }
    Integer current = activeDeployment.getSpec().getReplicas();
    if (current == null && activeDeployment.getStatus() != null) {
      current = activeDeployment.getStatus().getReplicas();
    }
    if (current == null) {
      current = api.getReplicas();
    }
    return Math.max(1, current == null ? 0 : current);
  }

  /** The status of a stack with no rollout in progress. */
  RolloutStatus idleStatus() {
    RolloutStatus status = new RolloutStatus();
    status.setPhase(RolloutPhase.Idle);
    status.setPromotedAt(promotedAtValue());
    return status;
  }

  /** The status of a rollout to the spec's image, started at {@code started}. */
  RolloutStatus status(RolloutPhase phase, Instant started) {
    RolloutStatus status = new RolloutStatus();
    status.setPhase(phase);
    status.setTargetImage(image);
    status.setStartedAt(started == null ? null : started.toString());
    status.setPromotedAt(promotedAtValue());
    return status;
  }

  String promotedAtValue() {
    return promotedAt == null ? null : promotedAt.toString();
  }
}
