package com.supernovaai.api;

import static com.supernovaai.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * One request's work is bounded (issue 15): times outside the accepted window, batches spread over
 * years, a cache index fed distinct ranges, and data the database refuses. Real PostgreSQL through
 * PgBouncer and Redis.
 */
class BoundedWorkIT {

  private static final String DB_CHECK = "sentiment_data_test_refused_symbol";
  private static final String REFUSED_SYMBOL = "REFUSED-BY-DB";

  private static TestStack stack;
  private static ApiServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    stack = TestStack.shared();
    server = stack.startServer();
    api = new Api(server).login();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    stack.postgres.psql(
        TestStack.DATABASE, "ALTER TABLE sentiment_data DROP CONSTRAINT IF EXISTS " + DB_CHECK);
  }

  private static String symbol() {
    return "BND" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }

  private static String point(String symbol, String timestamp) {
    return point(symbol, timestamp, "");
  }

  private static String point(String symbol, String timestamp, String extra) {
    return "{\"timestamp\":\""
        + timestamp
        + "\",\"symbol\":\""
        + symbol
        + "\",\"overall_score\":0.1,\"confidence\":0.5"
        + extra
        + "}";
  }

  private static long rows(String symbol) {
    return Long.parseLong(
        stack.postgres.psql(
            TestStack.DATABASE,
            "SELECT count(*) FROM sentiment_data WHERE symbol = '" + symbol + "'"));
  }

  private static void assertError(HttpResponse<String> r, int status, String error, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(json(r).path("error").asText()).as(r.body()).isEqualTo(error);
    if (field != null) {
      assertThat(json(r).path("field").asText()).as(r.body()).isEqualTo(field);
    }
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("ERROR:");
  }

  @Test
  void timestampsOutsideTheWindowAreRefusedNamingTheFieldAndNothingIsWritten() {
    String s = symbol();
    String ok = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString();
    String[][] refused = {
      {"9999-12-31T00:00:00Z", "points[1].timestamp"}, // far future: beyond every retention
      {Instant.now().plus(Duration.ofDays(1)).toString(), "points[1].timestamp"},
      {"1970-01-01T00:00:00Z", "points[1].timestamp"},
      {"+300000-01-01T00:00:00Z", "points[1].timestamp"}, // beyond PostgreSQL's timestamptz
    };
    for (String[] bad : refused) {
      HttpResponse<String> r =
          api.post("/api/sentiment", "[" + point(s, ok) + "," + point(s, bad[0]) + "]");
      assertError(r, 400, "bad_request", bad[1]);
    }
    assertThat(rows(s)).as("rows written by refused batches").isZero();

    // A producer's clock a little ahead of the server's is fine.
    String skewed = Instant.now().plus(Duration.ofMinutes(1)).toString();
    assertThat(api.post("/api/sentiment", "[" + point(s, skewed) + "]").statusCode())
        .isEqualTo(200);
    assertThat(rows(s)).isEqualTo(1);
  }

  @Test
  void oneBatchCannotSpreadOverYearsOfChunks() {
    String s = symbol();
    StringBuilder body = new StringBuilder("[");
    for (int year = 2001; year <= 2020; year++) {
      body.append(year == 2001 ? "" : ",").append(point(s, year + "-06-01T00:00:00Z"));
    }
    assertError(api.post("/api/sentiment", body + "]"), 400, "bad_request", "points");
    assertThat(rows(s)).isZero();

    // A month of backfill in one request is accepted.
    String month =
        "[" + point(s, "2024-05-01T00:00:00Z") + "," + point(s, "2024-05-31T23:00:00Z") + "]";
    assertThat(api.post("/api/sentiment", month).statusCode()).isEqualTo(200);
    assertThat(rows(s)).isEqualTo(2);
  }

  @Test
  void queryRangesOutsideTheWindowAre400() {
    assertError(
        api.get("/api/sentiment/AAPL?from=1900-01-01T00:00:00Z"), 400, "bad_request", "from");
    assertError(
        api.get("/api/sentiment/AAPL/hourly?to=9999-01-01T00:00:00Z"), 400, "bad_request", "to");
    assertThat(api.get("/api/sentiment/AAPL/hourly?from=2024-01-01T00:00:00Z").statusCode())
        .isEqualTo(200);
  }

  @Test
  void distinctRangesKeepTheCacheIndexOfASymbolAtItsCap() {
    String s = symbol();
    api.post("/api/sentiment", "[" + point(s, "2024-05-01T10:05:00Z") + "]");
    Instant from = Instant.parse("2024-01-01T00:00:00Z");
    int queries = 150;
    long started = System.nanoTime();
    for (int i = 0; i < queries; i++) {
      HttpResponse<String> r =
          api.get("/api/sentiment/" + s + "/hourly?from=" + from.plusSeconds(i));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    System.out.printf(
        "BoundedWorkIT: %d distinct hourly ranges in %d ms%n",
        queries, (System.nanoTime() - started) / 1_000_000);
    try (Jedis redis = new Jedis(stack.redis.host(), stack.redis.port())) {
      redis.auth(TestStack.REDIS_PASSWORD);
      String index = "supernova:hourly-index:{" + s + "}";
      long entries = redis.hlen(index);
      long dataKeys = redis.keys("supernova:hourly:{" + s + "}:*").size();
      System.out.printf("BoundedWorkIT: index entries %d, cached ranges %d%n", entries, dataKeys);
      assertThat(entries).as("index entries of one symbol").isEqualTo(100);
      assertThat(dataKeys).as("cached ranges of one symbol").isEqualTo(100);
    }
    // The newest ranges are still cached, and a write in range still invalidates them.
    String newest = "/api/sentiment/" + s + "/hourly?from=" + from.plusSeconds(queries - 1);
    assertThat(api.get(newest).headers().firstValue("X-Cache")).hasValue("HIT");
    api.post("/api/sentiment", "[" + point(s, "2024-05-01T10:06:00Z") + "]");
    assertThat(api.get(newest).headers().firstValue("X-Cache")).hasValue("MISS");
  }

  @Test
  void aNulInASourceNameIs400NotDatabaseUnavailable() {
    // PostgreSQL's jsonb refuses it (SQLState 22P05); the parser names the field first.
    String s = symbol();
    HttpResponse<String> nul =
        api.post(
            "/api/sentiment",
            "[" + point(s, "2024-05-01T10:00:00Z", ",\"source_counts\":{\"a\\u0000b\":1}") + "]");
    assertThat(nul.statusCode()).as(nul.body()).isEqualTo(400);
    assertThat(nul.body()).doesNotContain("database_unavailable");
  }

  @Test
  void aConstraintViolationIs409NotDatabaseUnavailable() {
    // A constraint the server does not know about (added by a DBA, or by the other color's
    // migration during a rollout): SQLState 23514.
    stack.postgres.psql(
        TestStack.DATABASE,
        "ALTER TABLE sentiment_data DROP CONSTRAINT IF EXISTS "
            + DB_CHECK
            + "; ALTER TABLE sentiment_data ADD CONSTRAINT "
            + DB_CHECK
            + " CHECK (symbol <> '"
            + REFUSED_SYMBOL
            + "') NOT VALID");
    HttpResponse<String> refused =
        api.post("/api/sentiment", "[" + point(REFUSED_SYMBOL, "2024-05-01T10:00:00Z") + "]");
    assertError(refused, 409, "constraint_violation", null);
    assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
    assertThat(rows(REFUSED_SYMBOL)).isZero();
    // The server is still fine for everything else.
    assertThat(api.get("/health/ready").statusCode()).isEqualTo(200);
  }
}
