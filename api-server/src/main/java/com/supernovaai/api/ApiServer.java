package com.supernovaai.api;

import com.supernovaai.api.admin.AdminAccount;
import com.supernovaai.api.auth.RevocationSync;
import com.supernovaai.api.config.Settings;
import com.supernovaai.api.schema.MigrationCallbacks;
import com.supernovaai.api.schema.MigrationFailedException;
import com.supernovaai.api.schema.MigrationFailure;
import com.supernovaai.api.sentiment.DataRetention;
import com.supernovaai.api.sentiment.SentimentRepository;
import com.supernovaai.api.web.Lifecycle;
import com.zaxxer.hikari.pool.HikariPool;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.Optional;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running API server: a Micronaut context built only from {@link Settings} (the process
 * environment is not read again, so tests can run several servers in one JVM).
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final ApplicationContext context;
  private final EmbeddedServer server;
  private final Settings settings;

  private ApiServer(ApplicationContext context, EmbeddedServer server, Settings settings) {
    this.context = context;
    this.server = server;
    this.settings = settings;
  }

  /** Builds the context (runs migrations) and starts listening. */
  public static ApiServer start(Settings settings) {
    ApplicationContext context =
        ApplicationContext.builder()
            .deduceEnvironment(false)
            .environmentPropertySource(false)
            .properties(settings.toMicronautProperties())
            .singletons(settings)
            .build();
    try {
      LOG.info(
          "connecting to the database (start-up waits up to {} s for it to take connections)",
          settings.databaseStartWait().toSeconds());
      context.start();
      // Creating the DataSource runs the Flyway migrations; fail start-up here, not on first use.
      context.getBean(SentimentRepository.class).ping();
      // After the migrations, at every start: the retention setting may have changed since.
      context.getBean(DataRetention.class).apply();
      // The first administrator, from the environment (the operator's <stack>-api-admin Secret).
      context.getBean(AdminAccount.class).apply();
      // Revocations made before this start hold from the first request, not the first poll.
      context.getBean(RevocationSync.class).sync();
      EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
      LOG.info(
          "SuperNova API {} ({}) listening on {}:{}",
          settings.version(),
          settings.color(),
          settings.host(),
          server.getPort());
      return new ApiServer(context, server, settings);
    } catch (RuntimeException e) {
      RuntimeException reported = migrationFailure(context, e);
      context.close();
      throw reported;
    }
  }

  /**
   * A migration that failed for good, or migrations that do not match the database's history,
   * become a {@link MigrationFailedException} (the operator aborts a rollout on it); anything else,
   * a transient database error included, stays a plain start-up failure that a restart retries.
   */
  private static RuntimeException migrationFailure(ApplicationContext context, RuntimeException e) {
    if (MigrationFailure.isTransient(e)) {
      return e;
    }
    Optional<MigrationInfo> failed;
    try {
      // Migrations run while the context starts, so it may not count as running: ask anyway.
      failed = context.findBean(MigrationCallbacks.class).flatMap(MigrationCallbacks::failed);
    } catch (RuntimeException lookup) {
      failed = Optional.empty();
    }
    if (failed.isPresent()) {
      MigrationInfo migration = failed.get();
      String version = migration.getVersion() == null ? null : migration.getVersion().getVersion();
      return new MigrationFailedException(
          MigrationFailure.describe(version, migration.getDescription(), e), e);
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof FlywayValidateException) {
        return new MigrationFailedException(MigrationFailure.validation(t), e);
      }
    }
    return e;
  }

  public int port() {
    return server.getPort();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getPort());
  }

  public ApplicationContext context() {
    return context;
  }

  /**
   * SIGTERM path: readiness turns 503 first so load balancers stop sending traffic, then after the
   * drain delay the server stops accepting and finishes in-flight requests (graceful shutdown).
   */
  public void shutdownGracefully() {
    context.getBean(Lifecycle.class).startDraining();
    LOG.info("shutdown: readiness is 503, draining for {}", settings.shutdownDrain());
    try {
      Thread.sleep(settings.shutdownDrain().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("shutdown: drain over, no longer accepting; finishing requests in flight");
    close();
    LOG.info("shutdown complete");
  }

  @Override
  public void close() {
    if (context.isRunning()) {
      context.close();
    }
  }

  /**
   * Why start-up failed, on one line without secrets: the root cause, after what it means when the
   * database took no connection for the whole start-up wait.
   */
  static String describeStartUpFailure(Throwable e, Settings settings) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HikariPool.PoolInitializationException) {
        return "the database took no connection within "
            + settings.databaseStartWait().toSeconds()
            + " s (SUPERNOVA_DATABASE_START_WAIT_SECONDS): "
            + describe(e);
      }
    }
    return describe(e);
  }

  /** The root cause on one line, without secrets (driver messages may carry URLs). */
  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
    message =
        message
            .replaceAll("(?i)(password=)[^&\\s]*", "$1***")
            .replaceAll("://[^/@\\s]*@", "://***@");
    return root.getClass().getSimpleName() + ": " + message;
  }
}
