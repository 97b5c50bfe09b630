package com.supernovaai.api;

import static com.supernovaai.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every endpoint and every bad-input case, against a real server on PostgreSQL via PgBouncer. */
class ApiIT {

  private static TestStack stack;
  private static ApiServer server;
  private static Api anonymous;
  private static Api api;

  @BeforeAll
  static void start() {
    stack = TestStack.shared();
    // Registration is off by default (RolesIT); this class covers the endpoint with it on.
    server = stack.startServer(Map.of("SUPERNOVA_SELF_REGISTRATION", "true"));
    anonymous = new Api(server);
    api = new Api(server).login();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String symbol() {
    return "SYM" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }

  static String point(String symbol, String timestamp, double score, double confidence) {
    return "{\"timestamp\":\""
        + timestamp
        + "\",\"symbol\":\""
        + symbol
        + "\",\"overall_score\":"
        + score
        + ",\"confidence\":"
        + confidence
        + "}";
  }

  static String batch(String... points) {
    return "[" + String.join(",", points) + "]";
  }

  static void assertError(HttpResponse<String> r, int status, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode body = json(r);
    assertThat(body.path("error").asText()).isNotEmpty();
    if (field != null) {
      assertThat(body.path("field").asText()).isEqualTo(field);
    }
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  // --- health, version, metrics -------------------------------------------------------------

  @Test
  void livenessReadinessAndVersion() {
    HttpResponse<String> health = anonymous.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).get("status").asText()).isEqualTo("healthy");

    HttpResponse<String> ready = anonymous.get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).get("checks").get("database").asText()).isEqualTo("up");
    assertThat(json(ready).get("checks").get("redis").asText()).isEqualTo("up");

    HttpResponse<String> version = anonymous.get("/version");
    assertThat(json(version).get("version").asText()).isEqualTo("1.2.3-test");
    assertThat(json(version).get("color").asText()).isEqualTo("blue");
  }

  @Test
  void everyResponseSaysWhichVersionAndColorServedIt() {
    try (ApiServer green =
        stack.startServer(
            java.util.Map.of("SUPERNOVA_VERSION", "2.0.0-test", "SUPERNOVA_COLOR", "green"))) {
      Api greenAnonymous = new Api(green);
      List<HttpResponse<String>> responses =
          List.of(
              greenAnonymous.get("/version"),
              greenAnonymous.get("/health/ready"),
              greenAnonymous.get("/metrics"),
              greenAnonymous.get("/api/sentiment/AAPL"), // 401
              greenAnonymous.get("/no/such/path"), // 404
              new Api(green).withToken(api.token()).post("/api/sentiment", "{not json"), // 400
              new Api(green).withToken(api.token()).get("/api/sentiment/AAPL"));
      assertThat(responses)
          .extracting(HttpResponse::statusCode)
          .containsExactly(200, 200, 200, 401, 404, 400, 200);
      for (HttpResponse<String> r : responses) {
        assertThat(r.headers().firstValue("X-SuperNova-Version"))
            .as(r.uri().toString())
            .hasValue("2.0.0-test");
        assertThat(r.headers().firstValue("X-SuperNova-Color"))
            .as(r.uri().toString())
            .hasValue("green");
      }
      // The other replica of the same stack answers with its own.
      HttpResponse<String> blue = anonymous.get("/api/sentiment/AAPL");
      assertThat(blue.headers().firstValue("X-SuperNova-Color")).hasValue("blue");
      assertThat(blue.headers().firstValue("X-SuperNova-Version")).hasValue("1.2.3-test");
    }
  }

  @Test
  void metricsArePrometheusTextWithRequestPoolAndCacheMetrics() {
    String s = symbol();
    api.post("/api/sentiment", batch(point(s, "2024-05-01T10:00:00Z", 0.1, 0.5)));
    api.get("/api/sentiment/" + s + "/hourly");
    api.get("/api/sentiment/" + s + "/hourly");
    HttpResponse<String> r = anonymous.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(r.body())
        .contains("http_server_requests_seconds_bucket{")
        .contains("uri=\"/api/sentiment/{symbol}/hourly\"")
        .contains("status=\"200\"")
        .contains("hikaricp_connections_active{pool=\"supernova\"}")
        .contains("supernova_cache_requests_total{cache=\"hourly\",result=\"hit\"}")
        .contains("supernova_cache_requests_total{cache=\"hourly\",result=\"miss\"}")
        .contains("supernova_ratelimit_decisions_total");
  }

  @Test
  void securityHeadersOnEveryResponse() {
    for (HttpResponse<String> r :
        List.of(
            anonymous.get("/health"),
            anonymous.get("/api/sentiment/AAPL"),
            anonymous.get("/no/such/route"),
            api.post("/api/sentiment", "{oops"),
            api.get("/api/sentiment/AAPL"))) {
      assertThat(r.headers().firstValue("X-Content-Type-Options"))
          .as(r.statusCode() + " " + r.headers().map())
          .hasValue("nosniff");
      assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent();
      assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
    }
  }

  // --- auth ----------------------------------------------------------------------------------

  @Test
  void registerLoginRefresh() {
    String user = "alice-" + UUID.randomUUID().toString().substring(0, 8);
    String creds = "{\"username\":\"" + user + "\",\"password\":\"correct horse\"}";
    HttpResponse<String> reg = anonymous.post("/auth/register", creds);
    assertThat(reg.statusCode()).isEqualTo(201);
    JsonNode tokens = json(reg);
    assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(tokens.get("expires_in").asLong()).isEqualTo(900);
    assertThat(reg.body()).doesNotContain("correct horse");

    assertError(anonymous.post("/auth/register", creds), 409, "username");

    HttpResponse<String> login = anonymous.post("/auth/login", creds);
    assertThat(login.statusCode()).isEqualTo(200);
    String access = json(login).get("access_token").asText();
    String refresh = json(login).get("refresh_token").asText();
    assertThat(anonymous.withToken(access).get("/api/sentiment/AAPL").statusCode()).isEqualTo(200);

    assertError(
        anonymous.post(
            "/auth/login", "{\"username\":\"" + user + "\",\"password\":\"wrong password\"}"),
        401,
        null);
    assertError(
        anonymous.post("/auth/login", "{\"username\":\"nobody-here\",\"password\":\"whatever1\"}"),
        401,
        null);

    HttpResponse<String> refreshed =
        anonymous.post("/auth/refresh", "{\"refresh_token\":\"" + refresh + "\"}");
    assertThat(refreshed.statusCode()).isEqualTo(200);
    String newAccess = json(refreshed).get("access_token").asText();
    assertThat(anonymous.withToken(newAccess).get("/api/sentiment/AAPL").statusCode())
        .isEqualTo(200);
    // An access token is not a refresh token, and a refresh token does not open the API.
    assertError(
        anonymous.post("/auth/refresh", "{\"refresh_token\":\"" + access + "\"}"), 401, null);
    assertError(anonymous.withToken(refresh).get("/api/sentiment/AAPL"), 401, null);
    assertError(anonymous.post("/auth/refresh", "{\"refresh_token\":\"garbage\"}"), 401, null);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{not json|body",
        "{\"password\":\"password-1\"}|username",
        "{\"username\":\"bob-valid\"}|password",
        "{\"username\":\"x\",\"password\":\"password-1\"}|username",
        "{\"username\":\"bob-valid\",\"password\":\"short\"}|password",
        "{\"username\":\"bob-valid\",\"password\":\"password-1\",\"role\":\"admin\"}|role",
      })
  void registerBadInput(String body, String field) {
    assertError(anonymous.post("/auth/register", body), 400, field);
  }

  @Test
  void missingExpiredAndForgedTokensAre401() {
    assertError(anonymous.get("/api/sentiment/AAPL"), 401, null);
    assertThat(anonymous.get("/api/sentiment/AAPL").headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer");
    Algorithm right = Algorithm.HMAC256(TestStack.JWT_SECRET);
    String expired =
        JWT.create()
            .withIssuer("supernova-api")
            .withSubject("alice")
            .withClaim("uid", 1L)
            .withClaim("typ", "access")
            .withIssuedAt(Instant.now().minusSeconds(7200))
            .withExpiresAt(Instant.now().minusSeconds(3600))
            .sign(right);
    HttpResponse<String> r = anonymous.withToken(expired).get("/api/sentiment/AAPL");
    assertError(r, 401, null);
    assertThat(json(r).get("message").asText()).contains("expired");

    String forged =
        JWT.create()
            .withIssuer("supernova-api")
            .withSubject("alice")
            .withClaim("uid", 1L)
            .withClaim("typ", "access")
            .withExpiresAt(Instant.now().plusSeconds(3600))
            .sign(Algorithm.HMAC256("a-completely-different-secret-of-enough-length"));
    assertError(anonymous.withToken(forged).get("/api/sentiment/AAPL"), 401, null);
    String none = forged.substring(0, forged.lastIndexOf('.') + 1);
    assertError(anonymous.withToken(none).get("/api/sentiment/AAPL"), 401, null);
    assertError(anonymous.withToken("not.a.jwt").post("/api/sentiment", "[]"), 401, null);
  }

  // --- ingest and read ---------------------------------------------------------------------

  @Test
  void ingestUpsertsAndReadsNewestFirstWithRangeAndLimit() {
    String s = symbol();
    HttpResponse<String> r =
        api.post(
            "/api/sentiment",
            "{\"points\":["
                + "{\"timestamp\":\"2024-05-01T10:00:00Z\",\"symbol\":\""
                + s
                + "\",\"overall_score\":0.1,\"confidence\":0.5,\"social_momentum\":1.5,"
                + "\"news_sentiment\":-0.25,\"source_counts\":{\"twitter\":10,\"news\":2}},"
                + point(s, "2024-05-01T11:00:00Z", 0.2, 0.6)
                + ","
                + point(s, "2024-05-01T14:00:00+02:00", 0.3, 0.7)
                + "]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("upserted").asInt()).isEqualTo(3);

    JsonNode points = json(api.get("/api/sentiment/" + s)).get("points");
    assertThat(points).hasSize(3);
    // Newest first; the +02:00 offset was normalised to UTC.
    assertThat(points.get(0).get("timestamp").asText()).isEqualTo("2024-05-01T12:00:00Z");
    assertThat(points.get(1).get("timestamp").asText()).isEqualTo("2024-05-01T11:00:00Z");
    JsonNode oldest = points.get(2);
    assertThat(oldest.get("timestamp").asText()).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(oldest.get("social_momentum").asDouble()).isEqualTo(1.5);
    assertThat(oldest.get("news_sentiment").asDouble()).isEqualTo(-0.25);
    assertThat(oldest.get("source_counts").get("twitter").asLong()).isEqualTo(10);

    // Upsert: the same (timestamp, symbol) again replaces the values.
    api.post("/api/sentiment", batch(point(s, "2024-05-01T11:00:00Z", -0.9, 0.99)));
    JsonNode after = json(api.get("/api/sentiment/" + s)).get("points");
    assertThat(after).hasSize(3);
    assertThat(after.get(1).get("overall_score").asDouble()).isEqualTo(-0.9);
    assertThat(after.get(1).get("confidence").asDouble()).isEqualTo(0.99);

    JsonNode limited = json(api.get("/api/sentiment/" + s + "?limit=1"));
    assertThat(limited.get("count").asInt()).isEqualTo(1);
    JsonNode ranged =
        json(api.get("/api/sentiment/" + s + "?from=2024-05-01T10:30:00Z&to=2024-05-01T11:30:00Z"));
    assertThat(ranged.get("points")).hasSize(1);
  }

  @Test
  void samePointTwiceInOneBatchKeepsTheLast() {
    String s = symbol();
    HttpResponse<String> r =
        api.post(
            "/api/sentiment",
            batch(
                point(s, "2024-05-01T10:00:00Z", 0.1, 0.5),
                point(s, "2024-05-01T12:00:00+02:00", 0.7, 0.5)));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode points = json(api.get("/api/sentiment/" + s)).get("points");
    assertThat(points).hasSize(1);
    assertThat(points.get(0).get("overall_score").asDouble()).isEqualTo(0.7);
    assertThat(points.get(0).get("source_counts").isNull()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{malformed|body",
        "[{\"timestamp\":\"2024-05-01T10:00:00Z\",\"symbol\":\"A\",\"confidence\":0.5}]|points[0].overall_score",
        "[{\"timestamp\":\"2024-05-01T10:00:00Z\",\"symbol\":\"A\",\"overall_score\":0.5}]|points[0].confidence",
        "[{\"symbol\":\"A\",\"overall_score\":0.5,\"confidence\":0.5}]|points[0].timestamp",
        "[{\"timestamp\":\"2024-05-01T10:00:00Z\",\"overall_score\":0.5,\"confidence\":0.5}]|points[0].symbol",
        "[{\"timestamp\":\"2024-05-01T10:00:00Z\",\"symbol\":\"A\",\"overall_score\":1.5,\"confidence\":0.5}]|points[0].overall_score",
        "[{\"timestamp\":\"2024-05-01T10:00:00Z\",\"symbol\":\"A\",\"overall_score\":-1.01,\"confidence\":0.5}]|points[0].overall_score",
        "[{\"timestamp\":\"2024-05-01T10:00:00Z\",\"symbol\":\"A\",\"overall_score\":0.5,\"confidence\":1.5}]|points[0].confidence",
        "[{\"timestamp\":\"2024-05-01T10:00:00Z\",\"symbol\":\"A\",\"overall_score\":0.5,\"confidence\":-0.5}]|points[0].confidence",
        "[{\"timestamp\":\"2024-05-01T10:00:00Z\",\"symbol\":\"A\",\"overall_score\":0.5,\"confidence\":0.5,\"price\":3}]|points[0].price",
        "[{\"timestamp\":\"01/05/2024 10:00\",\"symbol\":\"A\",\"overall_score\":0.5,\"confidence\":0.5}]|points[0].timestamp",
        "[{\"timestamp\":\"2024-13-45T99:00:00Z\",\"symbol\":\"A\",\"overall_score\":0.5,\"confidence\":0.5}]|points[0].timestamp",
        "[]|points",
      })
  void ingestBadInputIs400NamingTheField(String body, String field) {
    assertError(api.post("/api/sentiment", body), 400, field);
  }

  @Test
  void nothingIsWrittenWhenOnePointOfABatchIsBad() {
    String s = symbol();
    assertError(
        api.post(
            "/api/sentiment",
            batch(point(s, "2024-05-01T10:00:00Z", 0.1, 0.5), point(s, "later", 0.1, 0.5))),
        400,
        "points[1].timestamp");
    assertThat(json(api.get("/api/sentiment/" + s)).get("count").asInt()).isZero();
  }

  @Test
  void batchOverTheLimitIs413() {
    String s = symbol();
    List<String> points = new ArrayList<>();
    Instant t = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < 1001; i++) {
      points.add(point(s, t.plusSeconds(i).toString(), 0.1, 0.5));
    }
    assertError(api.post("/api/sentiment", batch(points.toArray(String[]::new))), 413, "points");
  }

  @Test
  void bodyOverTheSizeLimitIs413() {
    String big = "[" + "0,".repeat(1_200_000) + "0]";
    HttpResponse<String> r = api.post("/api/sentiment", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).doesNotContain("Exception");
  }

  @Test
  void badQueryParametersAre400() {
    assertError(api.get("/api/sentiment/AAPL?from=yesterday"), 400, "from");
    assertError(api.get("/api/sentiment/AAPL?to=2024-05-01"), 400, "to");
    assertError(
        api.get("/api/sentiment/AAPL?from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z"),
        400,
        "from");
    assertError(
        api.get("/api/sentiment/AAPL/hourly?from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z"),
        400,
        "from");
    assertError(api.get("/api/sentiment/AAPL/hourly?from=nope"), 400, "from");
    assertError(api.get("/api/sentiment/AAPL?limit=0"), 400, "limit");
    assertError(api.get("/api/sentiment/AAPL?limit=abc"), 400, "limit");
    assertError(api.get("/api/sentiment/AAPL?limit=100000"), 400, "limit");
  }

  @Test
  void sqlInjectionInPathAndQueryIsJustData() {
    String evil = "x'; DROP TABLE sentiment_data; --";
    String encoded = URLEncoder.encode(evil, StandardCharsets.UTF_8).replace("+", "%20");
    HttpResponse<String> read = api.get("/api/sentiment/" + encoded);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(json(read).get("count").asInt()).isZero();
    assertThat(api.get("/api/sentiment/" + encoded + "/hourly").statusCode()).isEqualTo(200);

    HttpResponse<String> stored =
        api.post(
            "/api/sentiment",
            batch(
                "{\"timestamp\":\"2024-05-01T10:00:00Z\",\"symbol\":\"x'; DROP TABLE sentiment_data; --\","
                    + "\"overall_score\":0.1,\"confidence\":0.5}"));
    assertThat(stored.statusCode()).isEqualTo(200);
    JsonNode back = json(api.get("/api/sentiment/" + encoded));
    assertThat(back.get("points").get(0).get("symbol").asText()).isEqualTo(evil);

    String orTrue = URLEncoder.encode("2024-01-01' OR '1'='1", StandardCharsets.UTF_8);
    assertError(api.get("/api/sentiment/AAPL?from=" + orTrue), 400, "from");
    assertThat(stack.postgres.psql(TestStack.DATABASE, "SELECT count(*) >= 1 FROM sentiment_data"))
        .isEqualTo("t");
  }

  // --- hourly + cache ---------------------------------------------------------------------

  @Test
  void hourlyAveragesAreCachedAndInvalidatedByWritesInRange() {
    String s = symbol();
    api.post(
        "/api/sentiment",
        batch(
            point(s, "2024-05-01T10:05:00Z", 0.2, 0.4),
            point(s, "2024-05-01T10:55:00Z", 0.4, 0.6),
            point(s, "2024-05-01T11:10:00Z", -0.5, 1.0)));
    String path =
        "/api/sentiment/" + s + "/hourly?from=2024-05-01T10:00:00Z&to=2024-05-01T12:00:00Z";

    HttpResponse<String> first = api.get(path);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
    JsonNode buckets = json(first).get("buckets");
    assertThat(buckets).hasSize(2);
    assertThat(buckets.get(0).get("bucket").asText()).isEqualTo("2024-05-01T11:00:00Z");
    assertThat(buckets.get(0).get("count").asLong()).isEqualTo(1);
    assertThat(buckets.get(1).get("count").asLong()).isEqualTo(2);
    assertThat(buckets.get(1).get("avg_overall_score").asDouble()).isCloseTo(0.3, within());
    assertThat(buckets.get(1).get("avg_confidence").asDouble()).isCloseTo(0.5, within());

    HttpResponse<String> second = api.get(path);
    assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
    assertThat(second.body()).isEqualTo(first.body());

    // A write outside the cached range leaves the entry alone.
    api.post("/api/sentiment", batch(point(s, "2024-05-02T10:00:00Z", 0.9, 0.9)));
    assertThat(api.get(path).headers().firstValue("X-Cache")).hasValue("HIT");

    // A write inside the range invalidates it, and the next read sees the new point.
    api.post("/api/sentiment", batch(point(s, "2024-05-01T11:20:00Z", 0.5, 0.0)));
    HttpResponse<String> third = api.get(path);
    assertThat(third.headers().firstValue("X-Cache")).hasValue("MISS");
    assertThat(json(third).get("buckets").get(0).get("count").asLong()).isEqualTo(2);
    assertThat(api.get(path).headers().firstValue("X-Cache")).hasValue("HIT");

    // Clients can ask for a fresh answer.
    assertThat(api.get(path, "Cache-Control", "no-cache").headers().firstValue("X-Cache"))
        .hasValue("MISS");
  }

  @Test
  void openEndedHourlyQueriesAreCachedAndInvalidatedToo() {
    String s = symbol();
    api.post("/api/sentiment", batch(point(s, "2024-05-01T10:05:00Z", 0.2, 0.4)));
    String path = "/api/sentiment/" + s + "/hourly";
    assertThat(api.get(path).headers().firstValue("X-Cache")).hasValue("MISS");
    assertThat(api.get(path).headers().firstValue("X-Cache")).hasValue("HIT");
    // The newest time a point may have (the API refuses more than a few minutes ahead).
    String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    api.post("/api/sentiment", batch(point(s, now, 0.2, 0.4)));
    HttpResponse<String> after = api.get(path);
    assertThat(after.headers().firstValue("X-Cache")).hasValue("MISS");
    assertThat(json(after).get("buckets")).hasSize(2);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
