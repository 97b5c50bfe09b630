package com.supernovaai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * PgBouncer in transaction mode hands each transaction to whichever server connection is free, so
 * session state such as named prepared statements leaks between clients. These tests put more
 * client connections than server connections through a real PgBouncer under concurrent load.
 */
class PgBouncerLoadIT {

  private static final int THREADS = 16;

  @Test
  void concurrentApiLoadThroughTransactionPoolingNeverFails() throws Exception {
    TestStack stack = TestStack.shared();
    try (ApiServer server = stack.startServer(Map.of("DATABASE_POOL_SIZE", "24"))) {
      Api api = new Api(server).login();
      AtomicInteger ok = new AtomicInteger();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  String symbol = "LOAD" + thread;
                  Instant base = Instant.parse("2024-03-01T00:00:00Z");
                  for (int i = 0; i < 25; i++) {
                    StringBuilder body = new StringBuilder("[");
                    for (int p = 0; p < 5; p++) {
                      if (p > 0) {
                        body.append(',');
                      }
                      body.append(
                          ApiIT.point(
                              p % 2 == 0 ? symbol : "LOADSHARED",
                              base.plusSeconds(i * 60L + p * 7L + thread * 3600L).toString(),
                              0.1,
                              0.5));
                    }
                    body.append(']');
                    check(api.post("/api/sentiment", body.toString()), ok, failures);
                    check(api.get("/api/sentiment/" + symbol + "?limit=10"), ok, failures);
                    check(
                        api.get("/api/sentiment/LOADSHARED/hourly", "Cache-Control", "no-cache"),
                        ok,
                        failures);
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(failures).isEmpty();
      assertThat(ok.get()).isEqualTo(THREADS * 25 * 3);
      // More pooled client connections than PgBouncer has server connections: multiplexing
      // really happened.
      int serverConnections =
          Integer.parseInt(
              stack.postgres.psql(
                  "postgres",
                  "SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                      + TestStack.DATABASE
                      + "' AND backend_type = 'client backend'"));
      assertThat(serverConnections).isLessThanOrEqualTo(8);
    }
  }

  private static void check(
      HttpResponse<String> r, AtomicInteger ok, ConcurrentLinkedQueue<String> failures) {
    if (r.statusCode() == 200) {
      ok.incrementAndGet();
    } else {
      failures.add(r.statusCode() + " " + r.body());
    }
  }

  @Test
  void unnamedStatementsSurviveSharedServerConnections() throws Exception {
    assertThat(runRepeatedStatements("prepareThreshold=0")).isEmpty();
  }

  @Test
  void namedServerSideStatementsBreakThere() throws Exception {
    // The failure mode that prepareThreshold=0 avoids (PgBouncer < 1.21), shown for real.
    assertThat(runRepeatedStatements("prepareThreshold=1"))
        .anySatisfy(m -> assertThat(m).containsIgnoringCase("prepared statement"));
  }

  private static List<String> runRepeatedStatements(String parameter) throws Exception {
    TestStack stack = TestStack.shared();
    String url =
        "jdbc:postgresql://127.0.0.1:"
            + stack.pgbouncer.port()
            + "/"
            + TestStack.DATABASE
            + "?"
            + parameter;
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(
          pool.submit(
              () -> {
                try (Connection c =
                    DriverManager.getConnection(url, TestStack.APP_ROLE, TestStack.APP_PASSWORD)) {
                  for (int i = 0; i < 60; i++) {
                    try (PreparedStatement ps =
                        c.prepareStatement(
                            "SELECT count(*) FROM pg_class WHERE relname = ? AND ? > 0")) {
                      ps.setString(1, "NOPE");
                      ps.setInt(2, i + 1);
                      try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                      }
                    } catch (SQLException e) {
                      errors.add(String.valueOf(e.getMessage()));
                    }
                  }
                } catch (SQLException e) {
                  errors.add(String.valueOf(e.getMessage()));
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    return new ArrayList<>(errors);
  }
}
