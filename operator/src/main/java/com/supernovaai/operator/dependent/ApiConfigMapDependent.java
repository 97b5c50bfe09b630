package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.config.PgBouncerConfig;
import com.supernovaai.operator.model.RedisSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The API server's non-secret environment (envFrom): where the database and Redis are, and its
 * settings. Its ready postcondition ({@link ApiInputsReadyCondition}) holds the API Deployment back
 * until the database credentials exist and a bootstrap restore is done; not until the database is
 * ready: the API waits for it in its start-up.
 */
public class ApiConfigMapDependent extends StackDependent<ConfigMap> {

  public ApiConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.apiConfig(stack);
  }

  @Override
  protected ConfigMap desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new ConfigMapBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_API)))
        .withData(environment(stack))
        .build();
  }

  /** The env contract of the API server, minus secrets and SUPERNOVA_COLOR. */
  public static Map<String, String> environment(SuperNovaStack stack) {
    var api = stack.getSpec().getApi();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SUPERNOVA_PORT", Integer.toString(StackNames.API_PORT));
    env.put("DATABASE_URL", databaseUrl(stack));
    readUrl(stack).ifPresent(url -> env.put("DATABASE_READ_URL", url));
    env.put("REDIS_URL", redisUrl(stack));
    if (!stack.getSpec().getRedis().hasExternal() && stack.getSpec().getRedis().sentinel()) {
      // The API asks the Sentinels for the master and follows a failover; REDIS_URL (the master's
      // Service) keeps the database index and is what a client without Sentinel would use.
      env.put("REDIS_SENTINELS", sentinels(stack));
      env.put("REDIS_MASTER_NAME", StackNames.REDIS_MASTER_NAME);
    }
    env.put("CACHE_TTL_SECONDS", Integer.toString(api.getCacheTtlSeconds()));
    env.put("SUPERNOVA_DATA_RETENTION_DAYS", Integer.toString(api.getDataRetentionDays()));
    env.put("RATE_LIMIT_REQUESTS_PER_HOUR", Integer.toString(api.getRateLimitRequestsPerHour()));
    env.put("LOG_LEVEL", api.getLogLevel().name());
    env.put(
        "SUPERNOVA_SELF_REGISTRATION",
        Boolean.toString(
            api.getAuth() != null && Boolean.TRUE.equals(api.getAuth().getSelfRegistration())));
    env.put("SUPERNOVA_TRUSTED_PROXIES", trustedProxies(stack));
    return env;
  }

  /**
   * The proxies whose X-Forwarded-For the API server believes, comma-separated; empty (none) unless
   * the stack names them, since a proxy range guessed wrong lets any client pick its address.
   */
  static String trustedProxies(SuperNovaStack stack) {
    var ingress = stack.getSpec().getIngress();
    if (ingress == null || ingress.getTrustedProxies() == null) {
      return "";
    }
    return String.join(",", ingress.getTrustedProxies());
  }

  /**
   * JDBC URL of the API server: through the pooler when enabled, with prepareThreshold=0 since
   * PgBouncer's transaction mode does not keep server-side prepared statements.
   */
  public static String databaseUrl(SuperNovaStack stack) {
    var spec = stack.getSpec();
    var external = spec.getDatabase().getExternal();
    String database = external != null ? external.getDatabase() : StackNames.DATABASE_NAME;
    if (Preconditions.poolerEnabled(stack)) {
      return "jdbc:postgresql://"
          + StackNames.serviceHost(stack, StackNames.pooler(stack))
          + ":"
          + StackNames.POOLER_PORT
          + "/"
          + database
          + "?prepareThreshold=0";
    }
    if (external != null) {
      return "jdbc:postgresql://" + external.getHost() + ":" + external.getPort() + "/" + database;
    }
    return "jdbc:postgresql://"
        + StackNames.serviceHost(stack, StackNames.database(stack))
        + ":"
        + StackNames.DATABASE_PORT
        + "/"
        + database;
  }

  /**
   * With api.readFromReplicas, where the API's reads go: PgBouncer's read-only pool ({@code
   * <database>_ro}, the replicas' Service behind it), or that Service itself without a pooler.
   */
  public static Optional<String> readUrl(SuperNovaStack stack) {
    var spec = stack.getSpec();
    if (!spec.getApi().readsFromReplicas()
        || spec.getDatabase().hasExternal()
        || !spec.getDatabase().replicated()) {
      return Optional.empty();
    }
    if (Preconditions.poolerEnabled(stack)) {
      return Optional.of(
          "jdbc:postgresql://"
              + StackNames.serviceHost(stack, StackNames.pooler(stack))
              + ":"
              + StackNames.POOLER_PORT
              + "/"
              + StackNames.DATABASE_NAME
              + PgBouncerConfig.READ_ONLY_SUFFIX
              + "?prepareThreshold=0");
    }
    return Optional.of(
        "jdbc:postgresql://"
            + StackNames.serviceHost(stack, StackNames.databaseReadOnly(stack))
            + ":"
            + StackNames.DATABASE_PORT
            + "/"
            + StackNames.DATABASE_NAME);
  }

  /** The three Sentinels as host:port, comma-separated. */
  static String sentinels(SuperNovaStack stack) {
    return IntStream.range(0, RedisSpec.SENTINEL_PODS)
        .mapToObj(i -> StackNames.redisPodHost(stack, i) + ":" + StackNames.REDIS_SENTINEL_PORT)
        .collect(Collectors.joining(","));
  }

  public static String redisUrl(SuperNovaStack stack) {
    var external = stack.getSpec().getRedis().getExternal();
    if (external != null) {
      return external.getUrl();
    }
    return "redis://"
        + StackNames.serviceHost(stack, StackNames.redis(stack))
        + ":"
        + StackNames.REDIS_PORT
        + "/0";
  }
}
