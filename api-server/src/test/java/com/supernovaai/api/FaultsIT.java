package com.supernovaai.api;

import static com.supernovaai.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

/** Redis and PostgreSQL processes really stopped and started again under a running server. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

  private static TestStack stack;
  private static ApiServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    stack = TestStack.startPrivate();
    server = stack.startServer();
    api = new Api(server).login();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void redisDownRequestsStillSucceedFromTheDatabaseAndEverythingRecovers() throws Exception {
    String symbol = ApiIT.symbol();
    String hourly = "/api/sentiment/" + symbol + "/hourly";
    api.post("/api/sentiment", ApiIT.batch(ApiIT.point(symbol, "2024-07-01T10:00:00Z", 0.5, 0.5)));
    assertThat(api.get(hourly).headers().firstValue("X-Cache")).hasValue("MISS");
    assertThat(api.get(hourly).headers().firstValue("X-Cache")).hasValue("HIT");

    stack.redis.stop();

    // Redis is a cache: the replica can still serve, so it stays in its Service, degraded.
    HttpResponse<String> ready = api.get("/health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(json(ready).get("status").asText()).isEqualTo("degraded");
    assertThat(json(ready).get("checks").get("redis").asText()).isEqualTo("down");
    assertThat(json(ready).get("checks").get("database").asText()).isEqualTo("up");
    assertThat(api.get("/metrics").body()).contains("supernova_redis_degraded 1.0");
    // Writes, reads and the hourly roll-up are served from PostgreSQL; the rate limit fails open.
    HttpResponse<String> write =
        api.post(
            "/api/sentiment", ApiIT.batch(ApiIT.point(symbol, "2024-07-01T10:30:00Z", -0.5, 0.5)));
    assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
    assertThat(json(api.get("/api/sentiment/" + symbol)).get("count").asInt()).isEqualTo(2);
    HttpResponse<String> uncached = api.get(hourly);
    assertThat(uncached.statusCode()).isEqualTo(200);
    assertThat(uncached.headers().firstValue("X-Cache")).hasValue("MISS");
    assertThat(json(uncached).get("buckets").get(0).get("count").asInt()).isEqualTo(2);
    assertThat(new Api(server).login().token()).isNotBlank();

    stack.redis.restart();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(FaultsIT::fullyReady);
    assertThat(api.get("/metrics").body()).contains("supernova_redis_degraded 0.0");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              api.get(hourly);
              assertThat(api.get(hourly).headers().firstValue("X-Cache")).hasValue("HIT");
            });

    // The pub/sub subscriber reconnected by itself: live push works again.
    WebSocketIT.Client client = new WebSocketIT.Client();
    WebSocket ws = WebSocketIT.connect(server, symbol, api.token(), client);
    assertThat(client.next().get("type").asText()).isEqualTo("subscribed");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              api.post(
                  "/api/sentiment",
                  ApiIT.batch(ApiIT.point(symbol, "2024-07-01T11:00:00Z", 0.1, 0.1)));
              String m = client.messages.poll(1, TimeUnit.SECONDS);
              assertThat(m).isNotNull().contains("\"points\"");
            });
    ws.abort();
  }

  @Test
  @Order(2)
  void databaseDownIs503WithoutDetailsAndRecoversByItself() {
    String symbol = ApiIT.symbol();
    String hourly = "/api/sentiment/" + symbol + "/hourly";
    api.post("/api/sentiment", ApiIT.batch(ApiIT.point(symbol, "2024-07-02T10:00:00Z", 0.5, 0.5)));
    api.get(hourly);
    assertThat(api.get(hourly).headers().firstValue("X-Cache")).hasValue("HIT");

    stack.postgres.stop();

    long started = System.nanoTime();
    HttpResponse<String> read = api.get("/api/sentiment/" + symbol);
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(read.statusCode()).as(read.body()).isEqualTo(503);
    assertThat(json(read).get("error").asText()).isEqualTo("database_unavailable");
    assertThat(read.body())
        .doesNotContain("Exception")
        .doesNotContain("PSQL")
        .doesNotContain("127.0.0.1")
        .doesNotContain(TestStack.APP_PASSWORD);
    assertThat(tookMillis).isLessThan(15_000);

    HttpResponse<String> write =
        api.post(
            "/api/sentiment", ApiIT.batch(ApiIT.point(symbol, "2024-07-02T11:00:00Z", 0.5, 0.5)));
    assertThat(write.statusCode()).isEqualTo(503);

    HttpResponse<String> ready = api.get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(json(ready).get("checks").get("database").asText()).isIn("down", "timeout");
    assertThat(json(ready).get("checks").get("redis").asText()).isEqualTo("up");
    assertThat(api.get("/health").statusCode()).isEqualTo(200);
    // What is cached in Redis is still served.
    assertThat(api.get(hourly).statusCode()).isEqualTo(200);

    stack.postgres.start();

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(api.get("/health/ready").statusCode()).isEqualTo(200));
    assertThat(
            api.post(
                    "/api/sentiment",
                    ApiIT.batch(ApiIT.point(symbol, "2024-07-02T11:00:00Z", 0.5, 0.5)))
                .statusCode())
        .isEqualTo(200);
    assertThat(json(api.get("/api/sentiment/" + symbol)).get("count").asInt()).isEqualTo(2);
  }

  @Test
  @Order(3)
  void writesDuringARedisPartitionDoNotLeaveStaleCacheEntriesBehind() {
    String symbol = ApiIT.symbol();
    String hourly = "/api/sentiment/" + symbol + "/hourly";
    api.post("/api/sentiment", ApiIT.batch(ApiIT.point(symbol, "2024-07-03T10:00:00Z", 0.5, 0.5)));
    api.get(hourly);
    assertThat(api.get(hourly).headers().firstValue("X-Cache")).hasValue("HIT");

    // Redis keeps its data but stops answering, like behind a network partition.
    try (Jedis admin = new Jedis(stack.redis.host(), stack.redis.port())) {
      admin.auth(TestStack.REDIS_PASSWORD);
      admin.clientPause(4000, ClientPauseMode.ALL);
    }
    HttpResponse<String> write =
        api.post(
            "/api/sentiment", ApiIT.batch(ApiIT.point(symbol, "2024-07-03T10:30:00Z", -0.5, 0.5)));
    assertThat(write.statusCode()).isEqualTo(200);

    // Once Redis answers again, the entry cached before the partition is gone, not served stale.
    await().atMost(Duration.ofSeconds(20)).untilAsserted(FaultsIT::fullyReady);
    HttpResponse<String> after = api.get(hourly);
    assertThat(json(after).get("buckets").get(0).get("count").asInt()).isEqualTo(2);
  }

  @Test
  @Order(4)
  void redisDownRateLimitFallsBackToAPerReplicaBucketInsteadOfUnlimited() {
    // 3 tokens of burst, one more per 20 minutes: the 4th quick request is over budget.
    try (ApiServer tight =
        stack.startServer(
            java.util.Map.of("RATE_LIMIT_BURST_SIZE", "3", "RATE_LIMIT_REQUESTS_PER_HOUR", "3"))) {
      Api alice = new Api(tight).login();
      stack.redis.stop();
      try {
        int ok = 0;
        int limited = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
          last = alice.get("/api/sentiment/AAPL");
          if (last.statusCode() == 200) {
            ok++;
          } else if (last.statusCode() == 429) {
            limited++;
          }
        }
        assertThat(ok).as("served from the local bucket").isEqualTo(3);
        assertThat(limited).as("limited by the local bucket").isEqualTo(3);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        // Probes are never limited, and the replica stays ready.
        assertThat(alice.get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(new Api(tight).get("/metrics").body())
            .contains("supernova_ratelimit_decisions_total{result=\"fallback_limited\"} 3.0");
      } finally {
        stack.redis.restart();
      }
      await().atMost(Duration.ofSeconds(30)).untilAsserted(FaultsIT::fullyReady);
    }
  }

  @Test
  @Order(5)
  void redisDownEachRouteDoesWhatItsSettingSays() {
    long started = System.nanoTime();
    String wrong = "{\"username\":\"nobody-at-all\",\"password\":\"wrong-password\"}";
    // Login and registration (open to anyone here) fail closed; the API keeps its per-replica
    // buckets (the default).
    try (ApiServer closedAuth =
            stack.startServer(
                java.util.Map.of(
                    "RATE_LIMIT_AUTH_WHEN_REDIS_DOWN", "closed",
                    "SUPERNOVA_SELF_REGISTRATION", "true"));
        // Login and registration per replica (the default), 2 a minute; the API unlimited.
        ApiServer openApi =
            stack.startServer(
                java.util.Map.of(
                    "RATE_LIMIT_API_WHEN_REDIS_DOWN", "open",
                    "RATE_LIMIT_ADDRESS_BURST", "2",
                    "RATE_LIMIT_ADDRESS_PER_MINUTE", "1",
                    "RATE_LIMIT_AUTH_BURST", "2",
                    "RATE_LIMIT_AUTH_PER_MINUTE", "1",
                    "REDIS_URL", stack.redis.url() + "/2"))) {
      Api reader = new Api(closedAuth).login();
      Api readerOnOpen = new Api(openApi).withToken(reader.token());
      stack.redis.stop();
      try {
        HttpResponse<String> login = new Api(closedAuth).post("/auth/login", wrong);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(503);
        assertThat(json(login).get("error").asText()).isEqualTo("rate_limit_unavailable");
        assertThat(login.headers().firstValue("Retry-After")).isPresent();
        assertThatRegistrationIs(closedAuth, 503);
        assertThat(reader.get("/api/sentiment/AAPL").statusCode()).isEqualTo(200);

        java.util.List<Integer> logins = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
          logins.add(new Api(openApi).post("/auth/login", wrong).statusCode());
        }
        assertThat(logins).containsExactly(401, 401, 429);
        // Well past the address's budget of 2: no limit while Redis is down.
        for (int i = 0; i < 5; i++) {
          assertThat(readerOnOpen.get("/api/sentiment/AAPL").statusCode()).isEqualTo(200);
        }
        assertThat(new Api(closedAuth).get("/metrics").body())
            .containsPattern("supernova_ratelimit_decisions_total\\{result=\"fail_closed\"} [1-9]");
        assertThat(new Api(openApi).get("/metrics").body())
            .containsPattern("supernova_ratelimit_decisions_total\\{result=\"fail_open\"} [1-9]");
      } finally {
        stack.redis.restart();
      }
      await().atMost(Duration.ofSeconds(30)).untilAsserted(FaultsIT::fullyReady);
      // Back on the shared buckets: login is checked again.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(new Api(closedAuth).post("/auth/login", wrong).statusCode())
                      .isEqualTo(401));
    }
    System.out.printf(
        "FaultsIT Redis down per route: %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * A hung database, not a dead one: every PostgreSQL process stopped (SIGSTOP, as a frozen primary
   * after a failover), its sockets still acknowledged by the kernel, so no TCP timeout ends a query
   * on it. PgBouncer stays up. Each request gets an answer while the database still hangs (before
   * this, a request whose pooled connection was in use went on waiting until the database woke up),
   * and the server serves again by itself when it does.
   */
  @Test
  @Order(6)
  void aHungDatabaseDoesNotHoldRequestsUntilItWakesUp() throws Exception {
    String symbol = ApiIT.symbol();
    assertThat(write(symbol, 0).statusCode()).isEqualTo(200);
    record Sent(Instant at, Instant answered, int status) {}
    List<Sent> sent = new CopyOnWriteArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService writers = Executors.newFixedThreadPool(4);
    AtomicInteger points = new AtomicInteger(1);
    for (int i = 0; i < 4; i++) {
      writers.submit(
          () -> {
            while (running.get()) {
              Instant at = Instant.now();
              try {
                int status = write(symbol, points.getAndIncrement()).statusCode();
                sent.add(new Sent(at, Instant.now(), status));
              } catch (RuntimeException e) {
                sent.add(new Sent(at, null, 0)); // no answer within the client's 30 s
              }
            }
          });
    }
    Instant frozen;
    Instant thawed;
    await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() >= 20);
    List<Long> processes = postgresProcesses();
    try {
      signal("-STOP", processes);
      frozen = Instant.now();
      Thread.sleep(30_000);
    } finally {
      signal("-CONT", processes);
      thawed = Instant.now();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> sent.stream().anyMatch(r -> r.at().isAfter(thawed) && r.status() == 200));
    running.set(false);
    writers.shutdown();
    assertThat(writers.awaitTermination(45, TimeUnit.SECONDS)).isTrue();

    // Those in flight when it froze and those sent in its first 5 s: answered before it woke.
    Instant windowStart = frozen.minusSeconds(1);
    Instant windowEnd = frozen.plusSeconds(5);
    List<Sent> early =
        sent.stream()
            .filter(r -> r.at().isAfter(windowStart) && r.at().isBefore(windowEnd))
            .toList();
    List<Sent> unanswered =
        early.stream().filter(r -> r.answered() == null || r.answered().isAfter(thawed)).toList();
    System.out.printf(
        "FaultsIT hung database: %d requests sent around the freeze, %d answered only after it"
            + " (or never); statuses while frozen %s%n",
        early.size(),
        unanswered.size(),
        sent.stream()
            .filter(r -> r.at().isAfter(frozen) && r.at().isBefore(thawed))
            .collect(Collectors.groupingBy(Sent::status, TreeMap::new, Collectors.counting())));
    assertThat(early).isNotEmpty();
    assertThat(unanswered).as("requests held until the database woke up").isEmpty();
  }

  @Test
  @Order(7)
  void aPgBouncerRestartCostsNoRequest() throws Exception {
    String symbol = ApiIT.symbol();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      // Uses several pooled connections just before the restart: Hikari checks a connection
      // borrowed within 500 ms of its last use without a round trip, so these come back unchecked.
      assertThat(writesAndReads(clients, symbol, 0)).containsOnly(200);
      long started = System.nanoTime();
      stack.pgbouncer.stop();
      stack.pgbouncer.restart();
      long restartMillis = (System.nanoTime() - started) / 1_000_000;
      List<Integer> after = writesAndReads(clients, symbol, 8);
      Matcher retries =
          Pattern.compile("supernova_database_retries_total\\{pool=\"primary\"} ([0-9.]+)")
              .matcher(new Api(server).get("/metrics").body());
      System.out.printf(
          "FaultsIT PgBouncer restarted in %d ms; statuses of the 16 requests right after: %s;"
              + " transactions run again: %s%n",
          restartMillis, after, retries.find() ? retries.group(1) : "none");
      assertThat(after).as("answers right after PgBouncer restarted").containsOnly(200);
      assertThat(json(api.get("/api/sentiment/" + symbol + "?limit=100")).get("count").asInt())
          .isEqualTo(16);
    } finally {
      clients.shutdownNow();
    }
  }

  /** Eight writes of new points and eight reads of the symbol, all at once; their statuses. */
  private static List<Integer> writesAndReads(ExecutorService clients, String symbol, int first)
      throws Exception {
    List<Future<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int minute = first + i;
      answers.add(clients.submit(() -> write(symbol, minute).statusCode()));
      answers.add(clients.submit(() -> api.get("/api/sentiment/" + symbol).statusCode()));
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> answer : answers) {
      statuses.add(answer.get(60, TimeUnit.SECONDS));
    }
    return statuses;
  }

  private static HttpResponse<String> write(String symbol, int minute) {
    return api.post(
        "/api/sentiment",
        ApiIT.batch(
            ApiIT.point(
                symbol,
                Instant.parse("2024-07-06T00:00:00Z").plusSeconds(60L * minute).toString(),
                0.5,
                0.5)));
  }

  /** The postmaster and every process it started. */
  private static List<Long> postgresProcesses() throws IOException {
    long postmaster =
        Long.parseLong(
            Files.readAllLines(stack.postgres.dataDirectory().resolve("postmaster.pid"))
                .get(0)
                .trim());
    List<Long> pids = new ArrayList<>();
    pids.add(postmaster);
    ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(p -> pids.add(p.pid()));
    return pids;
  }

  private static void signal(String signal, List<Long> pids) throws Exception {
    List<String> command = new ArrayList<>(List.of("kill", signal));
    pids.forEach(p -> command.add(Long.toString(p)));
    Process kill = new ProcessBuilder(command).inheritIO().start();
    assertThat(kill.waitFor()).as(String.join(" ", command)).isZero();
  }

  private static void assertThatRegistrationIs(ApiServer server, int status) {
    String user = "closed-" + System.nanoTime();
    HttpResponse<String> r =
        new Api(server)
            .post(
                "/auth/register", "{\"username\":\"" + user + "\",\"password\":\"password-123\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
  }

  /** Readiness 200 with every dependency up (not merely degraded). */
  private static void fullyReady() {
    HttpResponse<String> ready = api.get("/health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(json(ready).get("status").asText()).isEqualTo("ready");
  }
}
