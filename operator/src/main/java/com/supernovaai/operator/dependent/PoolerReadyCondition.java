package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The pooler is ready (or disabled). */
public final class PoolerReadyCondition {

  private PoolerReadyCondition() {}

  public static boolean isReady(SuperNovaStack stack, Context<SuperNovaStack> context) {
    if (!Preconditions.poolerEnabled(stack)) {
      return true;
    }
    return Secondaries.byName(context, Deployment.class, StackNames.pooler(stack))
        .map(Readiness::deploymentReady)
        .orElse(false);
  }
}
