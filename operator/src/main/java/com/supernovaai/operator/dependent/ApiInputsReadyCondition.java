package com.supernovaai.operator.dependent;

import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Ready postcondition of the API configuration, which holds every API object back until it is met:
 * what the API pods are given exists, and the data they will migrate is the data meant.
 *
 * <ul>
 *   <li>The database credentials the pods read are in the cache: a template rendered without their
 *       hash would start a rollout for nothing, and another one once the hash is back. The
 *       generated ones are made earlier in the same reconciliation (the API's configuration depends
 *       on them, and JOSDK caches what it just created); an external database's Secret is the
 *       user's, and may not exist yet.
 *   <li>A database bootstrapped from a backup ({@code spec.database.bootstrap}) is ready, and a
 *       {@code fromBackup} restore has succeeded: the API never migrates the empty database a
 *       restore is about to fill, nor waits out a long point-in-time recovery in its start-up.
 * </ul>
 *
 * <p>The database, the pooler and Redis need not be ready otherwise: the API starts beside them and
 * waits for the database itself ({@code SUPERNOVA_DATABASE_START_WAIT_SECONDS},
 * docs/image-contract.md), so a new stack's API pods are scheduled, pulled and started while
 * PostgreSQL initialises instead of after it.
 */
public class ApiInputsReadyCondition implements Condition<ConfigMap, SuperNovaStack> {

  @Override
  public boolean isMet(
      DependentResource<ConfigMap, SuperNovaStack> dependentResource,
      SuperNovaStack stack,
      Context<SuperNovaStack> context) {
    return ReferencedSecrets.database(stack, context).isPresent()
        && (!bootstrapped(stack) || DatabaseReadyCondition.isReady(stack, context))
        && RestoreJobDependent.done(stack, context);
  }

  private static boolean bootstrapped(SuperNovaStack stack) {
    return stack.getSpec().getDatabase().getBootstrap() != null;
  }
}
