package com.supernovaai.operator.rollout;

import com.supernovaai.operator.Labels;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The API server's start-up contract for schema migrations: when its migration fails, the container
 * exits with {@link #EXIT_CODE} and a termination message starting with {@link #PREFIX}. New pods
 * migrate the shared database before they get traffic, so such a pod means the new version cannot
 * run against this database: waiting for the progress deadline would only delay the abort.
 */
public final class MigrationFailure {

  public static final int EXIT_CODE = 3;

  public static final String PREFIX = "migration failed: ";

  /** Status messages stay short; the pod's log has the rest. */
  static final int MAX_MESSAGE = 300;

  private MigrationFailure() {}

  /**
   * The termination message of the first pod of {@code color} running {@code image} whose container
   * stopped on a failed migration (now or at its last restart), cut to {@link #MAX_MESSAGE}.
   */
  public static Optional<String> among(Collection<Pod> pods, String color, String image) {
    if (pods == null) {
      return Optional.empty();
    }
    return pods.stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> color.equals(label(p, Labels.COLOR)))
        .filter(p -> runs(p, image))
        .map(MigrationFailure::of)
        .flatMap(Optional::stream)
        .findFirst();
  }

  /**
   * The termination message of a container of the pod that stopped on a failed migration and has
   * not become ready since.
   */
  public static Optional<String> of(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        // Restarted and ready since (a transient failure that a retry got past): not a failure.
        .filter(c -> !Boolean.TRUE.equals(c.getReady()))
        .flatMap(MigrationFailure::terminations)
        .filter(t -> Objects.equals(t.getExitCode(), EXIT_CODE))
        .map(ContainerStateTerminated::getMessage)
        .filter(m -> m != null && m.startsWith(PREFIX))
        .map(MigrationFailure::bounded)
        .findFirst();
  }

  /** The current state first: it is the newest. */
  private static Stream<ContainerStateTerminated> terminations(ContainerStatus status) {
    return Stream.of(status.getState(), status.getLastState())
        .filter(Objects::nonNull)
        .map(ContainerState::getTerminated)
        .filter(Objects::nonNull);
  }

  /**
   * One line, at most {@link #MAX_MESSAGE} characters, credentials masked in case a driver message
   * carried a connection string.
   */
  static String bounded(String message) {
    String line =
        message
            .strip()
            .replaceAll("\\s*\\R\\s*", " ")
            .replaceAll("(?i)(password=)[^&\\s]*", "$1***")
            .replaceAll("://[^/@\\s]*@", "://***@");
    return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 3) + "...";
  }

  private static boolean runs(Pod pod, String image) {
    return pod.getSpec() != null
        && pod.getSpec().getContainers() != null
        && pod.getSpec().getContainers().stream().anyMatch(c -> image.equals(c.getImage()));
  }

  private static String label(Pod pod, String key) {
    var labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }
}
