package com.supernovaai.operator.model;

import java.util.List;

/**
 * Environment variables the operator sets on the API container: api.env may not name them and an
 * api.envFrom prefix may not produce them, or the API server would silently run with the operator's
 * values (env) or with the user's instead of the operator's (envFrom is read after the operator's
 * ConfigMap).
 */
public final class ApiEnvironment {

  /** Every name, as a CEL list literal (annotation values must be constants). */
  public static final String RESERVED_CEL =
      "['DATABASE_URL', 'DATABASE_READ_URL', 'DATABASE_USER', 'DATABASE_PASSWORD', 'REDIS_URL', 'REDIS_PASSWORD',"
          + " 'JWT_SECRET_KEY', 'LOG_LEVEL', 'CACHE_TTL_SECONDS', 'SUPERNOVA_DATA_RETENTION_DAYS',"
          + " 'RATE_LIMIT_REQUESTS_PER_HOUR', 'SUPERNOVA_PORT', 'SUPERNOVA_COLOR',"
          + " 'SUPERNOVA_SHUTDOWN_DRAIN_SECONDS', 'SUPERNOVA_SELF_REGISTRATION',"
          + " 'SUPERNOVA_ADMIN_USERNAME', 'SUPERNOVA_ADMIN_PASSWORD', 'SUPERNOVA_VERSION',"
          + " 'SUPERNOVA_TRUSTED_PROXIES', 'REDIS_SENTINELS', 'REDIS_MASTER_NAME']";

  /** The same names, for Java (the operator's unit test checks it sets no other). */
  public static final List<String> RESERVED =
      List.of(
          "DATABASE_URL",
          "DATABASE_READ_URL",
          "DATABASE_USER",
          "DATABASE_PASSWORD",
          "REDIS_URL",
          "REDIS_PASSWORD",
          "JWT_SECRET_KEY",
          "LOG_LEVEL",
          "CACHE_TTL_SECONDS",
          "SUPERNOVA_DATA_RETENTION_DAYS",
          "RATE_LIMIT_REQUESTS_PER_HOUR",
          "SUPERNOVA_PORT",
          "SUPERNOVA_COLOR",
          "SUPERNOVA_SHUTDOWN_DRAIN_SECONDS",
          "SUPERNOVA_SELF_REGISTRATION",
          "SUPERNOVA_ADMIN_USERNAME",
          "SUPERNOVA_ADMIN_PASSWORD",
          "SUPERNOVA_VERSION",
          "SUPERNOVA_TRUSTED_PROXIES",
          "REDIS_SENTINELS",
          "REDIS_MASTER_NAME");

  public static final String ENV_RULE = "self.all(e, !(e.name in " + RESERVED_CEL + "))";

  public static final String ENV_MESSAGE =
      "env must not set a variable the operator sets (DATABASE_URL, DATABASE_READ_URL, DATABASE_USER,"
          + " DATABASE_PASSWORD, REDIS_URL, REDIS_PASSWORD, REDIS_SENTINELS, REDIS_MASTER_NAME,"
          + " JWT_SECRET_KEY, LOG_LEVEL,"
          + " CACHE_TTL_SECONDS, SUPERNOVA_DATA_RETENTION_DAYS, RATE_LIMIT_REQUESTS_PER_HOUR,"
          + " SUPERNOVA_*): use the matching spec field (e.g. api.logLevel)";

  public static final String ENV_FROM_RULE =
      "self.all(s, !has(s.prefix) || s.prefix == '' || !"
          + RESERVED_CEL
          + ".exists(r, r.startsWith(s.prefix)))";

  public static final String ENV_FROM_MESSAGE =
      "envFrom prefix must not be the start of a variable the operator sets (DATABASE_, REDIS_,"
          + " SUPERNOVA_, JWT_, LOG_, CACHE_, RATE_ ...): pick a prefix of your own, e.g. APP_";

  /** Longest envFrom prefix: bounds the CEL cost of the rule above (set by GenerateCrd). */
  public static final int MAX_PREFIX_LENGTH = 128;

  private ApiEnvironment() {}
}
