package com.supernovaai.api;

import com.supernovaai.api.config.Settings;
import com.supernovaai.testsupport.LocalPgBouncer;
import com.supernovaai.testsupport.LocalPostgres;
import com.supernovaai.testsupport.LocalRedis;
import java.util.HashMap;
import java.util.Map;

/**
 * Real PostgreSQL, PgBouncer (transaction mode) and Redis (with a password) for one group of tests,
 * plus API servers configured like in production: through the environment contract.
 */
public final class TestStack implements AutoCloseable {

  public static final String DATABASE = "supernova";
  public static final String REDIS_PASSWORD = "redis-test-pass";
  public static final String JWT_SECRET = "test-secret-that-is-long-enough-for-hs256!!";

  /** The first administrator every test server creates at start (as the operator's Secret does). */
  public static final String ADMIN_USERNAME = "admin";

  public static final String ADMIN_PASSWORD = "admin-test-password";

  /**
   * The role the API servers connect as: it owns {@link #DATABASE} and nothing more (no superuser,
   * no predefined roles), as from the operator's db-init.sh or on a managed database. The superuser
   * ({@code postgres.psql}) is only for the tests' own set-up and checks.
   */
  public static final String APP_ROLE = "supernova_app";

  public static final String APP_PASSWORD = "app-role-test-password";

  private static TestStack shared;

  public final LocalPostgres postgres;
  public final LocalPgBouncer pgbouncer;
  public final LocalRedis redis;

  private TestStack() {
    postgres = LocalPostgres.startDefault();
    try {
      postgres.createOwnedDatabase(DATABASE, APP_ROLE, APP_PASSWORD);
      pgbouncer = LocalPgBouncer.transactionPooling(postgres, DATABASE, 8, APP_ROLE, APP_PASSWORD);
      redis = LocalRedis.start("requirepass " + REDIS_PASSWORD + "\n");
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
  }

  /** A stack of its own, for tests that stop and start the servers. */
  public static TestStack startPrivate() {
    return new TestStack();
  }

  /** The stack shared by the tests that leave the servers running; stopped at JVM exit. */
  public static synchronized TestStack shared() {
    if (shared == null) {
      shared = new TestStack();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /**
   * The production environment contract, pointing at this stack: the database URL goes to PgBouncer
   * (postgresql:// form, the application role's credentials passed separately as the operator
   * does).
   */
  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("SUPERNOVA_HOST", "127.0.0.1");
    env.put("SUPERNOVA_PORT", "0");
    env.put("DATABASE_URL", "postgresql://127.0.0.1:" + pgbouncer.port() + "/" + DATABASE);
    env.put("DATABASE_USER", APP_ROLE);
    env.put("DATABASE_PASSWORD", APP_PASSWORD);
    env.put("DATABASE_POOL_SIZE", "10");
    env.put("DATABASE_POOL_TIMEOUT", "3");
    env.put("REDIS_URL", redis.url());
    env.put("REDIS_PASSWORD", REDIS_PASSWORD);
    env.put("JWT_SECRET_KEY", JWT_SECRET);
    env.put("RATE_LIMIT_REQUESTS_PER_HOUR", "10000000");
    env.put("RATE_LIMIT_BURST_SIZE", "1000000");
    // Every test client is 127.0.0.1: the per-address limits only where a test sets them.
    env.put("RATE_LIMIT_ADDRESS_PER_MINUTE", "10000000");
    env.put("RATE_LIMIT_ADDRESS_BURST", "1000000");
    env.put("RATE_LIMIT_AUTH_PER_MINUTE", "10000000");
    env.put("RATE_LIMIT_AUTH_BURST", "1000000");
    env.put("CACHE_TTL_SECONDS", "3600");
    env.put("LOG_LEVEL", "INFO");
    env.put("SUPERNOVA_VERSION", "1.2.3-test");
    env.put("SUPERNOVA_COLOR", "blue");
    env.put("SUPERNOVA_SHUTDOWN_DRAIN_SECONDS", "0");
    env.put("SUPERNOVA_ADMIN_USERNAME", ADMIN_USERNAME);
    env.put("SUPERNOVA_ADMIN_PASSWORD", ADMIN_PASSWORD);
    return env;
  }

  /** Another database owned by the application role, e.g. for a migration test of its own. */
  public void createAppDatabase(String name) {
    postgres.psql("postgres", "CREATE DATABASE \"" + name + "\" OWNER " + APP_ROLE);
  }

  /** Starts an API server in this JVM with {@link #env()} plus overrides. */
  public ApiServer startServer(Map<String, String> overrides) {
    Map<String, String> env = env();
    env.putAll(overrides);
    return ApiServer.start(Settings.fromEnv(env));
  }

  public ApiServer startServer() {
    return startServer(Map.of());
  }

  @Override
  public void close() {
    redis.close();
    pgbouncer.close();
    postgres.close();
  }
}
