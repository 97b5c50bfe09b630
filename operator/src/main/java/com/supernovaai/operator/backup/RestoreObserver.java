package com.supernovaai.operator.backup;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.DatabasePointInTimeRecovery;
import com.supernovaai.operator.dependent.Jobs;
import com.supernovaai.operator.dependent.RestoreJobDependent;
import com.supernovaai.operator.dependent.Secondaries;
import com.supernovaai.operator.model.RestorePhase;
import com.supernovaai.operator.model.RestoreStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.Fault;
import com.supernovaai.operator.status.Reasons;
import com.supernovaai.operator.status.StackStatusBuilder;
import com.supernovaai.operator.status.StatusConditions;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/**
 * The bootstrap restore (spec.database.bootstrap.fromBackup) from its Job and what the script
 * reported (fromObjectStore: {@link PointInTimeRecoveryObserver}, from the database pod):
 * status.restore, the DatabaseRestored condition, and the fault of a failed restore. Observed once
 * per reconciliation; the condition and the fault are derived from that.
 */
public final class RestoreObserver {

  private RestoreObserver() {}

  /** status.restore for the stack now; null when no restore was ever asked for. */
  public static RestoreStatus observe(SuperNovaStack stack, Context<SuperNovaStack> context) {
    RestoreStatus previous = stack.getStatus() == null ? null : stack.getStatus().getRestore();
    var fromObjectStore = DatabasePointInTimeRecovery.fromObjectStore(stack);
    if (fromObjectStore.isPresent()) {
      return previous != null && previous.getPhase() == RestorePhase.Succeeded
          ? previous
          : PointInTimeRecoveryObserver.of(
              fromObjectStore.get(),
              Secondaries.byName(context, Pod.class, StackNames.database(stack) + "-0"));
    }
    if (!RestoreJobDependent.requested(stack)
        || (previous != null && previous.getPhase() == RestorePhase.Succeeded)) {
      return previous;
    }
    RestoreStatus r = new RestoreStatus();
    r.setSource(RestoreJobDependent.source(stack));
    r.setJobName(RestoreJobDependent.name(stack));
    var job = RestoreJobDependent.job(stack, context);
    if (job.isEmpty()) {
      r.setPhase(RestorePhase.Pending);
      r.setMessage("Waiting for the database before restoring " + r.getSource());
      return r;
    }
    var j = job.get();
    r.setStartTime(j.getStatus() == null ? null : j.getStatus().getStartTime());
    var result = JobResult.of(j, context);
    // The script pins "latest" at its first attempt; every attempt reports the file it restores.
    r.setFile(result.flatMap(x -> x.text("file")).orElse(null));
    if (Jobs.succeeded(j)) {
      r.setPhase(RestorePhase.Succeeded);
      r.setCompletionTime(Jobs.finishedAt(j));
      r.setMessage(
          "Restored "
              + (r.getFile() != null ? r.getFile() : r.getSource())
              + result
                  .flatMap(x -> x.number("sentimentDataRows"))
                  .map(n -> " (" + n + " sentiment_data rows)")
                  .orElse(""));
    } else if (Jobs.failed(j)) {
      r.setPhase(RestorePhase.Failed);
      r.setCompletionTime(Jobs.finishedAt(j));
      r.setReason(result.flatMap(x -> x.text("reason")).orElse(Reasons.RESTORE_FAILED));
      r.setMessage(
          result
              .flatMap(x -> x.text("message"))
              .or(() -> Jobs.condition(j, "Failed").map(c -> c.getMessage()))
              .orElse("The restore Job failed; see its logs"));
    } else {
      r.setPhase(RestorePhase.Running);
      r.setMessage(
          "Restoring "
              + r.getSource()
              + (r.getFile() != null ? " (pinned to " + r.getFile() + ")" : ""));
    }
    return r;
  }

  /** Reports status.restore and DatabaseRestored (while a restore was ever asked for). */
  public static void report(RestoreStatus restore, StackStatusBuilder status) {
    status.restore(restore);
    if (restore == null) {
      return;
    }
    String reason =
        switch (restore.getPhase()) {
          case Succeeded -> Reasons.RESTORED;
          case Pending -> Reasons.RESTORE_PENDING;
          case Running -> Reasons.RESTORE_RUNNING;
          case Failed -> restore.getReason();
        };
    status.condition(
        ConditionTypes.DATABASE_RESTORED,
        restore.getPhase() == RestorePhase.Succeeded
            ? StatusConditions.TRUE
            : StatusConditions.FALSE,
        reason,
        restore.getMessage());
  }

  /** A failed restore is something a human has to fix: the stack is Degraded with its reason. */
  public static Optional<Fault> fault(RestoreStatus r) {
    if (r == null || r.getPhase() != RestorePhase.Failed) {
      return Optional.empty();
    }
    return Optional.of(
        new Fault(r.getReason(), "Restore of " + r.getSource() + " failed: " + r.getMessage()));
  }
}
