package com.supernovaai.operator.backup;

import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.reconciler.StackEvents;
import com.supernovaai.operator.reconciler.StatusConditions;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Objects;

/** Events for what happens to restores and drills: restored, refused or failed, verified. */
public final class BackupEvents {

  private BackupEvents() {}

  public static void onTransition(
      KubernetesClient client,
      SuperNovaStack stack,
      SuperNovaStackStatus previous,
      SuperNovaStackStatus current,
      Instant now) {
    for (String type :
        new String[] {ConditionTypes.DATABASE_RESTORED, ConditionTypes.BACKUP_VERIFIED}) {
      var before =
          previous == null
              ? null
              : StatusConditions.find(previous.getConditions(), type).orElse(null);
      var after = StatusConditions.find(current.getConditions(), type).orElse(null);
      if (after == null || (before != null && sameOutcome(before, after))) {
        continue;
      }
      if (StatusConditions.TRUE.equals(after.getStatus())) {
        StackEvents.emit(
            client, stack, StackEvents.NORMAL, after.getReason(), after.getMessage(), now);
      } else if (StatusConditions.FALSE.equals(after.getStatus()) && failure(after.getReason())) {
        StackEvents.emit(
            client, stack, StackEvents.WARNING, after.getReason(), after.getMessage(), now);
      }
    }
  }

  private static boolean sameOutcome(Condition a, Condition b) {
    return Objects.equals(a.getStatus(), b.getStatus())
        && Objects.equals(a.getReason(), b.getReason());
  }

  /** Waiting and running are not news; everything else that is False is. */
  private static boolean failure(String reason) {
    return !Reasons.RESTORE_PENDING.equals(reason) && !Reasons.RESTORE_RUNNING.equals(reason);
  }
}
