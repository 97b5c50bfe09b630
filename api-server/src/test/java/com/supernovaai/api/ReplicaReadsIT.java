package com.supernovaai.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.supernovaai.testsupport.LocalPgBouncer;
import com.supernovaai.testsupport.LocalPostgres;
import com.supernovaai.testsupport.Processes;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * DATABASE_READ_URL against a real streaming replica (pg_basebackup of the test stack's primary,
 * behind a PgBouncer of its own, as PgBouncer's read-only pool is in a stack): reads are answered
 * by the replica, a write is read back at once even while the replica lags, and reads go on without
 * a failure when the replica is down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaReadsIT {

  private static TestStack stack;
  private static LocalPostgres replica;
  private static LocalPgBouncer replicaPool;
  private static ApiServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    stack = TestStack.startPrivate();
    LocalPostgres primary = stack.postgres;
    replica =
        LocalPostgres.builder()
            .restoredBy(
                data ->
                    Processes.run(
                        List.of(
                            Processes.postgresBinary("pg_basebackup").toString(),
                            "-h",
                            "127.0.0.1",
                            "-p",
                            Integer.toString(primary.port()),
                            "-U",
                            primary.user(),
                            "-D",
                            data.toString(),
                            "-X",
                            "stream",
                            "-R",
                            "--checkpoint=fast",
                            "--no-sync"),
                        Map.of("PGPASSWORD", primary.password()),
                        Duration.ofMinutes(2)))
            .start();
    assertThat(replica.psql("postgres", "SELECT pg_is_in_recovery()").trim()).isEqualTo("t");
    replicaPool =
        LocalPgBouncer.transactionPooling(
            replica, TestStack.DATABASE, 8, TestStack.APP_ROLE, TestStack.APP_PASSWORD);
    server =
        stack.startServer(
            Map.of(
                "DATABASE_READ_URL",
                "postgresql://127.0.0.1:" + replicaPool.port() + "/" + TestStack.DATABASE));
    api = new Api(server).login();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (replicaPool != null) {
      replicaPool.close();
    }
    if (replica != null) {
      replica.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void readsAreAnsweredByTheReplicaWhileThePrimaryIsAway() {
    String symbol = symbol();
    write(symbol, "2024-05-01T10:00:00Z");
    write(symbol, "2024-05-01T11:30:00Z");
    awaitOnReplica(symbol, 2);

    // The API's way to the primary is cut: only the replica can answer now.
    stack.pgbouncer.stop();
    try {
      HttpResponse<String> points = api.get("/api/sentiment/" + symbol);
      assertThat(points.statusCode()).as(points.body()).isEqualTo(200);
      assertThat(Api.json(points).get("count").asInt()).isEqualTo(2);
      HttpResponse<String> hourly =
          api.get("/api/sentiment/" + symbol + "/hourly", "Cache-Control", "no-cache");
      assertThat(hourly.statusCode()).as(hourly.body()).isEqualTo(200);
      assertThat(Api.json(hourly).get("buckets")).hasSize(2);
      // A write needs the primary and fails; nothing pretends otherwise.
      assertThat(
              api.post("/api/sentiment", batch(point(symbol, "2024-05-01T12:00:00Z"))).statusCode())
          .isGreaterThanOrEqualTo(500);
    } finally {
      stack.pgbouncer.restart();
    }
  }

  @Test
  @Order(2)
  void aWriteIsReadBackAtOnceWhileTheReplicaLags() {
    String written = symbol();
    String untouched = symbol();
    write(untouched, "2024-05-01T10:00:00Z");
    write(written, "2024-05-01T10:00:00Z");
    awaitOnReplica(untouched, 1);
    awaitOnReplica(written, 1);
    // Fills the hourly cache from the replica, before the write below.
    assertThat(hourlyPoints(written, false)).isEqualTo(1);

    replica.psql("postgres", "SELECT pg_wal_replay_pause()");
    try {
      double replicaReadsBefore = reads("replica", "replica");
      // A row the API did not write (so it recorded no position for it) stays on the primary
      // alone: a read of that symbol from the replica does not see it. That is the lag a user
      // accepts for reads of data written elsewhere.
      stack.postgres.psql(
          TestStack.DATABASE,
          "INSERT INTO sentiment_data (time, symbol, overall_score, confidence) VALUES"
              + " ('2024-05-01T10:30:00Z', '"
              + untouched
              + "', 0.2, 0.5)");
      assertThat(points(untouched)).as("served by the paused replica").isEqualTo(1);
      assertThat(reads("replica", "replica")).isGreaterThan(replicaReadsBefore);

      // A write through the API is read back at once, on every path.
      double behindBefore = reads("primary", "replica_behind");
      write(written, "2024-05-01T10:20:00Z");
      assertThat(points(written)).isEqualTo(2);
      assertThat(hourlyPoints(written, false)).as("cached roll-up").isEqualTo(2);
      assertThat(hourlyPoints(written, true)).as("uncached roll-up").isEqualTo(2);
      assertThat(reads("primary", "replica_behind")).isGreaterThanOrEqualTo(behindBefore + 2);
    } finally {
      replica.psql("postgres", "SELECT pg_wal_replay_resume()");
    }
    awaitOnReplica(written, 2);
    // The roll-up cached while the replica lagged came from the primary: still right.
    assertThat(hourlyPoints(written, false)).isEqualTo(2);
    assertThat(points(untouched)).isEqualTo(2);
  }

  @Test
  @Order(3)
  void readsGoToThePrimaryWhileTheReplicaIsDown() {
    String symbol = symbol();
    write(symbol, "2024-05-01T10:00:00Z");
    awaitOnReplica(symbol, 1);

    replica.stop();
    int attempts = 0;
    int failed = 0;
    long started = System.nanoTime();
    try {
      for (int i = 0; i < 20; i++) {
        attempts += 3;
        if (api.post("/api/sentiment", batch(point(symbol, "2024-05-02T" + hour(i) + ":00:00Z")))
                .statusCode()
            != 200) {
          failed++;
        }
        HttpResponse<String> points = api.get("/api/sentiment/" + symbol + "?limit=1000");
        if (points.statusCode() != 200 || Api.json(points).get("count").asInt() != i + 2) {
          failed++;
        }
        HttpResponse<String> hourly =
            api.get("/api/sentiment/" + symbol + "/hourly", "Cache-Control", "no-cache");
        if (hourly.statusCode() != 200 || Api.json(hourly).get("buckets").size() != i + 2) {
          failed++;
        }
      }
      System.out.printf(
          "replica down: %d requests (writes, reads, roll-ups), %d failed, in %.1f s%n",
          attempts, failed, (System.nanoTime() - started) / 1e9);
      assertThat(failed).isZero();
      assertThat(reads("primary", "replica_unavailable")).isPositive();
      HttpResponse<String> health = new Api(server).get("/health/ready");
      assertThat(health.statusCode()).as("a missing replica leaves the API ready").isEqualTo(200);
    } finally {
      replica.start();
    }
    // Back: reads return to the replica once it has caught up.
    double replicaReads = reads("replica", "replica");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(points(symbol)).isEqualTo(21);
              assertThat(reads("replica", "replica")).isGreaterThan(replicaReads);
            });
  }

  @Test
  @Order(4)
  void withoutReadUrlEveryReadStaysOnThePrimary() {
    try (ApiServer plain = stack.startServer()) {
      Api client = new Api(plain).login();
      String symbol = symbol();
      assertThat(
              client
                  .post("/api/sentiment", batch(point(symbol, "2024-05-01T10:00:00Z")))
                  .statusCode())
          .isEqualTo(200);
      assertThat(client.get("/api/sentiment/" + symbol).statusCode()).isEqualTo(200);
      String metrics = new Api(plain).get("/metrics").body();
      assertThat(metrics)
          .containsPattern(
              "supernova_database_reads_total\\{[^}]*reason=\"not_configured\"[^}]*} 1\\.0")
          .doesNotContainPattern(
              "supernova_database_reads_total\\{[^}]*pool=\"replica\"[^}]*} [1-9]");
    }
  }

  private static String hour(int i) {
    return String.format("%02d", i);
  }

  private static String symbol() {
    return "RPL" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }

  private static String point(String symbol, String timestamp) {
    return "{\"timestamp\":\""
        + timestamp
        + "\",\"symbol\":\""
        + symbol
        + "\",\"overall_score\":0.1,\"confidence\":0.5}";
  }

  private static String batch(String... points) {
    return "[" + String.join(",", points) + "]";
  }

  private static void write(String symbol, String timestamp) {
    HttpResponse<String> r = api.post("/api/sentiment", batch(point(symbol, timestamp)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static int points(String symbol) {
    HttpResponse<String> r = api.get("/api/sentiment/" + symbol + "?limit=1000");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Api.json(r).get("count").asInt();
  }

  /** Points counted over the hourly buckets (from the cache unless {@code bypassCache}). */
  private static long hourlyPoints(String symbol, boolean bypassCache) {
    HttpResponse<String> r =
        bypassCache
            ? api.get("/api/sentiment/" + symbol + "/hourly", "Cache-Control", "no-cache")
            : api.get("/api/sentiment/" + symbol + "/hourly");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    long total = 0;
    for (JsonNode bucket : Api.json(r).get("buckets")) {
      total += bucket.get("count").asLong();
    }
    return total;
  }

  private static void awaitOnReplica(String symbol, int rows) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                replica
                    .psql(
                        TestStack.DATABASE,
                        "SELECT count(*) FROM sentiment_data WHERE symbol = '" + symbol + "'")
                    .trim()
                    .equals(Integer.toString(rows)));
  }

  /** The API's own count of sentiment reads served by {@code pool} for {@code reason}. */
  private static double reads(String pool, String reason) {
    String metrics = new Api(server).get("/metrics").body();
    Matcher m =
        Pattern.compile(
                "supernova_database_reads_total\\{[^}]*pool=\""
                    + pool
                    + "\",reason=\""
                    + reason
                    + "\"[^}]*} ([0-9.eE+]+)")
            .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
