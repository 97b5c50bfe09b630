package com.supernovaai.operator.dependent;

import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Ready postcondition of the pooler's Service: the database credentials its userlist is made from
 * exist (generated, or the external database's Secret). The pooler does not wait for the database
 * itself: PgBouncer starts and serves its port without a server and connects on the first query, so
 * it comes up beside the database instead of after it, as the API does ({@link
 * ApiInputsReadyCondition}).
 */
public class DatabaseCredentialsAvailableCondition implements Condition<Service, SuperNovaStack> {

  @Override
  public boolean isMet(
      DependentResource<Service, SuperNovaStack> dependentResource,
      SuperNovaStack stack,
      Context<SuperNovaStack> context) {
    return ReferencedSecrets.database(stack, context).isPresent();
  }
}
