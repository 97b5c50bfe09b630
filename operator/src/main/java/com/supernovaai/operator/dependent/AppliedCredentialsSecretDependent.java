package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code <stack>-db-credentials-applied}: the database credentials PostgreSQL accepts, which every
 * consumer reads. Created as a copy of {@code <stack>-db-credentials} (a new stack's initdb uses
 * the same values; a stack made by an older operator runs on them), it takes that Secret's values
 * only once a rotation Job applied them to the roles ({@link CredentialsRotationJobDependent}). Not
 * owned by the stack, like the generated Secrets: Retain keeps it, the reconciler's cleanup deletes
 * it with Delete.
 */
public class AppliedCredentialsSecretDependent extends AppliedDependent<Secret> {

  /** Annotation naming the rotation Job whose values the Secret holds (deleted once applied). */
  public static final String ROTATED_BY = SuperNovaStack.GROUP + "/rotated-by";

  /** Workflow context key: the name of the rotation Job whose values this reconciliation copied. */
  public static final String APPLIED_KEY = "credentials-rotation-applied";

  public AppliedCredentialsSecretDependent() {
    super(Secret.class);
  }

  /**
   * Nothing for an external database, whose credentials are the user's Secret; the node still
   * counts as reconciled, so the pooler and the API are ordered after it for every stack (see
   * {@link GeneratedSecretDependent#reconcile}).
   */
  @Override
  public ReconcileResult<Secret> reconcile(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return Preconditions.internalDatabase(stack)
        ? super.reconcile(stack, context)
        : ReconcileResult.noOperation(null);
  }

  @Override
  protected Secret desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var applied = CredentialsRotationJobDependent.applied(stack, context);
    var edited = CredentialsRotationJobDependent.edited(stack, context);
    Secret source;
    String rotatedBy = null;
    if (applied.isPresent() && CredentialsRotationJobDependent.succeeded(stack, context)) {
      source = edited.orElseThrow();
      rotatedBy = CredentialsRotationJobDependent.name(stack, context);
    } else if (applied.isPresent()) {
      source = applied.get();
      var annotations = applied.get().getMetadata().getAnnotations();
      rotatedBy = annotations == null ? null : annotations.get(ROTATED_BY);
    } else {
      source =
          edited.orElseThrow(
              () ->
                  new ReferencedSecrets.MissingCredentialsException(
                      StackNames.databaseCredentials(stack), ReferencedSecrets.PASSWORD));
    }
    return new SecretBuilder()
        .withNewMetadata()
        .withName(StackNames.databaseCredentialsApplied(stack))
        .withNamespace(StackNames.namespace(stack))
        .withLabels(Labels.of(stack, Labels.COMPONENT_DATABASE))
        // JOSDK adds its own annotations to unowned objects: never a null or immutable map.
        .withAnnotations(
            rotatedBy == null ? new TreeMap<>() : new TreeMap<>(Map.of(ROTATED_BY, rotatedBy)))
        .endMetadata()
        .withType("Opaque")
        .withData(data(source))
        .build();
  }

  /** Notes a rotation applied by this write for the reconciler's Event (never a value). */
  @Override
  public Secret update(
      Secret actual, Secret desired, SuperNovaStack stack, Context<SuperNovaStack> context) {
    Secret updated = super.update(actual, desired, stack, context);
    if (!data(actual).equals(data(desired))) {
      context
          .managedWorkflowAndDependentResourceContext()
          .put(APPLIED_KEY, desired.getMetadata().getAnnotations().getOrDefault(ROTATED_BY, ""));
    }
    return updated;
  }

  static Map<String, String> data(Secret secret) {
    return secret.getData() == null ? new TreeMap<>() : new TreeMap<>(secret.getData());
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      SuperNovaStack primary, Context<SuperNovaStack> context) {
    return new ResourceID(
        StackNames.databaseCredentialsApplied(primary), primary.getMetadata().getNamespace());
  }
}
