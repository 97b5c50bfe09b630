package com.supernovaai.api.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.data.connection.ConnectionStatus;
import io.micronaut.transaction.TransactionCallback;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.TransactionStatus;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransactionsTest {

  private final FakeTransactionOperations tx = new FakeTransactionOperations();
  private final AtomicInteger drops = new AtomicInteger();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Transactions transactions =
      new Transactions("primary", tx, drops::incrementAndGet, registry);
  private final AtomicInteger runs = new AtomicInteger();

  @Test
  void workThatFoundItsConnectionDeadRunsOnceMoreAfterThePoolDroppedItsConnections() {
    String result =
        transactions.write(
            connection -> {
              if (runs.incrementAndGet() == 1) {
                throw ioError();
              }
              return "written";
            });

    assertThat(result).isEqualTo("written");
    assertThat(runs).hasValue(2);
    assertThat(drops).hasValue(1);
    assertThat(tx.committed).isEqualTo(1);
    assertThat(registry.get("supernova.database.retries").tag("pool", "primary").counter().count())
        .isEqualTo(1);
  }

  @Test
  void theRetryHappensEvenWhenTheRollbackFailureReplacesTheWorksException() {
    // What pgjdbc does: the I/O error closes the connection, so the rollback fails with 08003.
    tx.rollbackFailure = new IllegalStateException("rollback", closed());

    String result =
        transactions.read(
            connection -> {
              if (runs.incrementAndGet() == 1) {
                throw ioError();
              }
              return "read";
            });

    assertThat(result).isEqualTo("read");
    assertThat(runs).hasValue(2);
  }

  @Test
  void aConnectionFoundDeadWhileTheTransactionBeganIsReplacedToo() {
    tx.beginFailure = new IllegalStateException("cannot begin", closed());

    int result = transactions.write(connection -> runs.incrementAndGet());
    assertThat(result).isEqualTo(1);
    assertThat(drops).hasValue(1);
    assertThat(tx.committed).isEqualTo(1);
  }

  @Test
  void aTransactionThatCannotBeginForAnotherReasonIsNotRetried() {
    tx.beginFailure =
        new IllegalStateException("too many connections", new SQLException("", "53300"));

    assertThatThrownBy(() -> transactions.write(connection -> runs.incrementAndGet()))
        .hasMessage("too many connections");
    assertThat(runs).hasValue(0);
    assertThat(drops).hasValue(0);
  }

  @Test
  void noConnectionFromThePoolIsNotRetriedSinceThePoolAlreadyWaited() {
    // Hikari's time-out carries the last connection failure's state (08001 when refused): a second
    // try would double the wait of every request while the database is away.
    tx.beginFailure =
        new IllegalStateException(
            "cannot begin",
            new SQLTransientConnectionException(
                "supernova - Connection is not available, request timed out after 30000ms.",
                "08001"));

    assertThatThrownBy(() -> transactions.write(connection -> runs.incrementAndGet()))
        .hasMessage("cannot begin");
    assertThat(runs).hasValue(0);
    assertThat(drops).hasValue(0);
  }

  @Test
  void aSecondDeadConnectionFailsTheRequest() {
    assertThatThrownBy(
            () ->
                transactions.write(
                    connection -> {
                      runs.incrementAndGet();
                      throw ioError();
                    }))
        .hasRootCauseMessage("An I/O error occurred while sending to the backend.");
    assertThat(runs).hasValue(2);
    assertThat(drops).hasValue(1);
  }

  @Test
  void otherSqlErrorsAreNotRetried() {
    assertThatThrownBy(
            () ->
                transactions.write(
                    connection -> {
                      runs.incrementAndGet();
                      throw new SQLException("duplicate key", "23505");
                    }))
        .hasRootCauseMessage("duplicate key");
    assertThat(runs).hasValue(1);
    assertThat(drops).hasValue(0);
  }

  @Test
  void aFailedCommitIsNotRetriedBecauseItMayHaveCommitted() {
    tx.commitFailure = new IllegalStateException("commit", ioError());

    assertThatThrownBy(() -> transactions.write(connection -> runs.incrementAndGet()))
        .hasMessage("commit");
    assertThat(runs).hasValue(1);
    assertThat(drops).hasValue(0);
  }

  @Test
  void workInsideAnOuterTransactionIsLeftToIt() {
    tx.inOuterTransaction = true;

    assertThatThrownBy(
            () ->
                transactions.write(
                    connection -> {
                      runs.incrementAndGet();
                      throw ioError();
                    }))
        .hasRootCauseMessage("An I/O error occurred while sending to the backend.");
    assertThat(runs).hasValue(1);
  }

  @Test
  void aConnectionErrorIsFoundInCausesAndInABatchsNextExceptions() {
    BatchUpdateException batch =
        new BatchUpdateException("Batch entry 0 was aborted", null, 0, null);
    batch.setNextException(ioError());
    assertThat(Transactions.isConnectionLost(batch)).isTrue();
    assertThat(Transactions.isConnectionLost(new SQLException("wrapper", "XX000", ioError())))
        .isTrue();
    assertThat(Transactions.isConnectionLost(new SQLException("syntax", "42601"))).isFalse();
    assertThat(Transactions.isConnectionLost(new SQLException("no state"))).isFalse();
  }

  private static SQLException ioError() {
    return new SQLException("An I/O error occurred while sending to the backend.", "08006");
  }

  private static SQLException closed() {
    return new SQLException("This connection has been closed.", "08003");
  }

  /** Micronaut's transaction template in miniature: begin, work, commit or rollback. */
  private static final class FakeTransactionOperations
      implements TransactionOperations<Connection> {
    boolean inOuterTransaction;
    RuntimeException commitFailure;
    RuntimeException rollbackFailure;
    RuntimeException beginFailure;
    int committed;

    @Override
    public <R> R execute(
        TransactionDefinition definition, TransactionCallback<Connection, R> work) {
      if (beginFailure != null) {
        RuntimeException failure = beginFailure;
        beginFailure = null;
        throw failure;
      }
      R result;
      try {
        result = work.call(status(definition));
      } catch (Exception e) {
        if (rollbackFailure != null) {
          throw rollbackFailure;
        }
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
      if (commitFailure != null) {
        throw commitFailure;
      }
      committed++;
      return result;
    }

    @Override
    public Optional<? extends TransactionStatus<?>> findTransactionStatus() {
      return inOuterTransaction
          ? Optional.of(status(TransactionDefinition.DEFAULT))
          : Optional.empty();
    }

    @Override
    public Connection getConnection() {
      return null;
    }

    @Override
    public boolean hasConnection() {
      return inOuterTransaction;
    }

    private static TransactionStatus<Connection> status(TransactionDefinition definition) {
      return new TransactionStatus<>() {
        @Override
        public Object getTransaction() {
          return this;
        }

        @Override
        public Connection getConnection() {
          return null;
        }

        @Override
        public ConnectionStatus<Connection> getConnectionStatus() {
          return null;
        }

        @Override
        public boolean isNewTransaction() {
          return true;
        }

        @Override
        public void setRollbackOnly() {}

        @Override
        public boolean isRollbackOnly() {
          return false;
        }

        @Override
        public boolean isCompleted() {
          return false;
        }

        @Override
        public TransactionDefinition getTransactionDefinition() {
          return definition;
        }
      };
    }
  }
}
