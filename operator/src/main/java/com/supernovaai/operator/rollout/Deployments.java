package com.supernovaai.operator.rollout;

import com.supernovaai.operator.FieldManagers;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/** What the planner reads off an observed API Deployment: readiness, sizes, image, annotations. */
public final class Deployments {

  private Deployments() {}

  /**
   * The Deployment has its current template, all {@code size} pods of it available (Ready for
   * minReadySeconds) and no pods of an older template left.
   */
  public static boolean promotable(Deployment d, int size) {
    if (d == null || d.getStatus() == null || !Objects.equals(d.getSpec().getReplicas(), size)) {
      return false;
    }
    var s = d.getStatus();
    return observedCurrentSpec(d)
        && value(s.getUpdatedReplicas()) == size
        && value(s.getReplicas()) == size
        && value(s.getAvailableReplicas()) >= size
        && value(s.getReadyReplicas()) >= size
        && value(s.getUnavailableReplicas()) == 0;
  }

  /** Pods of the Deployment's current template that are available, as far as status tells. */
  static int availableOfTemplate(Deployment d) {
    if (!observedCurrentSpec(d)) {
      return 0;
    }
    var s = d.getStatus();
    return Math.min(value(s.getUpdatedReplicas()), value(s.getAvailableReplicas()));
  }

  /** Whether {@code fieldManager} holds spec.replicas of the Deployment through an apply. */
  public static boolean appliesReplicas(Deployment d, String fieldManager) {
    if (d == null || fieldManager == null || d.getMetadata().getManagedFields() == null) {
      return false;
    }
    return d.getMetadata().getManagedFields().stream()
        .filter(m -> fieldManager.equals(m.getManager()) && "Apply".equals(m.getOperation()))
        .filter(m -> m.getSubresource() == null || m.getSubresource().isEmpty())
        .anyMatch(FieldManagers::holdsReplicas);
  }

  /**
   * {@code operatorManager}'s apply holds spec.replicas and the hand-over manager does not yet: an
   * apply of the operator's without replicas would reset them, so they are handed over first.
   */
  public static boolean needsHandover(Deployment d, String operatorManager) {
    return appliesReplicas(d, operatorManager)
        && !appliesReplicas(d, RolloutPlanner.HANDOVER_FIELD_MANAGER);
  }

  /** spec.replicas, 0 when unset. */
  static int replicas(Deployment d) {
    return value(d.getSpec().getReplicas());
  }

  /** The image of the pod template's first container (the API server), or null. */
  static String image(Deployment d) {
    if (d == null || d.getSpec() == null || d.getSpec().getTemplate() == null) {
      return null;
    }
    var containers = d.getSpec().getTemplate().getSpec().getContainers();
    return containers == null || containers.isEmpty() ? null : containers.get(0).getImage();
  }

  /** When the Deployment became a rollout's preview ({@link RolloutAnnotations#STARTED_AT}). */
  static Instant startedAt(Deployment d) {
    return instant(annotation(d, RolloutAnnotations.STARTED_AT));
  }

  static String annotation(Deployment d, String key) {
    return d == null ? null : annotation(d.getMetadata().getAnnotations(), key);
  }

  static String annotation(Map<String, String> annotations, String key) {
    return annotations == null ? null : annotations.get(key);
  }

  /** An RFC 3339 annotation value; null when absent or unreadable (edited by hand). */
  static Instant instant(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean observedCurrentSpec(Deployment d) {
    var s = d.getStatus();
    Long generation = d.getMetadata().getGeneration();
    return s != null
        && s.getObservedGeneration() != null
        && generation != null
        && s.getObservedGeneration() >= generation;
  }

  private static int value(Integer i) {
    return i == null ? 0 : i;
  }
}
