package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Ready postcondition of the API configuration: the database, the pooler (when enabled) and Redis
 * (when run by the operator) are ready, so API pods start against working backends; and the
 * database credentials the pods read are in the cache. (The applied copy made in this very
 * reconciliation may not be there yet: a template rendered without its hash would start a rollout
 * for nothing, and another one once the hash is back.)
 */
public class ApiBackendsReadyCondition implements Condition<ConfigMap, SuperNovaStack> {

  @Override
  public boolean isMet(
      DependentResource<ConfigMap, SuperNovaStack> dependentResource,
      SuperNovaStack stack,
      Context<SuperNovaStack> context) {
    return ReferencedSecrets.database(stack, context).isPresent()
        && DatabaseReadyCondition.isReady(stack, context)
        && PoolerReadyCondition.isReady(stack, context)
        && redisReady(stack, context)
        // spec.database.bootstrap.fromBackup: the API starts on the restored data, never before.
        && RestoreJobDependent.done(stack, context);
  }

  public static boolean redisReady(SuperNovaStack stack, Context<SuperNovaStack> context) {
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
