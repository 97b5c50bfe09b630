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
   * {@code writes} are one namespace's Deployment writes in the order the API server completed
   * them. Before the autoscaler's first write to a Deployment its size is its creator's, so writes
   * then are not counted; a deletion starts the Deployment over.
   */
  public static List<AuditLog.Write> overridesOfAutoscaler(
      List<AuditLog.Write> writes, String user) {
    Map<String, Integer> size = new HashMap<>(); // per Deployment, once the autoscaler sized it
    List<AuditLog.Write> overrides = new ArrayList<>();
    for (AuditLog.Write write : writes) {
      if (!"deployments".equals(write.resource()) || write.code() >= 300) {
        continue;
      }
      if ("delete".equals(write.verb())) {
        size.remove(write.name());
        continue;
      }
      Optional<Integer> replicas = replicas(write);
      if (replicas.isEmpty()) {
        continue;
      }
      if (AUTOSCALER.equals(write.user())) {
        size.put(write.name(), replicas.get());
        continue;
      }
      Integer sized = size.get(write.name());
      if (sized != null) {
        if (user.equals(write.user()) && !sized.equals(replicas.get())) {
          overrides.add(write);
        }
        size.put(write.name(), replicas.get());
      }
    }
    return overrides;
  }

  /**
   * The writes by {@code user} that set spec.replicas at all (to any value) once the autoscaler had
   * sized the Deployment: each one makes {@code user} a co-owner of the field, and one sent with a
   * size read just before the autoscaler changed it would override the autoscaler.
   */
  public static List<AuditLog.Write> setsAfterAutoscaler(List<AuditLog.Write> writes, String user) {
    Map<String, Boolean> sized = new HashMap<>();
    List<AuditLog.Write> sets = new ArrayList<>();
    for (AuditLog.Write write : writes) {
      if (!"deployments".equals(write.resource()) || write.code() >= 300) {
        continue;
      }
      if ("delete".equals(write.verb())) {
        sized.remove(write.name());
      } else if (AUTOSCALER.equals(write.user()) && replicas(write).isPresent()) {
        sized.put(write.name(), true);
      } else if (user.equals(write.user())
          && sized.containsKey(write.name())
          && replicas(write).isPresent()) {
        sets.add(write);
      }
    }
    return sets;
  }

  /**
   * spec.replicas that an update or patch sets (a Deployment's and a Scale's are at the same path).
   */
  public static Optional<Integer> replicas(AuditLog.Write write) {
    if (write.requestBody() == null) {
      return Optional.empty();
    }
    try {
      JsonNode replicas = JSON.readTree(write.requestBody()).path("spec").path("replicas");
      return replicas.isIntegralNumber() ? Optional.of(replicas.asInt()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
