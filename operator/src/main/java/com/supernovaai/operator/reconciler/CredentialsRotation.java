package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.backup.JobResult;
import com.supernovaai.operator.dependent.AppliedCredentialsSecretDependent;
import com.supernovaai.operator.dependent.CredentialsRotationJobDependent;
import com.supernovaai.operator.dependent.DatabaseCredentialsSecretDependent;
import com.supernovaai.operator.dependent.Jobs;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.EventReasons;
import com.supernovaai.operator.status.EventRecorder;
import com.supernovaai.operator.status.Fault;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.Optional;

/**
 * What a rotation of the operator-run database's credentials means for the stack: the Degraded
 * fault of one that failed or cannot start, and the Events of a rotation applied and of a deleted
 * Secret restored from the applied copy. Messages name Secrets, Jobs and roles, never a value.
 */
public final class CredentialsRotation {

  private CredentialsRotation() {}

  /**
   * The Events of what this reconciliation's workflow wrote (the dependents note it in the workflow
   * context when they write, so an Event is never sent for a write that did not happen).
   */
  public static void announce(
      KubernetesClient client, SuperNovaStack stack, Context<SuperNovaStack> context, Instant now) {
    var workflow = context.managedWorkflowAndDependentResourceContext();
    if (workflow.get(DatabaseCredentialsSecretDependent.RESTORED_KEY, Boolean.class).isPresent()) {
      EventRecorder.emit(
          client,
          stack,
          EventRecorder.NORMAL,
          EventReasons.CREDENTIALS_RESTORED,
          "Secret "
              + StackNames.databaseCredentials(stack)
              + " was deleted; re-created from "
              + StackNames.databaseCredentialsApplied(stack)
              + " with the passwords the database accepts. Nothing was restarted",
          now);
    }
    workflow
        .get(AppliedCredentialsSecretDependent.APPLIED_KEY, String.class)
        .ifPresent(
            job ->
                EventRecorder.emit(
                    client,
                    stack,
                    EventRecorder.NORMAL,
                    EventReasons.CREDENTIALS_ROTATED,
                    "The database accepts the passwords of "
                        + StackNames.databaseCredentials(stack)
                        + (job.isEmpty() ? "" : " (Job " + job + ")")
                        + "; copied into "
                        + StackNames.databaseCredentialsApplied(stack)
                        + ", PgBouncer and the API server restart with them",
                    now));
  }

  public static Optional<Fault> fault(SuperNovaStack stack, Context<SuperNovaStack> context) {
    if (stack.getSpec().getDatabase().hasExternal()
        || !CredentialsRotationJobDependent.pending(stack, context)) {
      return Optional.empty();
    }
    String secret = StackNames.databaseCredentials(stack);
    String unchanged = "; the database and every consumer keep the previous passwords";
    var missing = CredentialsRotationJobDependent.missingKey(stack, context);
    if (missing.isPresent()) {
      return Optional.of(
          Fault.degradesOnly(
              Reasons.CREDENTIALS_ROTATION_FAILED,
              "Secret "
                  + secret
                  + " has no key "
                  + missing.get()
                  + " (or it is empty)"
                  + unchanged));
    }
    return CredentialsRotationJobDependent.job(stack, context)
        .filter(Jobs::failed)
        .map(
            job -> {
              String why =
                  JobResult.of(job, context)
                      .flatMap(JobResult::failure)
                      .or(() -> Jobs.condition(job, "Failed").map(CredentialsRotation::describe))
                      .orElse("the Job failed");
              return Fault.degradesOnly(
                  Reasons.CREDENTIALS_ROTATION_FAILED,
                  "Applying Secret "
                      + secret
                      + " to the database failed (Job "
                      + job.getMetadata().getName()
                      + "): "
                      + why
                      + unchanged
                      + ". Fix the cause, then edit the Secret again or delete the Job to retry");
            });
  }

  private static String describe(JobCondition c) {
    return c.getReason() == null ? "the Job failed" : c.getReason();
  }
}
