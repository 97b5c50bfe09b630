package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.dependent.DatabaseArchiving;
import com.supernovaai.operator.dependent.DatabasePointInTimeRecovery;
import com.supernovaai.operator.dependent.ReferencedSecrets;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.Fault;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * An input check: the user's Secrets the stack references exist with the keys it needs (and a
 * restored stack does not archive into its source).
 */
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
    Fault fault = objectStore(stack, context);
    return fault != null ? fault : restoreSource(stack, context);
  }

  /**
   * Point-in-time recovery: the source archive's keys and CA (the init container reads them by
   * reference), and this stack's own archive elsewhere. The CRD refuses an explicit
   * backup.objectStore.path equal to the source's; the default path (/namespace/stack) is only
   * known here: a stack re-created under the name of the one it restores would otherwise push its
   * new timeline into the source's archive.
   */
  private static Fault restoreSource(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var from = DatabasePointInTimeRecovery.fromObjectStore(stack).orElse(null);
    if (from == null) {
      return null;
    }
    String ns = stack.getMetadata().getNamespace();
    var credentials = from.getCredentialsSecret();
    var fault =
        missing(
            context.getClient().secrets().inNamespace(ns).withName(credentials.getName()).get(),
            credentials.getName(),
            "spec.database.bootstrap.fromObjectStore.credentialsSecret",
            credentials.getAccessKeyIdKey(),
            credentials.getSecretAccessKeyKey());
    var ca = from.getCaSecret();
    if (fault == null && ca != null) {
      fault =
          missing(
              context.getClient().secrets().inNamespace(ns).withName(ca.getName()).get(),
              ca.getName(),
              "spec.database.bootstrap.fromObjectStore.caSecret",
              ca.getKey());
    }
    if (fault != null) {
      return fault;
    }
    return DatabaseArchiving.archiveIsRestoreSource(stack)
        ? new Fault(
            Reasons.ARCHIVE_IS_RESTORE_SOURCE,
            "backup.objectStore archives to "
                + DatabasePointInTimeRecovery.source(from)
                + ", the archive database.bootstrap.fromObjectStore restores from: set"
                + " backup.objectStore.path to another path")
        : null;
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
