package com.supernovaai.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether anyone fought a HorizontalPodAutoscaler over a Deployment's size, replayed from the audit
 * log: once the autoscaler has set {@code spec.replicas} (through the scale subresource), a write
 * by another user that sets a different value overrode it.
 */
public final class ReplicaWrites {

  /** The controller-manager's HPA controller (it runs with per-controller credentials). */
  public static final String AUTOSCALER =
      "system:serviceaccount:kube-system:horizontal-pod-autoscaler";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReplicaWrites() {}

  /**
   * The writes by {@code user} that changed spec.replicas away from what the autoscaler had set.
   * {@code writes} are one namespace's writes in the order the API server completed them. Before
   * the autoscaler's first write to a Deployment its size is its creator's, so writes then are not
   * counted; a deletion starts the Deployment over, and so does an HPA write that points the HPA at
   * another Deployment (after a blue-green promotion the old color is the operator's to scale
   * down).
   */
  public static List<AuditLog.Write> overridesOfAutoscaler(
      List<AuditLog.Write> writes, String user) {
    Replay replay = new Replay();
    List<AuditLog.Write> overrides = new ArrayList<>();
    for (AuditLog.Write write : writes) {
      Integer sized = replay.sizeBefore(write);
      Optional<Integer> replicas = replicas(write);
      if (sized != null
          && user.equals(write.user())
          && replicas.isPresent()
          && !sized.equals(replicas.get())) {
        overrides.add(write);
      }
    }
    return overrides;
  }

  /**
   * The writes by {@code user} that set spec.replicas at all (to any value) while the autoscaler
   * sized the Deployment: each one makes {@code user} a co-owner of the field, and one sent with a
   * size read just before the autoscaler changed it would override the autoscaler.
   */
  public static List<AuditLog.Write> setsAfterAutoscaler(List<AuditLog.Write> writes, String user) {
    Replay replay = new Replay();
    List<AuditLog.Write> sets = new ArrayList<>();
    for (AuditLog.Write write : writes) {
      Integer sized = replay.sizeBefore(write);
      if (sized != null && user.equals(write.user()) && replicas(write).isPresent()) {
        sets.add(write);
      }
    }
    return sets;
  }

  /**
   * Which Deployments the autoscaler sizes, and at what count, write by write: from the
   * autoscaler's first write of spec.replicas until the Deployment is deleted or no HPA targets it
   * any more. Refused writes change nothing.
   */
  private static final class Replay {
    private final Map<String, Integer> size = new HashMap<>(); // autoscaled Deployments
    private final Map<String, String> targets = new HashMap<>(); // HPA name -> its Deployment

    /**
     * The autoscaled size of the Deployment {@code write} writes, as it was before; then applies
     * it.
     */
    Integer sizeBefore(AuditLog.Write write) {
      if (write.code() >= 300) {
        return null;
      }
      if ("horizontalpodautoscalers".equals(write.resource()) && write.subresource() == null) {
        String previous =
            "delete".equals(write.verb())
                ? targets.remove(write.name())
                : scaleTarget(write).map(t -> targets.put(write.name(), t)).orElse(null);
        if (previous != null && !targets.containsValue(previous)) {
          size.remove(previous);
        }
        return null;
      }
      if (!"deployments".equals(write.resource())) {
        return null;
      }
      Integer sized = size.get(write.name());
      if ("delete".equals(write.verb())) {
        size.remove(write.name());
        return sized;
      }
      Optional<Integer> replicas = replicas(write);
      if (replicas.isPresent() && (sized != null || AUTOSCALER.equals(write.user()))) {
        size.put(write.name(), replicas.get());
      }
      return sized;
    }
  }

  /** The Deployment an HPA write points the HPA at, if it sets one. */
  private static Optional<String> scaleTarget(AuditLog.Write write) {
    JsonNode name = body(write).path("spec").path("scaleTargetRef").path("name");
    return name.isTextual() ? Optional.of(name.asText()) : Optional.empty();
  }

  /**
   * spec.replicas that an update or patch sets (a Deployment's and a Scale's are at the same path).
   */
  public static Optional<Integer> replicas(AuditLog.Write write) {
    JsonNode replicas = body(write).path("spec").path("replicas");
    return replicas.isIntegralNumber() ? Optional.of(replicas.asInt()) : Optional.empty();
  }

  private static JsonNode body(AuditLog.Write write) {
    if (write.requestBody() == null) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(write.requestBody());
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }
}
