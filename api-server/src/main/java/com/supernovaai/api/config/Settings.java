package com.supernovaai.api.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Everything the server reads from its environment, with the names of the deployment guide's
 * production.env. Parsing is a pure function of the environment map so it is unit tested; the
 * result becomes Micronaut properties in {@link #toMicronautProperties()}.
 */
public record Settings(
    String host,
    int port,
    String jdbcUrl,
    String databaseUser,
    String databasePassword,
    int databasePoolSize,
    Duration databasePoolTimeout,
    Duration databaseStartWait,
    ReadDatabase readDatabase,
    RedisSettings redis,
    String jwtSecret,
    Duration jwtExpiration,
    Duration refreshTokenExpiration,
    int rateLimitRequestsPerHour,
    int rateLimitBurstSize,
    Duration cacheTtl,
    String logLevel,
    boolean websocketsEnabled,
    String version,
    String color,
    Duration shutdownDrain,
    Duration shutdownGrace,
    Duration migrationLockWait,
    Duration migrationLockTimeout,
    int maxBatchSize,
    int dataRetentionDays,
    AccountSettings accounts,
    LimitSettings limits) {

  /** HS256 keys shorter than the hash output are weak (RFC 7518 section 3.2). */
  public static final int MIN_JWT_SECRET_BYTES = 32;

  /**
   * Default of {@code SUPERNOVA_DATABASE_START_WAIT_SECONDS}: how long start-up waits for the
   * database to take connections. The operator starts the API beside its database, so the first
   * pods come up before it; 4 minutes stays inside the operator's start-up probe (5 minutes), so a
   * database that never comes ends in this server's own message, not in a kill by the kubelet.
   */
  public static final int DEFAULT_DATABASE_START_WAIT_SECONDS = 240;

  /** Default of {@code SUPERNOVA_DATA_RETENTION_DAYS}: the deployment guide keeps a year. */
  public static final int DEFAULT_DATA_RETENTION_DAYS = 365;

  /** Upper bound of {@code SUPERNOVA_DATA_RETENTION_DAYS} (100 years; 0 already means never). */
  public static final int MAX_DATA_RETENTION_DAYS = 36_500;

  private static final Set<String> LOG_LEVELS =
      Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  /** Reads and validates the settings; throws {@link ConfigException} naming the first bad one. */
  public static Settings fromEnv(Map<String, String> env) {
    Env e = new Env(env);
    String jdbcUrl =
        withSocketTimeout(
            withPgBouncerSafeParameters(toJdbcUrl(e.required("DATABASE_URL")), "DATABASE_URL"));
    String[] urlCredentials = credentialsFromUrl(e.required("DATABASE_URL"));
    String dbUser = e.optional("DATABASE_USER", urlCredentials[0]);
    String dbPassword = e.optional("DATABASE_PASSWORD", urlCredentials[1]);
    ReadDatabase readDatabase = readDatabase(e, dbUser, dbPassword);
    RedisSettings redis =
        RedisSettings.parse(
            e.required("REDIS_URL"),
            e.optional("REDIS_PASSWORD", null),
            e.optional("REDIS_SENTINELS", null),
            e.optional("REDIS_MASTER_NAME", null));
    String jwtSecret = e.required("JWT_SECRET_KEY");
    if (jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES) {
      throw new ConfigException(
          "JWT_SECRET_KEY must be at least " + MIN_JWT_SECRET_BYTES + " bytes long");
    }
    String logLevel = e.optional("LOG_LEVEL", "INFO").toUpperCase(Locale.ROOT);
    if (!LOG_LEVELS.contains(logLevel)) {
      throw new ConfigException("LOG_LEVEL must be one of " + LOG_LEVELS);
    }
    return new Settings(
        e.optional("SUPERNOVA_HOST", "0.0.0.0"),
        e.integer("SUPERNOVA_PORT", 8081, 0, 65535),
        jdbcUrl,
        dbUser,
        dbPassword,
        e.integer("DATABASE_POOL_SIZE", 10, 1, 1000),
        Duration.ofSeconds(e.integer("DATABASE_POOL_TIMEOUT", 30, 1, 3600)),
        Duration.ofSeconds(
            e.integer(
                "SUPERNOVA_DATABASE_START_WAIT_SECONDS",
                DEFAULT_DATABASE_START_WAIT_SECONDS,
                1,
                3600)),
        readDatabase,
        redis,
        jwtSecret,
        accessTokenTtl(e),
        Duration.ofDays(e.integer("REFRESH_TOKEN_EXPIRATION_DAYS", 30, 1, 3650)),
        e.integer("RATE_LIMIT_REQUESTS_PER_HOUR", 1000, 1, Integer.MAX_VALUE),
        e.integer("RATE_LIMIT_BURST_SIZE", 100, 1, Integer.MAX_VALUE),
        Duration.ofSeconds(e.integer("CACHE_TTL_SECONDS", 3600, 0, 7 * 24 * 3600)),
        logLevel,
        e.bool("ENABLE_WEBSOCKETS", true),
        e.optional("SUPERNOVA_VERSION", "dev"),
        e.optional("SUPERNOVA_COLOR", "none"),
        Duration.ofSeconds(e.integer("SUPERNOVA_SHUTDOWN_DRAIN_SECONDS", 5, 0, 300)),
        Duration.ofSeconds(e.integer("SUPERNOVA_SHUTDOWN_GRACE_SECONDS", 15, 1, 300)),
        Duration.ofSeconds(e.integer("SUPERNOVA_MIGRATION_LOCK_WAIT_SECONDS", 120, 1, 3600)),
        Duration.ofSeconds(e.integer("SUPERNOVA_MIGRATION_LOCK_TIMEOUT_SECONDS", 10, 1, 600)),
        e.integer("SUPERNOVA_MAX_BATCH_SIZE", 1000, 1, 100_000),
        dataRetentionDays(e),
        new AccountSettings(
            e.bool("SUPERNOVA_SELF_REGISTRATION", false),
            e.optional("SUPERNOVA_ADMIN_USERNAME", null),
            // Not trimmed: spaces may be part of a password.
            e.raw("SUPERNOVA_ADMIN_PASSWORD")),
        LimitSettings.fromEnv(e));
  }

  /**
   * Upper bound of an access token's life: they cannot be revoked one by one, so keep them short.
   */
  public static final int MAX_ACCESS_TOKEN_SECONDS = 3600;

  /**
   * {@code ACCESS_TOKEN_EXPIRATION_SECONDS} (default 15 min). The older {@code
   * JWT_EXPIRATION_HOURS} is still read when it is unset, but only its old default (1) is short
   * enough to be accepted.
   */
  private static Duration accessTokenTtl(Env e) {
    String legacy = e.optional("JWT_EXPIRATION_HOURS", null);
    if (legacy != null && e.optional("ACCESS_TOKEN_EXPIRATION_SECONDS", null) == null) {
      if (!legacy.equals("1")) {
        throw new ConfigException(
            "JWT_EXPIRATION_HOURS is replaced by ACCESS_TOKEN_EXPIRATION_SECONDS (at most "
                + MAX_ACCESS_TOKEN_SECONDS
                + ")");
      }
      return Duration.ofHours(1);
    }
    return Duration.ofSeconds(
        e.integer("ACCESS_TOKEN_EXPIRATION_SECONDS", 900, 1, MAX_ACCESS_TOKEN_SECONDS));
  }

  /** Days of time series to keep; {@code 0} (or {@code never}) keeps it for ever. */
  private static int dataRetentionDays(Env e) {
    String name = "SUPERNOVA_DATA_RETENTION_DAYS";
    if ("never".equalsIgnoreCase(e.optional(name, ""))) {
      return 0;
    }
    return e.integer(
        name,
        DEFAULT_DATA_RETENTION_DAYS,
        0,
        MAX_DATA_RETENTION_DAYS,
        " (days; 0 or never keeps the time series for ever)");
  }

  /**
   * pgjdbc's socketTimeout on both database URLs unless they set one (seconds): the longest a
   * request's query may wait for a database that stopped answering.
   */
  public static final int DEFAULT_SOCKET_TIMEOUT_SECONDS = 10;

  /** Name of the optional read-only database setting. */
  public static final String READ_URL = "DATABASE_READ_URL";

  /**
   * Where the sentiment reads may go: {@code DATABASE_READ_URL} (the replicas, e.g. PgBouncer's
   * read-only pool), with the user and password of {@code DATABASE_URL} unless the URL carries its
   * own. Null when unset: every query goes to {@code DATABASE_URL}, as before.
   */
  private static ReadDatabase readDatabase(Env e, String dbUser, String dbPassword) {
    String url = e.optional(READ_URL, null);
    if (url == null) {
      return null;
    }
    String[] credentials = credentialsFromUrl(url);
    // A read stuck on a replica that went away (a lost node) goes to the primary after the socket
    // timeout, instead of waiting for TCP to give up.
    String jdbcUrl =
        withSocketTimeout(withPgBouncerSafeParameters(toJdbcUrl(url, READ_URL), READ_URL));
    return new ReadDatabase(
        jdbcUrl,
        credentials[0] != null ? credentials[0] : dbUser,
        credentials[0] != null ? credentials[1] : dbPassword);
  }

  /** Whether the time series is kept for ever ({@code SUPERNOVA_DATA_RETENTION_DAYS=0}). */
  public boolean keepsDataForever() {
    return dataRetentionDays == 0;
  }

  /** Turns {@code postgresql://user:pass@host:port/db?x} into a JDBC URL without credentials. */
  static String toJdbcUrl(String url) {
    return toJdbcUrl(url, "DATABASE_URL");
  }

  static String toJdbcUrl(String url, String name) {
    String trimmed = url.trim();
    if (trimmed.startsWith("jdbc:postgresql:")) {
      return trimmed;
    }
    if (!trimmed.startsWith("postgresql://") && !trimmed.startsWith("postgres://")) {
      throw new ConfigException(
          name + " must start with postgresql://, postgres:// or jdbc:postgresql:");
    }
    URI uri;
    try {
      uri = URI.create(trimmed);
    } catch (IllegalArgumentException ex) {
      throw new ConfigException(name + " is not a valid URL");
    }
    if (uri.getHost() == null) {
      throw new ConfigException(name + " has no host");
    }
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
    if (uri.getPort() > 0) {
      jdbc.append(':').append(uri.getPort());
    }
    String path = uri.getRawPath();
    jdbc.append(path == null || path.isEmpty() ? "/" : path);
    if (uri.getRawQuery() != null) {
      jdbc.append('?').append(uri.getRawQuery());
    }
    return jdbc.toString();
  }

  private static String[] credentialsFromUrl(String url) {
    String trimmed = url.trim();
    if (trimmed.startsWith("jdbc:")) {
      return new String[] {null, null};
    }
    String userInfo;
    try {
      userInfo = URI.create(trimmed).getRawUserInfo();
    } catch (IllegalArgumentException ex) {
      return new String[] {null, null};
    }
    if (userInfo == null || userInfo.isEmpty()) {
      return new String[] {null, null};
    }
    int colon = userInfo.indexOf(':');
    String user = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
    String password = colon >= 0 ? userInfo.substring(colon + 1) : null;
    return new String[] {
      user.isEmpty() ? null : URLDecoder.decode(user, StandardCharsets.UTF_8),
      password == null ? null : URLDecoder.decode(password, StandardCharsets.UTF_8)
    };
  }

  /**
   * PgBouncer in transaction mode (before 1.21) hands each transaction to any server connection, so
   * named server-side prepared statements break: {@code prepareThreshold=0} keeps pgjdbc on unnamed
   * statements. An explicit value in the URL wins.
   */
  /**
   * pgjdbc's {@code socketTimeout} unless the URL sets one. Without it a query on a server that
   * hangs but whose kernel still acknowledges (a frozen primary after a failover) waits for ever,
   * and so does the pooled connection under it: PgBouncer drops its server connection only when our
   * client connection closes, which this timeout does. Migrations lift it while they run ({@code
   * MigrationCallbacks}).
   */
  static String withSocketTimeout(String jdbcUrl) {
    if (jdbcUrl.contains("socketTimeout=")) {
      return jdbcUrl;
    }
    return jdbcUrl
        + (jdbcUrl.contains("?") ? "&" : "?")
        + "socketTimeout="
        + DEFAULT_SOCKET_TIMEOUT_SECONDS;
  }

  static String withPgBouncerSafeParameters(String jdbcUrl, String name) {
    if (jdbcUrl.contains("prepareThreshold=")) {
      return jdbcUrl;
    }
    return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "prepareThreshold=0";
  }

  /** Micronaut configuration derived from the settings. */
  public Map<String, Object> toMicronautProperties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("micronaut.application.name", "supernova-api");
    p.put("micronaut.server.host", host);
    p.put("micronaut.server.port", port);
    p.put("micronaut.lifecycle.graceful-shutdown.enabled", true);
    // After the drain: stop accepting, then in-flight requests get this long to finish.
    p.put("micronaut.lifecycle.graceful-shutdown.grace-period", shutdownGrace.toSeconds() + "s");

    p.put("datasources.default.url", jdbcUrl);
    p.put("datasources.default.driver-class-name", "org.postgresql.Driver");
    p.put("datasources.default.dialect", "POSTGRES");
    if (databaseUser != null) {
      p.put("datasources.default.username", databaseUser);
    }
    if (databasePassword != null) {
      p.put("datasources.default.password", databasePassword);
    }
    p.put("datasources.default.maximum-pool-size", databasePoolSize);
    p.put("datasources.default.minimum-idle", Math.min(2, databasePoolSize));
    p.put("datasources.default.connection-timeout", databasePoolTimeout.toMillis());
    p.put("datasources.default.validation-timeout", 2000);
    p.put("datasources.default.pool-name", "supernova");
    // Hikari keeps trying (once a second) to open the first connection for this long before the
    // pool, and so start-up, fails: the database may still be starting, or its roles not yet made.
    p.put("datasources.default.initialization-fail-timeout", databaseStartWait.toMillis());
    p.put("flyway.datasources.default.enabled", true);
    if (readDatabase != null) {
      readDatabase.addTo(p, databasePoolSize);
    }

    p.put("logger.levels.root", logLevel);
    p.put("logger.levels.com.supernovaai", logLevel);

    p.put("supernova.websockets.enabled", websocketsEnabled);
    return p;
  }

  @Override
  public String toString() {
    return "Settings[host="
        + host
        + ", port="
        + port
        + ", jdbcUrl="
        + redactUrl(jdbcUrl)
        + ", databaseUser="
        + databaseUser
        + ", databasePassword=***, readJdbcUrl="
        + (readDatabase == null ? "none" : redactUrl(readDatabase.jdbcUrl()))
        + ", poolSize="
        + databasePoolSize
        + ", redis="
        + redis
        + ", jwtSecret=***, rateLimit="
        + rateLimitRequestsPerHour
        + "/h burst "
        + rateLimitBurstSize
        + ", cacheTtl="
        + cacheTtl
        + ", websockets="
        + websocketsEnabled
        + ", version="
        + version
        + ", color="
        + color
        + ", dataRetentionDays="
        + dataRetentionDays
        + ", accounts="
        + accounts
        + ", limits="
        + limits
        + "]";
  }

  /** Removes any password=... query parameter, for logs. */
  static String redactUrl(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  record Env(Map<String, String> env) {
    String required(String name) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        throw new ConfigException("missing required setting " + name);
      }
      return value;
    }

    String raw(String name) {
      String value = env.get(name);
      return value == null || value.isEmpty() ? null : value;
    }

    String optional(String name, String fallback) {
      String value = env.get(name);
      return value == null || value.isBlank() ? fallback : value.trim();
    }

    int integer(String name, int fallback, int min, int max) {
      return integer(name, fallback, min, max, "");
    }

    /** {@code hint} ends the error message, e.g. what a special value means. */
    int integer(String name, int fallback, int min, int max, String hint) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        int parsed = Integer.parseInt(value.trim());
        if (parsed < min || parsed > max) {
          throw new ConfigException(name + " must be between " + min + " and " + max + hint);
        }
        return parsed;
      } catch (NumberFormatException ex) {
        throw new ConfigException(name + " must be an integer" + hint);
      }
    }

    boolean bool(String name, boolean fallback) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes", "on" -> true;
        case "false", "0", "no", "off" -> false;
        default -> throw new ConfigException(name + " must be true or false");
      };
    }
  }
}
