package com.supernovaai.api;

import static com.supernovaai.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.testsupport.LocalPostgres;
import com.supernovaai.testsupport.Processes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runnable jar as a real process: configuration errors, start-up, SIGTERM drain. */
class ProcessIT {

  private static Path logFile() throws IOException {
    return ApiProcess.logFile();
  }

  private static Process launch(Map<String, String> env, Path output) throws IOException {
    return ApiProcess.launch(env, output);
  }

  @Test
  void missingSettingStopsStartUpWithOneLineNamingIt() throws Exception {
    Path out = logFile();
    Process p =
        launch(
            Map.of(
                "DATABASE_URL", "postgresql://app:hunter2-secret@127.0.0.1:1/db",
                "REDIS_URL", "redis://127.0.0.1:1"),
            out);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    String log = Files.readString(out, StandardCharsets.UTF_8).trim();
    assertThat(log.lines()).hasSize(1);
    assertThat(log).contains("JWT_SECRET_KEY").doesNotContain("hunter2-secret");
  }

  @Test
  void badDataRetentionStopsStartUpNamingTheSettingAndWhatIsAllowed() throws Exception {
    Path out = logFile();
    Process p =
        launch(
            Map.of(
                "DATABASE_URL", "postgresql://app:hunter2-secret@127.0.0.1:1/db",
                "REDIS_URL", "redis://127.0.0.1:1",
                "JWT_SECRET_KEY", TestStack.JWT_SECRET,
                "SUPERNOVA_DATA_RETENTION_DAYS", "1 year"),
            out);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    String log = Files.readString(out, StandardCharsets.UTF_8).trim();
    assertThat(log.lines()).hasSize(1);
    assertThat(log)
        .contains("SUPERNOVA_DATA_RETENTION_DAYS must be an integer")
        .contains("0 or never keeps the time series for ever")
        .doesNotContain("hunter2-secret");
  }

  @Test
  void unreachableDatabaseFailsStartUpWithoutLeakingThePassword() throws Exception {
    Path out = logFile();
    Process p =
        launch(
            Map.of(
                "DATABASE_URL",
                "postgresql://app:hunter2-secret@127.0.0.1:" + Processes.freePort() + "/db",
                "DATABASE_POOL_TIMEOUT",
                "2",
                "SUPERNOVA_DATABASE_START_WAIT_SECONDS",
                "3",
                "REDIS_URL",
                "redis://127.0.0.1:" + Processes.freePort(),
                "JWT_SECRET_KEY",
                TestStack.JWT_SECRET),
            out);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    String log = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(log)
        .contains("start-up failed: the database took no connection within 3 s")
        .doesNotContain("hunter2-secret");
  }

