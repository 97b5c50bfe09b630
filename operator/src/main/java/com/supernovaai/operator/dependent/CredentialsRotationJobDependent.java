package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Job that applies an edited {@code <stack>-db-credentials} to the roles (rotate.sh): it logs
 * in as the superuser with the applied password and sets both new passwords, which it reads from
 * the edited Secret. Until it succeeded nothing else changes; then the applied copy takes the new
 * values and the consumers roll. Its name hashes the new values and the applied copy's version, so
 * each rotation has a Job of its own and a failed one stays (the stack is Degraded) until the
 * Secret changes again or the Job is deleted. Once its values are applied, the workflow deletes it.
 */
public class CredentialsRotationJobDependent extends CreateOnlyJobDependent
    implements GarbageCollected<SuperNovaStack> {

  /** The keys a rotation needs in the edited Secret. */
  static final List<String> KEYS =
      List.of(
          ReferencedSecrets.USERNAME,
          ReferencedSecrets.PASSWORD,
          ReferencedSecrets.SUPERUSER_PASSWORD);

  public CredentialsRotationJobDependent() {
    super(BackupJobs.ROTATE);
  }

  /** {@code <stack>-db-credentials}, the Secret users edit. */
  public static Optional<Secret> edited(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return Secondaries.byName(context, Secret.class, StackNames.databaseCredentials(stack));
  }

  /** {@code <stack>-db-credentials-applied}, what the database accepts. */
  public static Optional<Secret> applied(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return Secondaries.byName(context, Secret.class, StackNames.databaseCredentialsApplied(stack));
  }

  /** The edited Secret holds other values than the database accepts. */
  public static boolean pending(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var edited = edited(stack, context);
    var applied = applied(stack, context);
    return edited.isPresent()
        && applied.isPresent()
        && !AppliedCredentialsSecretDependent.data(edited.get())
            .equals(AppliedCredentialsSecretDependent.data(applied.get()));
  }

  /** The first key a rotation needs that the edited Secret lacks (or has empty). */
  public static Optional<String> missingKey(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var edited = edited(stack, context);
    return KEYS.stream()
        .filter(
            k ->
                edited
                    .flatMap(s -> ReferencedSecrets.value(s, k))
                    .filter(v -> !v.isEmpty())
                    .isEmpty())
        .findFirst();
  }

  /**
   * Name of the Job of the pending rotation (from the applied version to the edited values); with
   * nothing pending, the Job that made the applied values (so the workflow deletes it).
   */
  public static String name(SuperNovaStack stack, Context<SuperNovaStack> context) {
    if (!pending(stack, context)) {
      var madeBy =
          applied(stack, context)
              .map(s -> s.getMetadata().getAnnotations())
              .map(a -> a.get(AppliedCredentialsSecretDependent.ROTATED_BY));
      if (madeBy.isPresent()) {
        return madeBy.get();
      }
    }
    String to =
        edited(stack, context)
            .map(s -> Hashes.of(AppliedCredentialsSecretDependent.data(s)))
            .orElse("");
    String from = applied(stack, context).map(s -> s.getMetadata().getResourceVersion()).orElse("");
    return StackNames.databaseRotation(
        stack, Hashes.of(Map.of("from", from, "to", to)).substring(0, 8));
  }

  public static Optional<Job> job(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return Secondaries.byName(context, Job.class, name(stack, context));
  }

  /** The pending rotation's Job succeeded: the database accepts the edited values. */
  public static boolean succeeded(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return pending(stack, context) && job(stack, context).map(Jobs::succeeded).orElse(false);
  }

  /** Rotation Jobs of the stack still running, whatever rotation they serve. */
  static List<Job> active(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return BackupJobs.jobs(stack, context, BackupJobs.ROTATE).stream()
        .filter(j -> !Jobs.finished(j))
        .toList();
  }

  @Override
  protected String jobName(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return name(stack, context);
  }

  @Override
  protected JobSpec spec(SuperNovaStack stack, Context<SuperNovaStack> context) {
    String edited = StackNames.databaseCredentials(stack);
    String applied = StackNames.databaseCredentialsApplied(stack);
    List<EnvVar> env =
        List.of(
            EnvVars.of("PGHOST", StackNames.serviceHost(stack, StackNames.database(stack))),
            EnvVars.of("PGPORT", Integer.toString(StackNames.DATABASE_PORT)),
            EnvVars.of("PGUSER", StackNames.DATABASE_SUPERUSER),
            EnvVars.fromSecret("PGPASSWORD", applied, ReferencedSecrets.SUPERUSER_PASSWORD),
            EnvVars.of("APP_DB_NAME", StackNames.DATABASE_NAME),
            EnvVars.fromSecret("APP_DB_USER", applied, ReferencedSecrets.USERNAME),
            EnvVars.fromSecret("NEW_APP_DB_USER", edited, ReferencedSecrets.USERNAME),
            EnvVars.fromSecret("NEW_APP_DB_PASSWORD", edited, ReferencedSecrets.PASSWORD),
            EnvVars.fromSecret(
                "NEW_SUPERUSER_PASSWORD", edited, ReferencedSecrets.SUPERUSER_PASSWORD));
    return BackupJobs.spec(
        stack,
        BackupJobs.ROTATE,
        List.of("/bin/sh", "/scripts/" + Scripts.ROTATE),
        env,
        null,
        false,
        600L);
  }
}
