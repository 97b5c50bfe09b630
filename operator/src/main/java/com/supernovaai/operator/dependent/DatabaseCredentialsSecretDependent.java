package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Passwords of the postgres superuser and of the API server's role: generated for a new stack,
 * restored from the applied copy (what the database accepts) when the Secret was deleted.
 */
public class DatabaseCredentialsSecretDependent extends GeneratedSecretDependent {

  /** Workflow context key: this reconciliation restored the Secret from the applied copy. */
  public static final String RESTORED_KEY = "credentials-restored";

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.databaseCredentials(stack);
  }

  @Override
  protected String component() {
    return Labels.COMPONENT_DATABASE;
  }

  /** An external database's credentials are the user's Secret. */
  @Override
  protected boolean used(SuperNovaStack stack) {
    return Preconditions.internalDatabase(stack);
  }

  @Override
  protected Secret desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var applied = CredentialsRotationJobDependent.applied(stack, context);
    if (applied.isEmpty()) {
      return super.desired(stack, context);
    }
    return new SecretBuilder(super.desired(stack, context))
        .withData(AppliedCredentialsSecretDependent.data(applied.get()))
        .build();
  }

  /** Notes a Secret restored from the applied copy for the reconciler's Event. */
  @Override
  public Secret create(Secret desired, SuperNovaStack stack, Context<SuperNovaStack> context) {
    boolean restoring = restoring(stack, context);
    Secret created = super.create(desired, stack, context);
    if (restoring) {
      context.managedWorkflowAndDependentResourceContext().put(RESTORED_KEY, Boolean.TRUE);
    }
    return created;
  }

  /** Values of a new stack; with an applied copy, {@link #desired} takes its values instead. */
  @Override
  protected Map<String, String> generate(SuperNovaStack stack) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("database", StackNames.DATABASE_NAME);
    values.put(ReferencedSecrets.USERNAME, StackNames.DATABASE_USER);
    values.put(ReferencedSecrets.PASSWORD, password(32));
    values.put(ReferencedSecrets.SUPERUSER_PASSWORD, password(32));
    if (stack.getSpec().getDatabase().replicated()) {
      values.put(ReferencedSecrets.REPLICATION_PASSWORD, password(32));
    }
    return values;
  }

  /** The Secret will be restored from the applied copy (it is gone, the copy is not). */
  public static boolean restoring(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return CredentialsRotationJobDependent.edited(stack, context).isEmpty()
        && CredentialsRotationJobDependent.applied(stack, context).isPresent();
  }
}