  @Test
  void waitsForADatabaseThatComesUpAfterItThenMigratesAndServes() throws Exception {
    // As in a new stack: the API starts beside its database, which is not listening yet, then
    // takes connections before its application role and database exist.
    int databasePort = Processes.freePort();
    int port = Processes.freePort();
    Map<String, String> env = TestStack.shared().env();
    env.put("DATABASE_URL", "postgresql://127.0.0.1:" + databasePort + "/" + TestStack.DATABASE);
    env.put("SUPERNOVA_PORT", String.valueOf(port));
    Path out = logFile();
    Process p = launch(env, out);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(out, StandardCharsets.UTF_8).contains("start-up waits"));
      Thread.sleep(3000);
      assertThat(p.isAlive()).as("waiting, not exited").isTrue();
      try (LocalPostgres database = LocalPostgres.builder().port(databasePort).start()) {
        Thread.sleep(2000); // PostgreSQL up, the role and the database not yet made
        database.createOwnedDatabase(
            TestStack.DATABASE, TestStack.APP_ROLE, TestStack.APP_PASSWORD);
        Api api = new Api(URI.create("http://127.0.0.1:" + port));
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .ignoreExceptions()
            .untilAsserted(() -> assertThat(api.get("/health/ready").statusCode()).isEqualTo(200));
        assertThat(p.isAlive()).isTrue();
        assertThat(
                database.psql(
                    TestStack.DATABASE,
                    "SELECT count(*) FROM information_schema.tables"
                        + " WHERE table_name = 'sentiment_data'"))
            .isEqualTo("1");
      }
    } finally {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void sigtermLosesNoRequestInFlightOrSentDuringTheDrainAndExits0() throws Exception {
    TestStack stack = TestStack.shared();
    int port = Processes.freePort();
    Map<String, String> env = stack.env();
    env.put("SUPERNOVA_PORT", String.valueOf(port));
    env.put("SUPERNOVA_SHUTDOWN_DRAIN_SECONDS", "6");
    Path out = logFile();
    Process p = launch(env, out);
    try (Connection lockHolder =
        DriverManager.getConnection(
            stack.postgres.jdbcUrl(TestStack.DATABASE),
            stack.postgres.user(),
            stack.postgres.password())) {
      Api api = new Api(URI.create("http://127.0.0.1:" + port));
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(api.get("/health/ready").statusCode()).isEqualTo(200));
      api.login();
      assertThat(api.get("/version").body()).contains("1.2.3-test");
      // Plain PostgreSQL here: the retention step says once that it has nothing to enforce.
      assertThat(Files.readString(out, StandardCharsets.UTF_8))
          .containsOnlyOnce("data retention: timescaledb is not installed");

      // A slow request: the test holds the row's lock, so rewriting that point waits in
      // PostgreSQL until the test lets go.
      String symbol = ApiIT.symbol();
      String slowPoint = ApiIT.batch(ApiIT.point(symbol, "2024-09-01T10:00:00Z", 0.3, 0.6));
      assertThat(api.post("/api/sentiment", slowPoint).statusCode()).isEqualTo(200);
      lockHolder.setAutoCommit(false);
      try (Statement s = lockHolder.createStatement()) {
        s.execute("SELECT 1 FROM sentiment_data WHERE symbol = '" + symbol + "' FOR UPDATE");
      }
      CompletableFuture<HttpResponse<String>> slow =
          CompletableFuture.supplyAsync(() -> api.post("/api/sentiment", slowPoint));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  stack
                      .postgres
                      .psql(
                          TestStack.DATABASE,
                          "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                              + " AND query LIKE '%sentiment_data%'")
                      .equals("1"));

      long sigterm = System.nanoTime();
      p.destroy(); // SIGTERM

      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .untilAsserted(
              () -> {
                HttpResponse<String> ready = api.get("/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(json(ready).get("status").asText()).isEqualTo("draining");
              });
      // During the first half of the drain (load balancers still catching up) every request,
      // reads and writes, is served. Timing decides only how long the test sends.
      int sent = 0;
      int failed = 0;
      long drainStart = System.nanoTime();
      while (System.nanoTime() - drainStart < Duration.ofSeconds(3).toNanos()) {
        String s2 = ApiIT.symbol();
        HttpResponse<String> write =
            api.post(
                "/api/sentiment", ApiIT.batch(ApiIT.point(s2, "2024-09-01T11:00:00Z", 0.1, 0.1)));
        HttpResponse<String> read = api.get("/api/sentiment/" + s2);
        sent += 2;
        failed += (write.statusCode() == 200 ? 0 : 1) + (read.statusCode() == 200 ? 0 : 1);
        assertThat(read.headers().firstValue("X-SuperNova-Color")).hasValue("blue");
      }
      System.out.printf("during the drain: %d requests sent, %d failed%n", sent, failed);
      assertThat(failed).isZero();
      assertThat(sent).isPositive();

      // After the drain the server stops accepting; the slow request is still in flight.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !accepts(port));
      System.out.printf(
          "stopped accepting %d ms after SIGTERM%n", (System.nanoTime() - sigterm) / 1_000_000);
      assertThat(slow).isNotDone();
      lockHolder.commit();

      HttpResponse<String> slowResponse = slow.get(30, TimeUnit.SECONDS);
      assertThat(slowResponse.statusCode()).as(slowResponse.body()).isEqualTo(200);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      System.out.printf("exited %d ms after SIGTERM%n", (System.nanoTime() - sigterm) / 1_000_000);
      assertThat(p.exitValue()).as(Files.readString(out, StandardCharsets.UTF_8)).isZero();
    } finally {
      p.destroyForcibly();
    }
    String log = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(log)
        .contains("listening on")
        .contains("shutdown complete")
        .doesNotContain(TestStack.APP_PASSWORD)
        .doesNotContain(TestStack.REDIS_PASSWORD)
        .doesNotContain(TestStack.JWT_SECRET);
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
