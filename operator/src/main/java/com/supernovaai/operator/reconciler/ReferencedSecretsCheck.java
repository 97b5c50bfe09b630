package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.dependent.ReferencedSecrets;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.Fault;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** An input check: the user's Secrets the stack references exist with the keys it needs. */
final class ReferencedSecretsCheck {

  private ReferencedSecretsCheck() {}

  /**
   * The user's Secrets the stack references must exist with the keys it needs; they are put into
   * the workflow context for the dependents that derive objects from them.
   */
  static Fault check(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var spec = stack.getSpec();
    var workflowContext = context.managedWorkflowAndDependentResourceContext();
    String ns = stack.getMetadata().getNamespace();
    if (spec.getDatabase().hasExternal()) {
      String name = spec.getDatabase().getExternal().getCredentialsSecret();
      Secret secret = context.getClient().secrets().inNamespace(ns).withName(name).get();
      var fault =
          missing(
              secret,
              name,
              "spec.database.external.credentialsSecret",
              ReferencedSecrets.USERNAME,
              ReferencedSecrets.PASSWORD);
      if (fault != null) {
        return fault;
      }
      workflowContext.put(ReferencedSecrets.EXTERNAL_DATABASE, secret);
    }
    if (spec.getRedis().hasExternal()
        && spec.getRedis().getExternal().getCredentialsSecret() != null) {
      String name = spec.getRedis().getExternal().getCredentialsSecret();
      Secret secret = context.getClient().secrets().inNamespace(ns).withName(name).get();
      var fault =
          missing(
              secret, name, "spec.redis.external.credentialsSecret", ReferencedSecrets.PASSWORD);
      if (fault != null) {
        return fault;
      }
      workflowContext.put(ReferencedSecrets.EXTERNAL_REDIS, secret);
    }
    return objectStore(stack, context);
  }

  /**
   * The object store's keys and CA: the database pod reads them by reference, so a missing one
   * would leave it stuck in ContainerCreating (or archiving fail) instead of naming the Secret.
   */
  private static Fault objectStore(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var backup = stack.getSpec().getBackup();
    if (backup == null
        || backup.getObjectStore() == null
        || stack.getSpec().getDatabase().hasExternal()) {
      return null;
    }
    String ns = stack.getMetadata().getNamespace();
    var credentials = backup.getObjectStore().getCredentialsSecret();
    var fault =
        missing(
            context.getClient().secrets().inNamespace(ns).withName(credentials.getName()).get(),
            credentials.getName(),
            "spec.backup.objectStore.credentialsSecret",
            credentials.getAccessKeyIdKey(),
            credentials.getSecretAccessKeyKey());
    var ca = backup.getObjectStore().getCaSecret();
    if (fault != null || ca == null) {
      return fault;
    }
    return missing(
        context.getClient().secrets().inNamespace(ns).withName(ca.getName()).get(),
        ca.getName(),
        "spec.backup.objectStore.caSecret",
        ca.getKey());
  }

  private static Fault missing(Secret secret, String name, String field, String... keys) {
    if (secret == null) {
      return new Fault(
          Reasons.CREDENTIALS_SECRET_MISSING, "Secret " + name + " (" + field + ") does not exist");
    }
    for (String key : keys) {
      if (ReferencedSecrets.value(secret, key).isEmpty()) {
        return new Fault(
            Reasons.CREDENTIALS_SECRET_INVALID,
            "Secret " + name + " (" + field + ") has no key " + key);
      }
    }
    return null;
  }
}
