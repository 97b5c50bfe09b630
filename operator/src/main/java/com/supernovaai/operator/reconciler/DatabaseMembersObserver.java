package com.supernovaai.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.config.PatroniConfig;
import com.supernovaai.operator.model.DatabaseInstanceStatus;
import com.supernovaai.operator.model.DatabaseStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A replicated database as its members report it: Patroni labels each pod with its role and keeps
 * its state (WAL position, timeline) in the pod's {@code status} annotation every loop. The
 * operator only reads these; it takes no part in an election.
 */
public final class DatabaseMembersObserver {

  /** Patroni 3.0 labels the leader {@code master}, Patroni 4 {@code primary}. */
  private static final List<String> LEADER_ROLES = List.of("master", "primary");

  static final String STATUS_ANNOTATION = "status";

  private static final ObjectMapper JSON = new ObjectMapper();

  private DatabaseMembersObserver() {}

  /** Null for a single instance or an external database (nothing to report). */
  static DatabaseStatus observe(
      SuperNovaStack stack, Context<SuperNovaStack> context, Instant now) {
    if (stack.getSpec().getDatabase().hasExternal()
        || !stack.getSpec().getDatabase().replicated()) {
      return null;
    }
    List<Pod> pods =
        context
            .getSecondaryResourcesAsStream(Pod.class)
            .filter(p -> p.getMetadata().getLabels() != null)
            .filter(
                p ->
                    Labels.COMPONENT_DATABASE.equals(
                        p.getMetadata().getLabels().get(Labels.COMPONENT)))
            .toList();
    var previous = stack.getStatus() == null ? null : stack.getStatus().getDatabase();
    return of(pods, previous, now);
  }

  /** The status from the members' pods; the last failover is when the timeline grew. */
  public static DatabaseStatus of(List<Pod> pods, DatabaseStatus previous, Instant now) {
    List<Pod> members =
        pods.stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
            .toList();
    Optional<Pod> leader = leader(members);
    Optional<Long> leaderPosition = leader.flatMap(p -> state(p, "xlog_location"));

    DatabaseStatus status = new DatabaseStatus();
    leader.ifPresent(p -> status.setPrimary(p.getMetadata().getName()));
    Long timeline = leader.flatMap(p -> state(p, "timeline")).orElse(null);
    Long previousTimeline = previous == null ? null : previous.getTimeline();
    // While no member leads (mid-failover), keep the last known timeline: the next leader's is
    // compared with it.
    status.setTimeline(timeline != null ? timeline : previousTimeline);
    String lastFailover = previous == null ? null : previous.getLastFailoverTime();
    if (timeline != null && previousTimeline != null && timeline > previousTimeline) {
      lastFailover = now.toString();
    }
    status.setLastFailoverTime(lastFailover);

    List<DatabaseInstanceStatus> instances = new ArrayList<>();
    for (Pod pod : members) {
      String role = isLeader(pod) ? "primary" : roleLabel(pod);
      Long lag = null;
      if (PatroniConfig.REPLICA_ROLE.equals(role) && leaderPosition.isPresent()) {
        lag =
            state(pod, "xlog_location")
                .map(p -> Math.max(0, leaderPosition.get() - p))
                .orElse(null);
      }
      instances.add(new DatabaseInstanceStatus(pod.getMetadata().getName(), role, lag));
    }
    status.setInstances(instances);
    return status;
  }

  /**
   * The member that leads. A hung or cut-off leader keeps its label (Patroni patches only its own
   * pod) after another member took the key: of two labelled leaders, the one on the newer timeline
   * leads (a promotion always starts one).
   */
  static Optional<Pod> leader(List<Pod> members) {
    return members.stream()
        .filter(DatabaseMembersObserver::isLeader)
        .max(
            Comparator.comparing((Pod p) -> state(p, "timeline").orElse(-1L))
                .thenComparing(p -> p.getMetadata().getName(), Comparator.reverseOrder()));
  }

  private static boolean isLeader(Pod pod) {
    String role = roleLabel(pod);
    return role != null && LEADER_ROLES.contains(role);
  }

  private static String roleLabel(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(PatroniConfig.ROLE_LABEL);
  }

  /** A number from the member's state annotation, which Patroni writes as JSON. */
  private static Optional<Long> state(Pod pod, String field) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    if (annotations == null || annotations.get(STATUS_ANNOTATION) == null) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(annotations.get(STATUS_ANNOTATION)).get(field);
      return node != null && node.canConvertToLong()
          ? Optional.of(node.asLong())
          : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
