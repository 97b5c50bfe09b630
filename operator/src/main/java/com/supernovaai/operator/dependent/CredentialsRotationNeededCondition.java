package com.supernovaai.operator.dependent;

import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition of the rotation Job: the operator runs the database, the edited Secret
 * holds other values than the applied copy and every key a rotation needs, and no rotation Job of
 * the stack is still running (two at once could leave the roles on the values of the one that ended
 * last). When it does not hold, the workflow deletes the Job of the current values, if any.
 */
public class CredentialsRotationNeededCondition implements Condition<Job, SuperNovaStack> {

  @Override
  public boolean isMet(
      DependentResource<Job, SuperNovaStack> dependentResource,
      SuperNovaStack stack,
      Context<SuperNovaStack> context) {
    if (!Preconditions.internalDatabase(stack)
        || !CredentialsRotationJobDependent.pending(stack, context)
        || CredentialsRotationJobDependent.missingKey(stack, context).isPresent()) {
      return false;
    }
    String current = CredentialsRotationJobDependent.name(stack, context);
    return CredentialsRotationJobDependent.active(stack, context).stream()
        .allMatch(j -> current.equals(j.getMetadata().getName()));
  }
}
