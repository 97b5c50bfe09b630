package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.Secondaries;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.Fault;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/**
 * A generated database Secret that is gone, together with the operator's applied copy of it, while
 * the data it protects is still there. (With the copy there, the Secret is restored from it: those
 * are the values the database accepts.) Generating a new one would restart every consumer with a
 * password the database never learned, so the stack stops short instead: Degraded with {@link
 * Reasons#GENERATED_SECRET_LOST}, nothing re-created or restarted, until a Secret is put back (from
 * the user's Secret backup) or the volume is removed on purpose. Redis and the JWT key are not
 * guarded: Redis reads its password from the config the operator renders at each start, and a new
 * JWT key only ends sessions.
 */
public final class LostCredentials {

  private LostCredentials() {}

  public static Optional<Fault> check(SuperNovaStack stack, Context<SuperNovaStack> context) {
    if (!stack.getSpec().getDatabase().hasExternal()) {
      String claim = StackNames.databaseDataClaim(stack);
      var fault =
          lost(
              context,
              StackNames.databaseCredentials(stack),
              StackNames.databaseCredentialsApplied(stack),
              claim);
      if (fault.isPresent()) {
        return fault;
      }
    }
    return Optional.empty();
  }

  private static Optional<Fault> lost(
      Context<SuperNovaStack> context, String secret, String copy, String claim) {
    if (Secondaries.byName(context, Secret.class, secret).isPresent()
        || Secondaries.byName(context, Secret.class, copy).isPresent()
        || Secondaries.byName(context, PersistentVolumeClaim.class, claim).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Fault(
            Reasons.GENERATED_SECRET_LOST,
            "Secrets "
                + secret
                + " and "
                + copy
                + " are gone but volume "
                + claim
                + " still holds data protected by their passwords; a new Secret would lock every"
                + " component out, so nothing is changed. Restore either Secret from your backup"
                + " of it (the operator then resumes), or see docs/operations.md (credentials)"));
  }
}
