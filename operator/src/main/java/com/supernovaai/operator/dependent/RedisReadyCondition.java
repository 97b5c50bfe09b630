package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The operator's Redis is ready (or Redis is external). */
public final class RedisReadyCondition {

  private RedisReadyCondition() {}

  public static boolean isReady(SuperNovaStack stack, Context<SuperNovaStack> context) {
    if (!Preconditions.internalRedis(stack)) {
      return true;
    }
    if (Preconditions.redisPersistent(stack)) {
      return Secondaries.byName(context, StatefulSet.class, StackNames.redis(stack))
          .map(Readiness::statefulSetReady)
          .orElse(false);
    }
    return Secondaries.byName(context, Deployment.class, StackNames.redis(stack))
        .map(Readiness::deploymentReady)
        .orElse(false);
  }
}
