package com.supernovaai.api.schema;

import com.supernovaai.api.config.Settings;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Flyway callbacks around each migration. Before it: a {@code lock_timeout} for its transaction, so
 * a statement that needs a table lock held by the running color's queries fails after a few seconds
 * (a transient failure: the pod restarts and tries again) instead of waiting for ever while every
 * query on that table queues behind it. After a failure: which migration it was, since the
 * exception that stops start-up says only that the DataSource could not be created.
 */
@Singleton
public class MigrationCallbacks implements Callback {

  private final long lockTimeoutMillis;
  private volatile MigrationInfo failed;

  public MigrationCallbacks(Settings settings) {
    this.lockTimeoutMillis = settings.migrationLockTimeout().toMillis();
  }

  @Override
  public boolean supports(Event event, Context context) {
    return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE_ERROR;
  }

  @Override
  public boolean canHandleInTransaction(Event event, Context context) {
    return true;
  }

  @Override
  public void handle(Event event, Context context) {
    if (event == Event.AFTER_EACH_MIGRATE_ERROR) {
      failed = context.getMigrationInfo();
      return;
    }
    Connection connection = context.getConnection();
    try {
      // A migration may rightly run longer than a request's socket timeout (Settings): none while
      // it runs. The pool puts the connection's own timeout back when Flyway returns it.
      connection.setNetworkTimeout(Runnable::run, 0);
    } catch (SQLException e) {
      throw new FlywayException("could not lift the socket timeout for the migration", e);
    }
    // SET LOCAL: only this migration's transaction (PgBouncer may hand the connection on).
    // Non-transactional migrations (autocommit) set their own timeouts if they need any.
    try (Statement s = connection.createStatement()) {
      if (!connection.getAutoCommit()) {
        s.execute("SET LOCAL lock_timeout = " + lockTimeoutMillis);
      }
    } catch (SQLException e) {
      throw new FlywayException("could not set lock_timeout for the migration", e);
    }
  }

  @Override
  public String getCallbackName() {
    return "supernova-migration-callbacks";
  }

  /** The migration that failed during this start, if one did. */
  public Optional<MigrationInfo> failed() {
    return Optional.ofNullable(failed);
  }
}
