package com.supernovaai.operator.backup;

import com.supernovaai.operator.dependent.DatabasePointInTimeRecovery;
import com.supernovaai.operator.model.FromObjectStoreSpec;
import com.supernovaai.operator.model.RestorePhase;
import com.supernovaai.operator.model.RestoreStatus;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * status.restore of a point-in-time recovery (bootstrap.fromObjectStore), read from the database
 * pod's init container: its state, and the JSON line pitr-bootstrap.sh leaves as its termination
 * message. A failed attempt stays Failed while the kubelet retries it, so the condition (and its
 * Event) does not flap with every retry.
 */
public final class PointInTimeRecoveryObserver {

  private PointInTimeRecoveryObserver() {}

  /** The restore's status from the database pod (empty while there is none). */
  public static RestoreStatus of(FromObjectStoreSpec from, Optional<Pod> pod) {
    RestoreStatus r = new RestoreStatus();
    r.setSource(DatabasePointInTimeRecovery.source(from));
    r.setTargetTime(from.getTargetTime());
    String target = from.getTargetTime() == null ? "the end of the archive" : from.getTargetTime();
    Optional<ContainerStatus> init = pod.flatMap(PointInTimeRecoveryObserver::initContainer);
    if (init.isEmpty() || init.get().getState() == null) {
      r.setPhase(RestorePhase.Pending);
      r.setMessage("Waiting for the database pod to restore " + r.getSource() + " to " + target);
      return r;
    }
    var state = init.get().getState();
    ContainerStateTerminated last =
        init.get().getLastState() == null ? null : init.get().getLastState().getTerminated();
    if (state.getTerminated() != null && state.getTerminated().getExitCode() == 0) {
      var done = state.getTerminated();
      var result = JobResult.parse(String.valueOf(done.getMessage()));
      r.setPhase(RestorePhase.Succeeded);
      r.setStartTime(done.getStartedAt());
      r.setCompletionTime(done.getFinishedAt());
      r.setFile(result.flatMap(x -> x.text("backup")).filter(s -> !s.isBlank()).orElse(null));
      r.setMessage(
          "Restored "
              + r.getSource()
              + " to "
              + target
              + result
                  .flatMap(x -> x.text("lastReplayedCommit"))
                  .filter(s -> !s.isBlank())
                  .map(t -> " (last transaction replayed committed at " + t + ")")
                  .orElse(""));
      return r;
    }
    ContainerStateTerminated failed =
        state.getTerminated() != null ? state.getTerminated() : failedAttempt(last);
    if (failed != null) {
      var result = JobResult.parse(String.valueOf(failed.getMessage()));
      r.setPhase(RestorePhase.Failed);
      r.setStartTime(failed.getStartedAt());
      r.setCompletionTime(failed.getFinishedAt());
      r.setReason(result.flatMap(x -> x.text("reason")).orElse(Reasons.RESTORE_FAILED));
      String message =
          result
              .flatMap(x -> x.text("message"))
              .orElse(
                  "the restore container exited with code "
                      + failed.getExitCode()
                      + "; see its log (kubectl logs <pod> -c "
                      + DatabasePointInTimeRecovery.CONTAINER
                      + ")");
      int restarts = init.get().getRestartCount() == null ? 0 : init.get().getRestartCount();
      r.setMessage(message + (restarts > 0 ? " (" + restarts + " attempts failed)" : ""));
      return r;
    }
    if (state.getRunning() != null) {
      r.setPhase(RestorePhase.Running);
      r.setStartTime(state.getRunning().getStartedAt());
      r.setMessage("Restoring " + r.getSource() + " to " + target);
      return r;
    }
    r.setPhase(RestorePhase.Pending);
    r.setMessage(
        "Waiting for the database pod to restore "
            + r.getSource()
            + " to "
            + target
            + Optional.ofNullable(state.getWaiting())
                .map(w -> w.getReason())
                .map(reason -> " (" + reason + ")")
                .orElse(""));
    return r;
  }

  private static ContainerStateTerminated failedAttempt(ContainerStateTerminated last) {
    return last != null && last.getExitCode() != null && last.getExitCode() != 0 ? last : null;
  }

  /**
   * The restore container's state of a pod, for the informer's filter: a change reconciles (the
   * database pod's status is otherwise only read from the cache).
   */
  public static Optional<String> stateOf(Pod pod) {
    return initContainer(pod)
        .map(
            c ->
                String.valueOf(c.getRestartCount())
                    + (c.getState() == null
                        ? ""
                        : c.getState().getRunning() != null
                            ? "running"
                            : c.getState().getTerminated() != null
                                ? "exited " + c.getState().getTerminated().getExitCode()
                                : "waiting"));
  }

  private static Optional<ContainerStatus> initContainer(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getInitContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getInitContainerStatuses().stream()
        .filter(c -> DatabasePointInTimeRecovery.CONTAINER.equals(c.getName()))
        .findFirst();
  }
}
