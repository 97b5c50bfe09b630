package com.supernovaai.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.model.FromObjectStoreSpec;
import com.supernovaai.operator.model.ObjectStoreCredentials;
import com.supernovaai.operator.model.RestorePhase;
import com.supernovaai.operator.status.StackStatusBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** status.restore of a point-in-time recovery, from the database pod's init container. */
class PointInTimeRecoveryObserverTest {

  private static final String SUCCEEDED =
      "{\"result\":\"Succeeded\",\"targetTime\":\"2026-12-02 09:41:07.000000+00\","
          + "\"lastReplayedCommit\":\"2026-12-02T09:41:06.912345Z\",\"restoreSeconds\":3,"
          + "\"replaySeconds\":2,\"seconds\":6,\"backup\":\"20261202-093012F\"}";

  @Test
  void noPodYetIsPending() {
    var r = PointInTimeRecoveryObserver.of(source(), Optional.empty());
    assertThat(r.getPhase()).isEqualTo(RestorePhase.Pending);
    assertThat(r.getSource()).isEqualTo("https://s3.local/archives/prod/supernova");
    assertThat(r.getTargetTime()).isEqualTo("2026-12-02T09:41:07Z");
  }

  @Test
  void aRunningInitContainerIsRunning() {
    var r =
        PointInTimeRecoveryObserver.of(
            source(),
            pod(
                new ContainerStateBuilder().withNewRunning("2026-12-02T10:00:00Z").build(),
                null,
                0));
    assertThat(r.getPhase()).isEqualTo(RestorePhase.Running);
    assertThat(r.getStartTime()).isEqualTo("2026-12-02T10:00:00Z");
  }

  @Test
  void aFinishedInitContainerIsSucceededWithTheBackupAndTheLastReplayedCommit() {
    var r = PointInTimeRecoveryObserver.of(source(), pod(terminated(0, SUCCEEDED), null, 0));
    assertThat(r.getPhase()).isEqualTo(RestorePhase.Succeeded);
    assertThat(r.getFile()).isEqualTo("20261202-093012F");
    assertThat(r.getCompletionTime()).isEqualTo("2026-12-02T10:00:06Z");
    assertThat(r.getMessage())
        .contains("to 2026-12-02T09:41:07Z", "committed at 2026-12-02T09:41:06.912345Z");
    var status = StackStatusBuilder.of(stackFor(), java.time.Instant.now());
    RestoreObserver.report(r, status);
    assertThat(status.build().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("DatabaseRestored");
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("Restored");
            });
  }

  @Test
  void aFailedAttemptStaysFailedWhileTheKubeletRetriesIt() {
    String failed =
        "{\"result\":\"Failed\",\"reason\":\"TargetBeforeBackup\",\"message\":\"PostgreSQL stopped"
            + " during the recovery: requested recovery stop point is before consistent recovery"
            + " point\"}";
    var waiting =
        PointInTimeRecoveryObserver.of(
            source(),
            pod(
                new ContainerStateBuilder().withNewWaiting("back-off", "CrashLoopBackOff").build(),
                terminated(1, failed),
                2));
    assertThat(waiting.getPhase()).isEqualTo(RestorePhase.Failed);
    assertThat(waiting.getReason()).isEqualTo("TargetBeforeBackup");
    assertThat(waiting.getMessage()).contains("before consistent recovery point", "2 attempts");
    var retrying =
        PointInTimeRecoveryObserver.of(
            source(),
            pod(
                new ContainerStateBuilder().withNewRunning("2026-12-02T10:05:00Z").build(),
                terminated(1, failed),
                2));
    assertThat(retrying.getPhase()).isEqualTo(RestorePhase.Failed);
    assertThat(retrying.getReason()).isEqualTo("TargetBeforeBackup");
    assertThat(RestoreObserver.fault(retrying)).isPresent();
  }

  @Test
  void aCrashWithoutAResultNamesTheContainerToLookAt() {
    var r = PointInTimeRecoveryObserver.of(source(), pod(terminated(137, "Killed"), null, 0));
    assertThat(r.getPhase()).isEqualTo(RestorePhase.Failed);
    assertThat(r.getReason()).isEqualTo("RestoreFailed");
    assertThat(r.getMessage()).contains("exited with code 137", "-c pitr-restore");
  }

  @Test
  void theInformerSeesTheInitContainersStateChange() {
    Pod running =
        pod(new ContainerStateBuilder().withNewRunning("2026-12-02T10:00:00Z").build(), null, 0)
            .orElseThrow();
    Pod done = pod(terminated(0, SUCCEEDED), null, 0).orElseThrow();
    assertThat(PointInTimeRecoveryObserver.stateOf(running))
        .isNotEqualTo(PointInTimeRecoveryObserver.stateOf(done));
    assertThat(PointInTimeRecoveryObserver.stateOf(new PodBuilder().build())).isEmpty();
  }

  private static com.supernovaai.operator.model.SuperNovaStack stackFor() {
    return com.supernovaai.operator.Stacks.minimal();
  }

  private static io.fabric8.kubernetes.api.model.ContainerState terminated(
      int code, String message) {
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withExitCode(code)
        .withMessage(message)
        .withStartedAt("2026-12-02T10:00:00Z")
        .withFinishedAt("2026-12-02T10:00:06Z")
        .endTerminated()
        .build();
  }

  private static Optional<Pod> pod(
      io.fabric8.kubernetes.api.model.ContainerState state,
      io.fabric8.kubernetes.api.model.ContainerState last,
      int restarts) {
    return Optional.of(
        new PodBuilder()
            .withNewMetadata()
            .withName("prod-db-0")
            .endMetadata()
            .withNewStatus()
            .addToInitContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("pitr-restore")
                    .withState(state)
                    .withLastState(last)
                    .withRestartCount(restarts)
                    .build())
            .endStatus()
            .build());
  }

  private static FromObjectStoreSpec source() {
    var from = new FromObjectStoreSpec();
    from.setEndpoint("https://s3.local/");
    from.setBucket("archives");
    from.setPath("/prod/supernova");
    from.setTargetTime("2026-12-02T09:41:07Z");
    from.setCredentialsSecret(new ObjectStoreCredentials());
    return from;
  }
}
