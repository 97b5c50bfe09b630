package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.model.RedisStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A sentinel-mode Redis's master as its pods report it: each pod labels itself with the role its
 * Redis answers ({@code redis-role-label.sh}). The operator only reads the labels; the Sentinels
 * elect, with no part for the operator.
 */
public final class RedisMasterObserver {

  private RedisMasterObserver() {}

  /** Null for standalone or external Redis (nothing to report). */
  static RedisStatus observe(SuperNovaStack stack, Context<SuperNovaStack> context, Instant now) {
    var redis = stack.getSpec().getRedis();
    if (redis.hasExternal() || !redis.sentinel()) {
      return null;
    }
    List<Pod> pods =
        context
            .getSecondaryResourcesAsStream(Pod.class)
            .filter(p -> p.getMetadata().getLabels() != null)
            .filter(
                p ->
                    Labels.COMPONENT_REDIS.equals(
                        p.getMetadata().getLabels().get(Labels.COMPONENT)))
            .toList();
    var previous = stack.getStatus() == null ? null : stack.getStatus().getRedis();
    return of(pods, previous, now);
  }

  /**
   * The status from the pods' labels. A pod that is hung or cut off keeps the label it had, so two
   * pods may say master while the Sentinels promote one: then the one that was not the master
   * before is the new one. The last failover is when the master changed from one pod to another.
   * The replicas are the ready pods labelled replica: what a next failover could promote.
   */
  public static RedisStatus of(List<Pod> pods, RedisStatus previous, Instant now) {
    String before = previous == null ? null : previous.getMaster();
    Optional<String> master =
        pods.stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .filter(p -> Labels.REDIS_MASTER.equals(role(p)))
            .map(p -> p.getMetadata().getName())
            .min(
                Comparator.comparing((String name) -> name.equals(before))
                    .thenComparing(Comparator.naturalOrder()));
    String lastFailover = previous == null ? null : previous.getLastFailoverTime();
    if (master.isPresent() && before != null && !master.get().equals(before)) {
      lastFailover = now.toString();
    }
    // While no pod is the master (mid-failover), keep the last one known: the status says who
    // was, the RedisReady condition and the Service's endpoints say that nobody answers now.
    String known = master.orElse(before);
    if (known == null && lastFailover == null) {
      return null;
    }
    int replicas =
        (int)
            pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> Labels.REDIS_REPLICA.equals(role(p)))
                .filter(RedisMasterObserver::ready)
                .count();
    return new RedisStatus(known, lastFailover, replicas);
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** A pod's role label, null when it has none (yet). */
  static String role(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(Labels.REDIS_ROLE);
  }

  /** Whether the master changed from one pod to another between two statuses (a failover). */
  public static boolean changed(RedisStatus before, RedisStatus after) {
    return before != null
        && after != null
        && before.getMaster() != null
        && after.getMaster() != null
        && !Objects.equals(before.getMaster(), after.getMaster());
  }
}
