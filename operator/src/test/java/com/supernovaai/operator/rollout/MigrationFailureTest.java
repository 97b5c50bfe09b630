package com.supernovaai.operator.rollout;

import static com.supernovaai.operator.rollout.RolloutPlannerTest.lastTerminated;
import static com.supernovaai.operator.rollout.RolloutPlannerTest.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up contract with the API server: exit code 3 and "migration failed: ...". */
class MigrationFailureTest {

  private static final String IMAGE = "registry.example.com/supernova/api-server:2.0.0";

  @Test
  void exitCode3WithThePrefixInTheLastOrCurrentStateIsAMigrationFailure() {
    assertThat(MigrationFailure.of(pod("green", IMAGE, lastTerminated(3, "migration failed: V9"))))
        .contains("migration failed: V9");

    Pod stoppedNow = pod("green", IMAGE, null);
    stoppedNow
        .getStatus()
        .getContainerStatuses()
        .get(0)
        .setState(
            new ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(3)
                .withMessage("migration failed: V10")
                .endTerminated()
                .build());
    assertThat(MigrationFailure.of(stoppedNow)).contains("migration failed: V10");
  }

  @Test
  void aContainerReadyAfterARestartIsNotAFailure() {
    Pod recovered = pod("green", IMAGE, lastTerminated(3, "migration failed: lock timeout"));
    recovered.getStatus().getContainerStatuses().get(0).setReady(true);
    assertThat(MigrationFailure.of(recovered)).isEmpty();
  }

  @Test
  void otherExitCodesOtherMessagesAndNoStatusAreNot() {
    assertThat(MigrationFailure.of(pod("green", IMAGE, lastTerminated(1, "migration failed: V9"))))
        .isEmpty();
    assertThat(MigrationFailure.of(pod("green", IMAGE, lastTerminated(3, "OutOfMemoryError"))))
        .isEmpty();
    assertThat(MigrationFailure.of(pod("green", IMAGE, lastTerminated(3, null)))).isEmpty();
    assertThat(MigrationFailure.of(pod("green", IMAGE, null))).isEmpty();
    Pod pending = pod("green", IMAGE, null);
    pending.setStatus(null);
    assertThat(MigrationFailure.of(pending)).isEmpty();
  }

  @Test
  void onlyPodsOfTheGivenColorAndImageThatAreNotBeingDeletedCount() {
    Pod failedGreen = pod("green", IMAGE, lastTerminated(3, "migration failed: V9"));
    assertThat(MigrationFailure.among(List.of(failedGreen), "green", IMAGE)).isPresent();
    assertThat(MigrationFailure.among(List.of(failedGreen), "blue", IMAGE)).isEmpty();
    assertThat(MigrationFailure.among(List.of(failedGreen), "green", IMAGE + "-other")).isEmpty();
    failedGreen.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    assertThat(MigrationFailure.among(List.of(failedGreen), "green", IMAGE)).isEmpty();
    assertThat(MigrationFailure.among(null, "green", IMAGE)).isEmpty();
  }

  @Test
  void theMessageIsOneBoundedLineWithoutCredentials() {
    String message =
        "migration failed: V9__x.sql\n  connection postgresql://app:s3cret@db:5432/app"
            + " password=s3cret\n"
            + "x".repeat(1000);
    String bounded =
        MigrationFailure.of(pod("green", IMAGE, lastTerminated(3, message))).orElseThrow();
    assertThat(bounded)
        .startsWith("migration failed: V9__x.sql connection postgresql://***@db:5432/app")
        .doesNotContain("s3cret")
        .doesNotContain("\n")
        .endsWith("...")
        .hasSize(MigrationFailure.MAX_MESSAGE);
  }
}
