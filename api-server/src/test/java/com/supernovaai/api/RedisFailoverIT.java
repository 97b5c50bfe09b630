package com.supernovaai.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.testsupport.LocalRedis;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The API server against a real Sentinel setup (a master, a replica, three Sentinels, all real
 * redis-server processes): the master is killed (SIGKILL) under continuous requests; the Sentinels
 * promote the replica and the API finds it by itself: the cache answers again with what was cached
 * before the failover, the rate limiter decides on Redis again (not on its local fallback), and a
 * point ingested after the failover reaches a WebSocket client that subscribed before it. Failed
 * requests are counted (none is allowed: Redis trouble must never fail a request); the window is
 * printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisFailoverIT {

  private static final String PASSWORD = TestStack.REDIS_PASSWORD;
  private static final String MASTER_NAME = "supernova";
  private static final Pattern ALLOWED =
      Pattern.compile("supernova_ratelimit_decisions_total\\{result=\"allowed\"} ([0-9.E]+)");
  private static final Pattern FALLBACK =
      Pattern.compile(
          "supernova_ratelimit_decisions_total\\{result=\"fallback_allowed\"} ([0-9.E]+)");

  private static TestStack stack;
  private static LocalRedis replica;
  private static final List<LocalRedis> sentinels = new ArrayList<>();

  /** One request of the load: when it was sent, its status and whether the cache answered. */
  private record Request(Instant sent, int status, boolean cacheHit) {}

  @BeforeAll
  static void start() {
    stack = TestStack.startPrivate();
    int masterPort = stack.redis.port();
    replica =
        LocalRedis.start(
            "requirepass "
                + PASSWORD
                + "\nmasterauth "
                + PASSWORD
                + "\nreplicaof 127.0.0.1 "
                + masterPort
                + "\n");
    for (int i = 0; i < 3; i++) {
      // The operator's sentinel.conf, with a shorter down-after (the process test's only knob).
      sentinels.add(
          LocalRedis.startSentinel(
              "requirepass "
                  + PASSWORD
                  + "\nsentinel sentinel-pass "
                  + PASSWORD
                  + "\nsentinel monitor "
                  + MASTER_NAME
                  + " 127.0.0.1 "
                  + masterPort
                  + " 2\nsentinel auth-pass "
                  + MASTER_NAME
                  + " "
                  + PASSWORD
                  + "\nsentinel down-after-milliseconds "
                  + MASTER_NAME
                  + " 2000\nsentinel failover-timeout "
                  + MASTER_NAME
                  + " 20000\n"));
    }
    // Every Sentinel knows the replica and the two other Sentinels before anything fails.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (LocalRedis s : sentinels) {
                Map<String, String> master = sentinel(s).sentinelMaster(MASTER_NAME);
                assertThat(master.get("num-slaves")).isEqualTo("1");
                assertThat(master.get("num-other-sentinels")).isEqualTo("2");
              }
            });
  }

  @AfterAll
  static void stop() {
    sentinels.forEach(LocalRedis::close);
    if (replica != null) {
      replica.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  /** The API's environment in sentinel mode, as the operator sets it. */
  private static Map<String, String> sentinelEnv() {
    String sentinelList =
        String.join(",", sentinels.stream().map(s -> "127.0.0.1:" + s.port()).toList());
    return Map.of(
        "REDIS_SENTINELS", sentinelList,
        "REDIS_MASTER_NAME", MASTER_NAME,
        // Not the master's address: the API must take it from the Sentinels.
        "REDIS_URL", "redis://127.0.0.1:1/0");
  }

  @Test
  @Order(1)
  void theApiFollowsAFailoverOfTheMasterWithoutAFailedRequest() throws Exception {
    try (ApiServer server = stack.startServer(sentinelEnv())) {
      Api api = new Api(server).login();
      String symbol = ApiIT.symbol();
      String hourly = "/api/sentiment/" + symbol + "/hourly";
      assertThat(
              api.post(
                      "/api/sentiment",
                      ApiIT.batch(ApiIT.point(symbol, "2024-07-01T10:00:00Z", 0.5, 0.5)))
                  .statusCode())
          .isEqualTo(200);
      assertThat(api.get(hourly).headers().firstValue("X-Cache")).hasValue("MISS");
      assertThat(api.get(hourly).headers().firstValue("X-Cache")).hasValue("HIT");

      WebSocketIT.Client live = new WebSocketIT.Client();
      WebSocket ws = WebSocketIT.connect(server, symbol, api.token(), live);
      assertThat(live.next().get("type").asText()).isEqualTo("subscribed");

      // What was written so far is on the replica before the master goes: Redis replicates
      // asynchronously, so only a write the replica acknowledged (WAIT) can be promised to survive.
      // The replica may still be in its first full sync (the CI run where WAIT outlasted the
      // client's read timeout): ask again until it acknowledges.
      try (Jedis master = redis(stack.redis.port())) {
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> master.waitReplicas(1, 1000) == 1);
      }

      List<Request> requests = Collections.synchronizedList(new ArrayList<>());
      Thread load =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  Instant sent = Instant.now();
                  int status;
                  boolean hit = false;
                  try {
                    HttpResponse<String> r = api.get(hourly);
                    status = r.statusCode();
                    hit = r.headers().firstValue("X-Cache").orElse("").equals("HIT");
                  } catch (RuntimeException e) {
                    if (Thread.currentThread().isInterrupted()) {
                      // The test stopped the load mid-request: not an answer of the API (a CI
                      // run counted one such request as failed).
                      return;
                    }
                    status = -1;
                  }
                  requests.add(new Request(sent, status, hit));
                  try {
                    TimeUnit.MILLISECONDS.sleep(50);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "load");
      load.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() >= 20);

      Instant killed = Instant.now();
      stack.redis.kill();

      // The Sentinels promote the replica...
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .untilAsserted(
              () ->
                  assertThat(sentinel(sentinels.get(0)).sentinelGetMasterAddrByName(MASTER_NAME))
                      .containsExactly("127.0.0.1", String.valueOf(replica.port())));
      Instant promoted = Instant.now();
      // ...and the API's cache answers again, from the promoted replica, with the entry cached
      // before the failover.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> hitAfter(requests, promoted).isPresent());
      Instant cacheBack = hitAfter(requests, promoted).orElseThrow();

      // The rate limiter decides on Redis again: allowed grows, its local fallback does not.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                String before = api.get("/metrics").body();
                for (int i = 0; i < 5; i++) {
                  assertThat(api.get("/api/sentiment/" + symbol).statusCode()).isEqualTo(200);
                }
                String after = api.get("/metrics").body();
                assertThat(metric(after, ALLOWED) - metric(before, ALLOWED))
                    .isGreaterThanOrEqualTo(5);
                assertThat(metric(after, FALLBACK)).isEqualTo(metric(before, FALLBACK));
              });
      try (Jedis promotedMaster = redis(replica.port())) {
        assertThat(promotedMaster.keys("supernova:ratelimit:*")).isNotEmpty();
      }

      // Pub/sub: the subscriber found the new master by itself; a point ingested now is pushed.
      Instant published = Instant.now();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                live.messages.clear();
                api.post(
                    "/api/sentiment",
                    ApiIT.batch(
                        ApiIT.point(
                            symbol,
                            "2024-07-01T11:" + (10 + (int) (Math.random() * 49)) + ":00Z",
                            0.1,
                            0.9)));
                String message = live.messages.poll(2, TimeUnit.SECONDS);
                assertThat(message).as("a pushed point").isNotNull().contains(symbol);
              });
      Instant pushBack = Instant.now();
      load.interrupt();
      load.join(5000);
      ws.abort();

      long failed;
      long hits;
      long total;
      synchronized (requests) {
        total = requests.size();
        failed = requests.stream().filter(r -> r.status() != 200).count();
        hits = requests.stream().filter(Request::cacheHit).count();
      }
      System.out.printf(
          "RedisFailoverIT: master killed -> replica promoted %.1f s, -> API cache HIT again"
              + " %.1f s, -> pub/sub push again %.1f s (measured when checked after the"
              + " promotion); requests: %d, failed: %d, cache hits: %d, served without the"
              + " cache: %d%n",
          seconds(killed, promoted),
          seconds(killed, cacheBack),
          seconds(killed, pushBack),
          total,
          failed,
          hits,
          total - hits);
      // Redis trouble never fails a request: the API serves from PostgreSQL while Redis moves.
      assertThat(failed).as("failed requests during the failover").isZero();
      assertThat(published).isAfter(promoted);
    }
  }

  /**
   * A server that starts while no Sentinel answers (all three down) starts anyway and serves
   * without Redis, as it does when a standalone Redis is down, and uses Redis once they answer.
   */
  @Test
  @Order(2)
  void anApiStartedWhileNoSentinelAnswersServesWithoutRedisAndUsesItOnceTheyDo() {
    sentinels.forEach(LocalRedis::stop);
    try (ApiServer server = stack.startServer(sentinelEnv())) {
      Api api = new Api(server).login();
      String symbol = ApiIT.symbol();
      String hourly = "/api/sentiment/" + symbol + "/hourly";
      assertThat(
              api.post(
                      "/api/sentiment",
                      ApiIT.batch(ApiIT.point(symbol, "2024-07-01T10:00:00Z", 0.5, 0.5)))
                  .statusCode())
          .isEqualTo(200);
      HttpResponse<String> uncached = api.get(hourly);
      assertThat(uncached.statusCode()).isEqualTo(200);
      assertThat(api.get("/metrics").body()).contains("supernova_redis_degraded 1.0");

      // The Sentinels come back with the state they rewrote: the promoted replica is the master.
      sentinels.forEach(LocalRedis::restart);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                api.get(hourly);
                assertThat(api.get(hourly).headers().firstValue("X-Cache")).hasValue("HIT");
              });
      assertThat(api.get("/metrics").body()).contains("supernova_redis_degraded 0.0");
    }
  }

  private static java.util.Optional<Instant> hitAfter(List<Request> requests, Instant after) {
    synchronized (requests) {
      return requests.stream()
          .filter(r -> r.cacheHit() && r.sent().isAfter(after))
          .map(Request::sent)
          .findFirst();
    }
  }

  private static double metric(String body, Pattern pattern) {
    Matcher m = pattern.matcher(body);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private static Jedis redis(int port) {
    return new Jedis(
        new HostAndPort("127.0.0.1", port),
        // Longer than any WAIT this test sends, so WAIT answers rather than the read timing out.
        DefaultJedisClientConfig.builder().password(PASSWORD).socketTimeoutMillis(5000).build());
  }

  private static Jedis sentinel(LocalRedis sentinel) {
    return redis(sentinel.port());
  }
}
