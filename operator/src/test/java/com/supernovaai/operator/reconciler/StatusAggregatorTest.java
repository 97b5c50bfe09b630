package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.Phase;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.ComponentStatus;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.Fault;
import com.supernovaai.operator.status.StatusConditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

  private static List<ComponentStatus> components(boolean apiReady) {
    List<ComponentStatus> list = new ArrayList<>();
    list.add(ComponentStatus.ready(ConditionTypes.DATABASE_READY, "StatefulSetReady", "1/1"));
    list.add(ComponentStatus.ready(ConditionTypes.POOLER_READY, "DeploymentAvailable", "2/2"));
    list.add(ComponentStatus.ready(ConditionTypes.REDIS_READY, "StatefulSetReady", "1/1"));
    list.add(
        apiReady
            ? ComponentStatus.ready(ConditionTypes.API_READY, "DeploymentAvailable", "3/3")
            : ComponentStatus.notReady(ConditionTypes.API_READY, "Pending", "not yet"));
    list.add(ComponentStatus.ready(ConditionTypes.BACKUP_HEALTHY, "Scheduled", "ok"));
    return list;
  }

  private static String status(SuperNovaStack stack, String type) {
    return StatusConditions.find(stack.getStatus().getConditions(), type)
        .map(Condition::getStatus)
        .orElse(null);
  }

  @Test
  void firstStatusIsProgressingThenReady() {
    var stack = Stacks.minimal();
    stack.setStatus(
        StatusAggregator.aggregate(stack, components(false), null, false, null, null, T0));
    assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Progressing);
    assertThat(status(stack, ConditionTypes.READY)).isEqualTo("False");
    assertThat(status(stack, ConditionTypes.PROGRESSING)).isEqualTo("True");
    assertThat(
            StatusConditions.find(stack.getStatus().getConditions(), ConditionTypes.READY)
                .get()
                .getMessage())
        .isEqualTo("Waiting for ApiReady");
    assertThat(stack.getStatus().getObservedGeneration()).isEqualTo(1L);

    stack.setStatus(
        StatusAggregator.aggregate(stack, components(true), null, false, null, null, T1));
    assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Ready);
    assertThat(status(stack, ConditionTypes.READY)).isEqualTo("True");
    assertThat(status(stack, ConditionTypes.PROGRESSING)).isEqualTo("False");
    assertThat(status(stack, ConditionTypes.DEGRADED)).isEqualTo("False");
    assertThat(stack.getStatus().getConditions())
        .extracting(Condition::getType)
        .startsWith("Ready", "Progressing", "Degraded");
    assertThat(stack.getStatus().getEndpoints().getApi())
        .isEqualTo("http://prod-api.supernova.svc:80");
    assertThat(stack.getStatus().getEndpoints().getDatabase())
        .isEqualTo("prod-pooler.supernova.svc:6432");
  }

  @Test
  void lastTransitionTimeIsKeptWhenStatusDoesNotChange() {
    var stack = Stacks.minimal();
    stack.setStatus(
        StatusAggregator.aggregate(stack, components(true), null, false, null, null, T0));
    var again = StatusAggregator.aggregate(stack, components(true), null, false, null, null, T1);
    for (Condition c : again.getConditions()) {
      assertThat(c.getLastTransitionTime()).as(c.getType()).isEqualTo("2026-01-01T00:00:00Z");
    }
    assertThat(SuperNovaStackReconciler.sameJson(stack.getStatus(), again)).isTrue();

    stack.setStatus(again);
    var degraded =
        StatusAggregator.aggregate(
            stack,
            components(true),
            new Fault("CredentialsSecretMissing", "Secret rds does not exist"),
            false,
            null,
            null,
            T1);
    var degradedCondition =
        StatusConditions.find(degraded.getConditions(), ConditionTypes.DEGRADED).get();
    assertThat(degradedCondition.getStatus()).isEqualTo("True");
    assertThat(degradedCondition.getReason()).isEqualTo("CredentialsSecretMissing");
    assertThat(degradedCondition.getLastTransitionTime()).isEqualTo("2026-01-01T00:05:00Z");
    assertThat(
            StatusConditions.find(degraded.getConditions(), ConditionTypes.DATABASE_READY)
                .get()
                .getLastTransitionTime())
        .isEqualTo("2026-01-01T00:00:00Z");
    assertThat(degraded.getPhase()).isEqualTo(Phase.Degraded);
    assertThat(SuperNovaStackReconciler.sameJson(stack.getStatus(), degraded)).isFalse();
  }

  @Test
  void pausedKeepsTheObservedGeneration() {
    var stack = Stacks.minimal();
    stack.setStatus(
        StatusAggregator.aggregate(stack, components(true), null, false, null, null, T0));
    stack.getMetadata().setGeneration(2L);
    var paused = StatusAggregator.aggregate(stack, components(true), null, true, null, null, T1);
    assertThat(paused.getPhase()).isEqualTo(Phase.Paused);
    assertThat(paused.getObservedGeneration()).isEqualTo(1L);
    assertThat(
            StatusConditions.isTrue(paused.getConditions(), ConditionTypes.RECONCILIATION_PAUSED))
        .isTrue();
  }

  @Test
  void failedBackupDegradesButKeepsServing() {
    var stack = Stacks.minimal();
    var list = components(true);
    list.set(
        4, ComponentStatus.notReady(ConditionTypes.BACKUP_HEALTHY, "LastBackupFailed", "failed"));
    var status = StatusAggregator.aggregate(stack, list, null, false, null, null, T0);
    assertThat(StatusConditions.isTrue(status.getConditions(), ConditionTypes.READY)).isTrue();
    assertThat(StatusConditions.isTrue(status.getConditions(), ConditionTypes.DEGRADED)).isTrue();
    assertThat(status.getPhase()).isEqualTo(Phase.Degraded);
  }

  @Test
  void messagesAreBounded() {
    var conditions = StatusConditions.set(null, "Ready", "False", "X", "m".repeat(1000), 1L, T0);
    assertThat(conditions.get(0).getMessage()).hasSize(StatusConditions.MAX_MESSAGE);
  }
}
