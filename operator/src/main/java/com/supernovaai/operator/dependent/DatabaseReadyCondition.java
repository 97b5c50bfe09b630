package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Ready postcondition of the database Service: TimescaleDB answers (or the database is external).
 */
public class DatabaseReadyCondition implements Condition<Service, SuperNovaStack> {

  @Override
  public boolean isMet(
      DependentResource<Service, SuperNovaStack> dependentResource,
      SuperNovaStack stack,
      Context<SuperNovaStack> context) {
    return isReady(stack, context);
  }

  public static boolean isReady(SuperNovaStack stack, Context<SuperNovaStack> context) {
    if (stack.getSpec().getDatabase().hasExternal()) {
      return true;
    }
    return Secondaries.byName(context, StatefulSet.class, StackNames.database(stack))
        .map(Readiness::statefulSetReady)
        .orElse(false);
  }
}
