package com.supernovaai.operator.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.Rendered;
import com.supernovaai.testsupport.LocalPgBouncer;
import com.supernovaai.testsupport.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The pgbouncer.ini and userlist.txt the operator renders start a real PgBouncer that serves the
 * API server's kind of traffic in transaction mode: many concurrent clients, parameterised
 * statements through pgjdbc with prepareThreshold=0, SCRAM authentication with the generated
 * password, and fewer server connections than clients.
 */
class PgBouncerConfigIT {

  private static final int CLIENTS = 60;
  private static final int TRANSACTIONS_PER_CLIENT = 40;

  @Test
  void renderedPoolerServesConcurrentTransactionsThroughFewServerConnections() throws Exception {
    var stack = ProofStacks.stack();
    var context = ProofStacks.context(stack);
    String ini = Rendered.pgbouncerIni(stack, context);
    String userlist = Rendered.pgbouncerUserlist(stack, context);
    assertThat(ini).contains("pool_mode = transaction").contains("auth_type = scram-sha-256");

    try (LocalPostgres postgres = LocalPostgres.startDefault()) {
      postgres.psql(
          "postgres",
          "CREATE ROLE "
              + StackNames.DATABASE_USER
              + " LOGIN PASSWORD '"
              + ProofStacks.DATABASE_PASSWORD.replace("'", "''")
              + "'");
      postgres.psql(
          "postgres",
          "CREATE DATABASE " + StackNames.DATABASE_NAME + " OWNER " + StackNames.DATABASE_USER);

      // The one change: the [databases] entry points at the database Service
      // (prod-db.supernova.svc:5432), which does not resolve here; it is pointed at the local
      // server. The launcher owns listen_addr/listen_port, unix_socket_dir, logfile, pidfile and
      // auth_file (the userlist is the rendered one); every other line is as rendered.
      String local =
          ini.replace(
              "host=" + StackNames.serviceHost(stack, StackNames.database(stack)) + " port=5432",
              "host=127.0.0.1 port=" + postgres.port());
      assertThat(local).isNotEqualTo(ini);

      try (LocalPgBouncer bouncer = LocalPgBouncer.start(local, userlist)) {
        String url = bouncer.jdbcUrl(StackNames.DATABASE_NAME);
        assertThat(url).contains("prepareThreshold=0");
        try (Connection c = connect(url)) {
          c.createStatement()
              .execute(
                  "CREATE TABLE ticks (id bigserial PRIMARY KEY, client int NOT NULL,"
                      + " n int NOT NULL, at timestamptz NOT NULL DEFAULT now())");
        }

        AtomicInteger maxServerConnections = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
          List<Future<Integer>> results = new ArrayList<>();
          for (int client = 0; client < CLIENTS; client++) {
            results.add(pool.submit(worker(url, client, postgres, maxServerConnections)));
          }
          int committed = 0;
          for (Future<Integer> result : results) {
            committed += result.get();
          }
          assertThat(committed).isEqualTo(CLIENTS * TRANSACTIONS_PER_CLIENT);
        } finally {
          pool.shutdownNow();
        }

        assertThat(postgres.psql(StackNames.DATABASE_NAME, "SELECT count(*) FROM ticks"))
            .isEqualTo(String.valueOf(CLIENTS * TRANSACTIONS_PER_CLIENT));
        // Transaction pooling: 60 clients shared at most default_pool_size (20) + reserve (5)
        // server connections.
        assertThat(maxServerConnections.get()).isBetween(1, 25);
      }
    }
  }

  /** One API-server-like client: short transactions of parameterised statements. */
  private static Callable<Integer> worker(
      String url, int client, LocalPostgres postgres, AtomicInteger maxServerConnections) {
    return () -> {
      int done = 0;
      try (Connection c = connect(url)) {
        c.setAutoCommit(false);
        for (int n = 0; n < TRANSACTIONS_PER_CLIENT; n++) {
          try (var insert = c.prepareStatement("INSERT INTO ticks (client, n) VALUES (?, ?)")) {
            insert.setInt(1, client);
            insert.setInt(2, n);
            insert.executeUpdate();
          }
          try (var count =
              c.prepareStatement(
                  "SELECT count(*), (SELECT count(*) FROM pg_stat_activity WHERE usename = ?)"
                      + " FROM ticks WHERE client = ?")) {
            count.setString(1, StackNames.DATABASE_USER);
            count.setInt(2, client);
            try (var rows = count.executeQuery()) {
              rows.next();
              assertThat(rows.getInt(1)).isEqualTo(n + 1);
              maxServerConnections.accumulateAndGet(rows.getInt(2), Math::max);
            }
          }
          c.commit();
          done++;
        }
      }
      return done;
    };
  }

  private static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(
        url, ProofStacks.DATABASE_USER, ProofStacks.DATABASE_PASSWORD);
  }
}
