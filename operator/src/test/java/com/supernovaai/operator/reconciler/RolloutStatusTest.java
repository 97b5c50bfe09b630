package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.Phase;
import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.RolloutStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.ComponentStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.StackStatusBuilder;
import com.supernovaai.operator.status.StatusConditions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a rollout shows in the stack's conditions and phase. */
class RolloutStatusTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static List<ComponentStatus> serving() {
    return List.of(
        ComponentStatus.ready(ConditionTypes.DATABASE_READY, "StatefulSetReady", "1/1"),
        ComponentStatus.ready(ConditionTypes.POOLER_READY, "DeploymentAvailable", "2/2"),
        ComponentStatus.ready(ConditionTypes.REDIS_READY, "StatefulSetReady", "1/1"),
        ComponentStatus.ready(ConditionTypes.API_READY, "DeploymentAvailable", "3/3"));
  }

  private static Condition condition(SuperNovaStack stack, String type) {
    return StatusConditions.find(stack.getStatus().getConditions(), type).orElseThrow();
  }

  private static RolloutStatus rollout(RolloutPhase phase, String message) {
    RolloutStatus rollout = new RolloutStatus();
    rollout.setPhase(phase);
    rollout.setMessage(message);
    return rollout;
  }

  @Test
  void aRolloutInProgressIsProgressingWhileTheOldColorServes() {
    var stack = Stacks.minimal();
    stack.setStatus(
        StackStatusBuilder.of(stack, NOW)
            .components(serving())
            .rollout(
                rollout(RolloutPhase.Progressing, "Rolling out x as green: 2/3 pods available"))
            .build());
    assertThat(condition(stack, ConditionTypes.READY).getStatus()).isEqualTo("True");
    var progressing = condition(stack, ConditionTypes.PROGRESSING);
    assertThat(progressing.getStatus()).isEqualTo("True");
    assertThat(progressing.getReason()).isEqualTo("RolloutInProgress");
    assertThat(progressing.getMessage()).contains("2/3");
    assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Progressing);
  }

  @Test
  void anAbortedRolloutIsDegradedWithTheReasonArgoCdKnows() {
    var stack = Stacks.minimal();
    stack.setStatus(
        StackStatusBuilder.of(stack, NOW)
            .components(serving())
            .rollout(rollout(RolloutPhase.Aborted, "Rollout of x aborted: ..."))
            .build());
    var degraded = condition(stack, ConditionTypes.DEGRADED);
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getReason()).isEqualTo("RolloutAborted");
    assertThat(condition(stack, ConditionTypes.READY).getReason()).isEqualTo("RolloutAborted");
    assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Degraded);
    assertThat(stack.getStatus().getRollout().getPhase()).isEqualTo(RolloutPhase.Aborted);
  }

  @Test
  void aFailedMigrationIsDegradedWithItsOwnReasonAndMessage() {
    var stack = Stacks.minimal();
    var rollout =
        rollout(
            RolloutPhase.Aborted,
            "Rollout of x aborted: the database migration of green failed (migration failed: V9)");
    rollout.setReason("MigrationFailed");
    stack.setStatus(
        StackStatusBuilder.of(stack, NOW).components(serving()).rollout(rollout).build());
    var degraded = condition(stack, ConditionTypes.DEGRADED);
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getReason()).isEqualTo("MigrationFailed");
    assertThat(degraded.getMessage()).contains("migration failed: V9");
    assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Degraded);
  }

  @Test
  void promotingIsNotProgressing() {
    var stack = Stacks.minimal();
    stack.setStatus(
        StackStatusBuilder.of(stack, NOW)
            .components(serving())
            .rollout(rollout(RolloutPhase.Switched, "Traffic on green"))
            .build());
    assertThat(condition(stack, ConditionTypes.PROGRESSING).getStatus()).isEqualTo("False");
    assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Ready);
  }
}
