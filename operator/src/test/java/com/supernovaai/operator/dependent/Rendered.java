package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.config.PgBouncerConfig;
import com.supernovaai.operator.config.RedisConfig;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;

/**
 * What the operator's dependents render for a stack, for tests outside this package (the proofs
 * that run the rendered files with the real servers). Calls the dependents' own {@code desired}.
 */
public final class Rendered {

  private Rendered() {}

  /**
   * A context whose cache holds the Secrets the operator would have generated for the stack, with
   * the given values (the database's also as the applied copy, which the consumers read).
   */
  public static Context<SuperNovaStack> withGeneratedSecrets(
      SuperNovaStack stack,
      String databaseUser,
      String databasePassword,
      String superuserPassword,
      String redisPassword) {
    String ns = StackNames.namespace(stack);
    return TestContexts.with(
        databaseSecret(
            stack,
            StackNames.databaseCredentials(stack),
            databaseUser,
            databasePassword,
            superuserPassword),
        databaseSecret(
            stack,
            StackNames.databaseCredentialsApplied(stack),
            databaseUser,
            databasePassword,
            superuserPassword),
        TestContexts.secret(
            ns, StackNames.redisCredentials(stack), ReferencedSecrets.PASSWORD, redisPassword));
  }

  /** A database credentials Secret of the stack, as generated (or edited by a user). */
  public static Secret databaseSecret(
      SuperNovaStack stack,
      String name,
      String databaseUser,
      String databasePassword,
      String superuserPassword) {
    return TestContexts.secret(
        StackNames.namespace(stack),
        name,
        "database",
        StackNames.DATABASE_NAME,
        ReferencedSecrets.USERNAME,
        databaseUser,
        ReferencedSecrets.PASSWORD,
        databasePassword,
        ReferencedSecrets.SUPERUSER_PASSWORD,
        superuserPassword);
  }

  /**
   * The credentials rotation Job's container for a context holding the applied copy and the edited
   * Secret.
   */
  public static Container rotationContainer(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new CredentialsRotationJobDependent()
        .desired(stack, context)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  public static ConfigMap databaseConfig(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new DatabaseConfigMapDependent().desired(stack, context);
  }

  public static String pgbouncerIni(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new PoolerConfigMapDependent()
        .desired(stack, context)
        .getData()
        .get(PgBouncerConfig.INI);
  }

  public static String pgbouncerUserlist(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return TestContexts.decode(
        new PoolerUserlistSecretDependent()
            .desired(stack, context)
            .getData()
            .get(PgBouncerConfig.USERLIST));
  }

  public static String redisConf(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return TestContexts.decode(
        new RedisConfigSecretDependent().desired(stack, context).getData().get(RedisConfig.FILE));
  }

  /** File name to contents, as mounted at /scripts. */
  public static Map<String, String> backupScripts(
      SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new BackupScriptsConfigMapDependent().desired(stack, context).getData();
  }

  public static CronJob backupCronJob(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new BackupCronJobDependent().desired(stack, context);
  }

  /** The container of the bootstrap restore Job (spec.database.bootstrap.fromBackup). */
  public static Container restoreContainer(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new RestoreJobDependent()
        .desired(stack, context)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  /** The container of the restore drill CronJob (spec.backup.verify). */
  public static Container verifyContainer(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new BackupVerifyCronJobDependent()
        .desired(stack, context)
        .getSpec()
        .getJobTemplate()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }
}
