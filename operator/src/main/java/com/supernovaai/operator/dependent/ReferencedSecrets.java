package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The Secrets the stack's workloads read credentials from: the generated ones (from the informer
 * cache) or, for external services, the user's Secrets, which the reconciler reads once per
 * reconciliation and puts into the workflow context under the keys below. For the operator-run
 * database that is the applied copy ({@link StackNames#databaseCredentialsApplied}), never the
 * Secret users edit: a consumer that starts at any time gets a password PostgreSQL accepts.
 */
public final class ReferencedSecrets {

  public static final String EXTERNAL_DATABASE = "external-database-secret";
  public static final String EXTERNAL_REDIS = "external-redis-secret";

  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";
  public static final String SUPERUSER_PASSWORD = "superuser-password";

  /** Password of Patroni's replication role; generated for replicated databases only. */
  public static final String REPLICATION_PASSWORD = "replication-password";

  public static final String JWT_SECRET_KEY = "jwt-secret-key";

  private ReferencedSecrets() {}

  /** Name of the Secret the API server, PgBouncer and the backup Jobs read the database from. */
  public static String databaseSecretName(SuperNovaStack stack) {
    var database = stack.getSpec().getDatabase();
    return database.hasExternal()
        ? database.getExternal().getCredentialsSecret()
        : StackNames.databaseCredentialsApplied(stack);
  }

  /** Name of the Secret holding the Redis password, or null when Redis needs none. */
  public static String redisSecretName(SuperNovaStack stack) {
    var redis = stack.getSpec().getRedis();
    return redis.hasExternal()
        ? redis.getExternal().getCredentialsSecret()
        : StackNames.redisCredentials(stack);
  }

  public static Optional<Secret> database(SuperNovaStack stack, Context<SuperNovaStack> context) {
    if (stack.getSpec().getDatabase().hasExternal()) {
      return context
          .managedWorkflowAndDependentResourceContext()
          .get(EXTERNAL_DATABASE, Secret.class);
    }
    return Secondaries.byName(context, Secret.class, StackNames.databaseCredentialsApplied(stack));
  }

  public static Optional<Secret> redis(SuperNovaStack stack, Context<SuperNovaStack> context) {
    if (stack.getSpec().getRedis().hasExternal()) {
      return context.managedWorkflowAndDependentResourceContext().get(EXTERNAL_REDIS, Secret.class);
    }
    return Secondaries.byName(context, Secret.class, StackNames.redisCredentials(stack));
  }

  public static Optional<Secret> apiAdmin(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return Secondaries.byName(context, Secret.class, StackNames.apiAdminSecret(stack));
  }

  public static Optional<Secret> jwt(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return Secondaries.byName(context, Secret.class, StackNames.jwtSecret(stack));
  }

  /** A decoded value of a Secret, from data or stringData. */
  public static Optional<String> value(Secret secret, String key) {
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return Optional.of(secret.getStringData().get(key));
    }
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return Optional.of(
          new String(
              Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }

  /** Thrown when credentials a desired state needs are not there yet; never carries values. */
  public static class MissingCredentialsException extends IllegalStateException {
    public MissingCredentialsException(String secretName, String key) {
      super("Secret " + secretName + " has no key " + key + " (yet)");
    }
  }

  public static String require(Optional<Secret> secret, String secretName, String key) {
    return secret
        .flatMap(s -> value(s, key))
        .orElseThrow(() -> new MissingCredentialsException(secretName, key));
  }
}
