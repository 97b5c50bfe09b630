package com.supernovaai.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.Phase;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of the stack's status: summary, severity of faults, transition times. */
class StackStatusBuilderTest {

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
    stack.setStatus(StackStatusBuilder.of(stack, T0).components(components(false)).build());
    assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Progressing);
    assertThat(status(stack, ConditionTypes.READY)).isEqualTo("False");
    assertThat(status(stack, ConditionTypes.PROGRESSING)).isEqualTo("True");
    assertThat(
            StatusConditions.find(stack.getStatus().getConditions(), ConditionTypes.READY)
                .get()
                .getMessage())
        .isEqualTo("Waiting for ApiReady");
    assertThat(stack.getStatus().getObservedGeneration()).isEqualTo(1L);

    stack.setStatus(StackStatusBuilder.of(stack, T1).components(components(true)).build());
    assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Ready);
    assertThat(status(stack, ConditionTypes.READY)).isEqualTo("True");
    assertThat(status(stack, ConditionTypes.PROGRESSING)).isEqualTo("False");
    assertThat(status(stack, ConditionTypes.DEGRADED)).isEqualTo("False");
    assertThat(stack.getStatus().getConditions())
        .extracting(Condition::getType)
        .startsWith("Ready", "Progressing", "Degraded");
  }

  @Test
  void lastTransitionTimeIsKeptWhenStatusDoesNotChange() {
    var stack = Stacks.minimal();
    stack.setStatus(StackStatusBuilder.of(stack, T0).components(components(true)).build());
    var again = StackStatusBuilder.of(stack, T1).components(components(true)).build();
    for (Condition c : again.getConditions()) {
      assertThat(c.getLastTransitionTime()).as(c.getType()).isEqualTo("2026-01-01T00:00:00Z");
    }
    assertThat(json(stack.getStatus())).isEqualTo(json(again));

    stack.setStatus(again);
    var degraded =
        StackStatusBuilder.of(stack, T1)
            .components(components(true))
            .fault(new Fault("CredentialsSecretMissing", "Secret rds does not exist"))
            .build();
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
    assertThat(json(stack.getStatus())).isNotEqualTo(json(degraded));
  }

  @Test
  void pausedKeepsTheObservedGeneration() {
    var stack = Stacks.minimal();
    stack.setStatus(StackStatusBuilder.of(stack, T0).components(components(true)).build());
    stack.getMetadata().setGeneration(2L);
    var paused = StackStatusBuilder.of(stack, T1).components(components(true)).paused(true).build();
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
        4,
        ComponentStatus.notReady(ConditionTypes.BACKUP_HEALTHY, "LastBackupFailed", "failed")
            .raising(Fault.degradesOnly("BackupFailed", "failed")));
    var status = StackStatusBuilder.of(stack, T0).components(list).build();
    assertThat(StatusConditions.isTrue(status.getConditions(), ConditionTypes.READY)).isTrue();
    assertThat(StatusConditions.isTrue(status.getConditions(), ConditionTypes.DEGRADED)).isTrue();
    assertThat(condition(status, ConditionTypes.DEGRADED).getReason()).isEqualTo("BackupFailed");
    assertThat(status.getPhase()).isEqualTo(Phase.Degraded);
  }

  @Test
  void aFaultThatBlocksReadyMakesTheStackNotReadyEvenWhenAllComponentsServe() {
    var stack = Stacks.minimal();
    var status =
        StackStatusBuilder.of(stack, T0)
            .components(components(true))
            .fault(new Fault("NameTaken", "Service prod-api is not ours"))
            .build();
    assertThat(condition(status, ConditionTypes.READY).getStatus()).isEqualTo("False");
    assertThat(condition(status, ConditionTypes.READY).getReason()).isEqualTo("NameTaken");
    assertThat(condition(status, ConditionTypes.PROGRESSING).getReason()).isEqualTo("Degraded");
    assertThat(status.getPhase()).isEqualTo(Phase.Degraded);
  }

  @Test
  void aDegradingFaultWhileAComponentIsMissingLeavesTheStackProgressing() {
    var stack = Stacks.minimal();
    var status =
        StackStatusBuilder.of(stack, T0)
            .components(components(false))
            .fault(Fault.degradesOnly("VolumeFull", "volume prod-db is full"))
            .build();
    assertThat(condition(status, ConditionTypes.READY).getReason()).isEqualTo("VolumeFull");
    assertThat(condition(status, ConditionTypes.DEGRADED).getStatus()).isEqualTo("True");
    assertThat(status.getPhase()).isEqualTo(Phase.Progressing);
  }

  @Test
  void aCheckFaultWinsOverAComponentFault() {
    var stack = Stacks.minimal();
    var list = components(true);
    list.set(
        4,
        ComponentStatus.notReady(ConditionTypes.BACKUP_HEALTHY, "BackupOverdue", "late")
            .raising(Fault.degradesOnly("BackupFailed", "late")));
    var status =
        StackStatusBuilder.of(stack, T0)
            .components(list)
            .fault(new Fault("CredentialsSecretMissing", "Secret rds does not exist"))
            .fault(new Fault("Second", "never reported"))
            .build();
    assertThat(condition(status, ConditionTypes.DEGRADED).getReason())
        .isEqualTo("CredentialsSecretMissing");
    assertThat(condition(status, ConditionTypes.READY).getStatus()).isEqualTo("False");
  }

  @Test
  void otherConditionsKeepTheirTransitionTimeAndCanBeDropped() {
    var stack = Stacks.minimal();
    stack.setStatus(
        StackStatusBuilder.of(stack, T0)
            .components(components(true))
            .condition(ConditionTypes.BACKUP_VERIFIED, "True", "DrillSucceeded", "ok")
            .build());
    var again =
        StackStatusBuilder.of(stack, T1)
            .components(components(true))
            .condition(ConditionTypes.BACKUP_VERIFIED, "True", "DrillSucceeded", "ok again")
            .build();
    assertThat(condition(again, ConditionTypes.BACKUP_VERIFIED).getLastTransitionTime())
        .isEqualTo("2026-01-01T00:00:00Z");
    stack.setStatus(again);
    var dropped =
        StackStatusBuilder.of(stack, T1)
            .components(components(true))
            .withoutCondition(ConditionTypes.BACKUP_VERIFIED)
            .build();
    assertThat(StatusConditions.find(dropped.getConditions(), ConditionTypes.BACKUP_VERIFIED))
        .isEmpty();
  }

  private static Condition condition(SuperNovaStackStatus status, String type) {
    return StatusConditions.find(status.getConditions(), type).orElseThrow();
  }

  private static Object json(Object value) {
    return Serialization.jsonMapper().valueToTree(value);
  }

  @Test
  void messagesAreBounded() {
    var conditions = StatusConditions.set(null, "Ready", "False", "X", "m".repeat(1000), 1L, T0);
    assertThat(conditions.get(0).getMessage()).hasSize(StatusConditions.MAX_MESSAGE);
  }

  @Test
  void laggingArchivingDegradesAServingStackAndUnknownDoesNot() {
    var stack = Stacks.minimal();
    var report =
        new ContinuousArchiving.Report(
            "prod-db-0", T1, "000000010000000000000004", T0, null, 3, T0, null);
    stack.setStatus(
        StackStatusBuilder.of(stack, T1)
            .components(components(true))
            .archiving(ContinuousArchiving.decide(report, T1))
            .build());
    assertThat(status(stack, ConditionTypes.CONTINUOUS_ARCHIVING)).isEqualTo("False");
    assertThat(status(stack, ConditionTypes.DEGRADED)).isEqualTo("True");
    assertThat(status(stack, ConditionTypes.READY)).isEqualTo("True");
    assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Degraded);
    assertThat(
            StatusConditions.find(stack.getStatus().getConditions(), ConditionTypes.DEGRADED)
                .get()
                .getReason())
        .isEqualTo(Reasons.ARCHIVING_LAGGING);
    assertThat(stack.getStatus().getArchiving().getSegmentsWaiting()).isEqualTo(3);

    stack.setStatus(
        StackStatusBuilder.of(stack, T1)
            .components(components(true))
            .archiving(ContinuousArchiving.notReported("No database pod yet"))
            .build());
    assertThat(status(stack, ConditionTypes.CONTINUOUS_ARCHIVING)).isEqualTo("Unknown");
    assertThat(status(stack, ConditionTypes.DEGRADED)).isEqualTo("False");
    assertThat(stack.getStatus().getPhase()).isEqualTo(Phase.Ready);

    // No objectStore any more: no condition, no details.
    stack.setStatus(StackStatusBuilder.of(stack, T1).components(components(true)).build());
    assertThat(status(stack, ConditionTypes.CONTINUOUS_ARCHIVING)).isNull();
    assertThat(stack.getStatus().getArchiving()).isNull();
  }

  @Test
  void aFailedBackupOutranksLaggingArchivingInDegraded() {
    var stack = Stacks.minimal();
    var report = new ContinuousArchiving.Report("prod-db-0", T1, null, null, null, 1, T0, null);
    List<ComponentStatus> list = components(true);
    list.set(
        4,
        new ComponentStatus(ConditionTypes.BACKUP_HEALTHY, false, Reasons.LAST_BACKUP_FAILED, "x")
            .raising(Fault.degradesOnly(Reasons.LAST_BACKUP_FAILED, "x")));
    stack.setStatus(
        StackStatusBuilder.of(stack, T1)
            .components(list)
            .archiving(ContinuousArchiving.decide(report, T1))
            .build());
    assertThat(
            StatusConditions.find(stack.getStatus().getConditions(), ConditionTypes.DEGRADED)
                .get()
                .getReason())
        .isEqualTo(Reasons.LAST_BACKUP_FAILED);
    assertThat(status(stack, ConditionTypes.CONTINUOUS_ARCHIVING)).isEqualTo("False");
  }
}
