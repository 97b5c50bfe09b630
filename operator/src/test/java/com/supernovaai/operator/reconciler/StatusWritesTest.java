package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.model.ApiStatus;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.Phase;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusWritesTest {

  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  private static SuperNovaStackStatus status(String apiReady, String message, int readyPods) {
    var status = new SuperNovaStackStatus();
    status.setPhase(Phase.Progressing);
    status.setObservedGeneration(1L);
    var condition = condition("ApiReady", apiReady, message);
    condition.setReason("True".equals(apiReady) ? "DeploymentAvailable" : "DeploymentNotAvailable");
    status.setConditions(List.of(condition));
    var api = new ApiStatus();
    api.setReplicas(3);
    api.setReadyReplicas(readyPods);
    status.setApi(api);
    return status;
  }

  private static Condition condition(String type, String status, String message) {
    var condition = new Condition();
    condition.setType(type);
    condition.setStatus(status);
    condition.setMessage(message);
    return condition;
  }

  /** {@code status} with one more condition after its ApiReady. */
  private static SuperNovaStackStatus with(SuperNovaStackStatus status, Condition condition) {
    status.setConditions(List.of(status.getConditions().get(0), condition));
    return status;
  }

  @Test
  void podCountsAndMessagesAloneAreProgress() {
    assertThat(
            StatusWrites.progressOnly(
                status("False", "1/3 pods available", 1), status("False", "2/3 pods available", 2)))
        .isTrue();
  }

  @Test
  void aNewBackupMessageIsNews() {
    var before =
        with(
            status("False", "1/3 pods available", 1),
            condition("BackupHealthy", "True", "Backups run on schedule 0 2 * * *"));
    var after =
        with(
            status("False", "1/3 pods available", 1),
            condition("BackupHealthy", "True", "Last backup succeeded at 2026-11-30T02:00:07Z"));
    assertThat(StatusWrites.progressOnly(before, after)).isFalse();
  }

  @Test
  void backupsGettingScheduledWhileTheStackComesUpIsProgress() {
    // The CronJob is one more object coming up: its first report waits with the other progress.
    var pending = condition("BackupHealthy", "False", "The backup CronJob does not exist yet");
    pending.setReason("Pending");
    var scheduled = condition("BackupHealthy", "True", "Backups run on schedule 0 2 * * *");
    scheduled.setReason("Scheduled");
    assertThat(
            StatusWrites.progressOnly(
                with(status("False", "1/3 pods available", 1), pending),
                with(status("False", "1/3 pods available", 1), scheduled)))
        .isTrue();
  }

  @Test
  void theActiveImageFirstReportedIsProgress() {
    var after = status("False", "0/3 pods available", 0);
    after.getApi().setActiveImage("registry.example.com/supernova/api-server:1.4.2");
    assertThat(StatusWrites.progressOnly(status("False", "0/3 pods available", 0), after)).isTrue();
  }

  @Test
  void anotherActiveImageIsNot() {
    var before = status("True", "3/3 pods available", 3);
    before.getApi().setActiveImage("registry.example.com/supernova/api-server:1.4.2");
    var after = status("True", "3/3 pods available", 3);
    after.getApi().setActiveImage("registry.example.com/supernova/api-server:1.5.0");
    assertThat(StatusWrites.progressOnly(before, after)).isFalse();
  }

  @Test
  void aComponentBecomingReadyWhileTheStackIsNotIsProgress() {
    assertThat(
            StatusWrites.progressOnly(
                status("False", "2/3 pods available", 2), status("True", "3/3 pods available", 3)))
        .isTrue();
  }

  @Test
  void readyOrDegradedFlippingIsNot() {
    var notReady =
        with(status("False", "2/3 pods available", 2), condition("Ready", "False", "Waiting"));
    var ready = with(status("True", "3/3 pods available", 3), condition("Ready", "True", "All"));
    assertThat(StatusWrites.progressOnly(notReady, ready)).isFalse();
  }

  @Test
  void aPhaseChangeOrAFirstStatusIsNot() {
    var degraded = status("False", "x", 1);
    degraded.setPhase(Phase.Degraded);
    assertThat(StatusWrites.progressOnly(status("False", "x", 1), degraded)).isFalse();
    assertThat(StatusWrites.progressOnly(null, status("False", "x", 1))).isFalse();
  }

  @Test
  void progressWaitsForTheIntervalSinceTheLastWriteAndAnythingElseIsWrittenAtOnce() {
    var writes = new StatusWrites();
    var one = status("False", "1/3 pods available", 1);
    var two = status("False", "2/3 pods available", 2);
    assertThat(writes.deferral("uid", one, two, T0)).as("nothing written yet").isNull();

    writes.written("uid", T0);
    assertThat(writes.deferral("uid", one, two, T0.plusSeconds(2)))
        .isEqualTo(StatusWrites.PROGRESS_INTERVAL.minus(Duration.ofSeconds(2)));
    assertThat(writes.deferral("uid", one, two, T0.plus(StatusWrites.PROGRESS_INTERVAL))).isNull();
    var degraded = status("False", "2/3 pods available", 2);
    degraded.setPhase(Phase.Degraded);
    assertThat(writes.deferral("uid", two, degraded, T0.plusSeconds(1))).isNull();

    writes.forget("uid");
    assertThat(writes.deferral("uid", one, two, T0.plusSeconds(1))).isNull();
  }
}
