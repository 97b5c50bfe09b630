package com.supernovaai.operator.backup;

import com.supernovaai.operator.dependent.BackupJobs;
import com.supernovaai.operator.dependent.Jobs;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.Reasons;
import com.supernovaai.operator.status.StackStatusBuilder;
import com.supernovaai.operator.status.StatusConditions;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/**
 * The restore drills (spec.backup.verify): the BackupVerified condition from the newest finished
 * drill Job and what its script reported. (Their times are part of status.backup: {@link
 * BackupObserver}.)
 */
public final class DrillObserver {

  private DrillObserver() {}

  /** Reports BackupVerified; drops it while drills are not asked for. */
  public static void report(
      SuperNovaStack stack, Context<SuperNovaStack> context, StackStatusBuilder status) {
    var verify = stack.getSpec().getBackup().getVerify();
    if (verify == null || !Boolean.TRUE.equals(stack.getSpec().getBackup().getEnabled())) {
      status.withoutCondition(ConditionTypes.BACKUP_VERIFIED);
      return;
    }
    Optional<Job> last =
        BackupObserver.newest(BackupJobs.jobs(stack, context, BackupJobs.VERIFY), Jobs::finished);
    if (last.isEmpty()) {
      status.condition(
          ConditionTypes.BACKUP_VERIFIED,
          StatusConditions.UNKNOWN,
          Reasons.NOT_VERIFIED_YET,
          "No restore drill has finished yet (schedule \"" + verify.getSchedule() + "\")");
      return;
    }
    var result = JobResult.of(last.get(), context);
    if (Jobs.succeeded(last.get())) {
      status.condition(
          ConditionTypes.BACKUP_VERIFIED,
          StatusConditions.TRUE,
          Reasons.DRILL_SUCCEEDED,
          "The drill restored "
              + result.flatMap(r -> r.text("file")).orElse("the latest backup")
              + result
                  .flatMap(r -> r.number("sentimentDataRows"))
                  .map(n -> " with " + n + " sentiment_data rows")
                  .orElse("")
              + " into a scratch database");
    } else {
      status.condition(
          ConditionTypes.BACKUP_VERIFIED,
          StatusConditions.FALSE,
          result.flatMap(r -> r.text("reason")).orElse(Reasons.DRILL_FAILED),
          "The restore drill failed"
              + result
                  .flatMap(r -> r.text("message"))
                  .map(m -> ": " + m)
                  .orElse("; see the drill Job's logs"));
    }
  }
}
