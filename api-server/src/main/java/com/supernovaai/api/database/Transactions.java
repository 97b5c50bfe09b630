package com.supernovaai.api.database;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's transactions on one datasource. A transaction whose connection turns out to be dead
 * before its commit runs once more, on a new connection. Dead means the pooler (PgBouncer) or the
 * database restarted after the pool last used the connection: the pool checks a connection it lends
 * only when it was idle for half a second, so right after a restart it lends dead ones. The pool
 * then drops every connection it holds, since all of them date from before the restart.
 *
 * <p>Running the work again is safe: the connection died while the transaction began or while the
 * work ran, so nothing of it was committed. A failure of the commit itself is never retried
 * (whether it committed is unknown), nor is work inside an outer transaction.
 */
public final class Transactions {

  private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

  /** Counts transactions run again after a dead connection, by pool. */
  static final String RETRIES_METRIC = "supernova.database.retries";

  /** Work on the transaction's connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final String pool;
  private final TransactionOperations<Connection> tx;
  private final Runnable dropPooledConnections;
  private final Counter retries;

  /**
   * @param pool the pool's name in logs and metrics ({@code primary}, {@code replica})
   * @param dropPooledConnections closes the pool's idle connections and those in use once given
   *     back (Hikari's soft eviction)
   */
  public Transactions(
      String pool,
      TransactionOperations<Connection> tx,
      Runnable dropPooledConnections,
      MeterRegistry registry) {
    this.pool = pool;
    this.tx = tx;
    this.dropPooledConnections = dropPooledConnections;
    this.retries =
        Counter.builder(RETRIES_METRIC)
            .description("Transactions run again because their pooled connection was dead")
            .tag("pool", pool)
            .register(registry);
  }

  public <T> T read(Work<T> work) {
    return run(false, work);
  }

  public <T> T write(Work<T> work) {
    return run(true, work);
  }

  private <T> T run(boolean write, Work<T> work) {
    boolean outermost = tx.findTransactionStatus().isEmpty();
    Attempt attempt = new Attempt();
    try {
      return once(write, work, attempt);
    } catch (RuntimeException e) {
      if (!outermost || !attempt.diedBeforeCommit(e)) {
        throw e;
      }
    }
    dropPooledConnections.run();
    retries.increment();
    LOG.info(
        "a pooled {} database connection was dead (the pooler or the database restarted since"
            + " its last use): the pool reconnects, the transaction runs again",
        pool);
    return once(write, work, new Attempt());
  }

  private <T> T once(boolean write, Work<T> work, Attempt attempt) {
    return write
        ? tx.executeWrite(status -> attempt.run(work, status.getConnection()))
        : tx.executeRead(status -> attempt.run(work, status.getConnection()));
  }

  /** How far one run of a transaction got: the work not started, failed or done. */
  private static final class Attempt {
    private boolean started;
    private boolean workLostConnection;

    <T> T run(Work<T> work, Connection connection) throws SQLException {
      started = true;
      try {
        return work.run(connection);
      } catch (SQLException e) {
        workLostConnection = isConnectionLost(e);
        throw e;
      }
    }

    /**
     * Whether the transaction failed on a dead connection before a commit was sent: while it began
     * (the exception says so) or in the work. After the work succeeded, only the commit is left.
     */
    boolean diedBeforeCommit(RuntimeException e) {
      return started ? workLostConnection : isConnectionLost(e) && !poolTimedOut(e);
    }

    /**
     * The pool lent no connection within its time-out (it carries the last connect failure's
     * SQLSTATE): nothing dead was lent, and a second try would only double the wait.
     */
    private static boolean poolTimedOut(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof SQLTransientConnectionException) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * SQLSTATE class 08, "connection exception" (pgjdbc: 08006 on an I/O error, 08003 on a closed
   * connection), anywhere in the exception, its causes or a batch's next exceptions.
   */
  static boolean isConnectionLost(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException s = sql; s != null; s = s.getNextException()) {
          if (s.getSQLState() != null && s.getSQLState().startsWith("08")) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
