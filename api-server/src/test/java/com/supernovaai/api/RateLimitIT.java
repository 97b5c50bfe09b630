package com.supernovaai.api;

import static com.supernovaai.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shared token bucket: burst, then 429 with Retry-After, across replicas, per client. */
class RateLimitIT {

  /** The direct peer of every test request: trusted as a proxy only where a test says so. */
  private static final String LOCAL_PROXY = "127.0.0.1/32,::1/128";

  @Test
  void requestPastTheBudgetIs429WithRetryAfterAcrossReplicas() {
    TestStack stack = TestStack.shared();
    // 3 tokens of burst, refilled at one per 20 s: the 4th quick request is over budget.
    Map<String, String> tight =
        Map.of("RATE_LIMIT_BURST_SIZE", "3", "RATE_LIMIT_REQUESTS_PER_HOUR", "180");
    // Accounts are made by the administrator on a server with the default budget: on the tight
    // ones, that many calls from this address would use up its anonymous bucket.
    String aliceToken;
    String bobToken;
    try (ApiServer roomy = stack.startServer()) {
      aliceToken = new Api(roomy).login().token();
      bobToken = new Api(roomy).login().token();
    }
    try (ApiServer a = stack.startServer(tight);
        ApiServer b = stack.startServer(tight)) {
      Api alice = new Api(a).withToken(aliceToken);
      Api aliceOnB = new Api(b).withToken(aliceToken);

      HttpResponse<String> first = alice.get("/api/sentiment/AAPL");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("X-RateLimit-Remaining")).hasValue("2");
      assertThat(alice.get("/api/sentiment/AAPL").statusCode()).isEqualTo(200);
      // The bucket lives in Redis, so the other replica charges the same one.
      assertThat(aliceOnB.get("/api/sentiment/AAPL").statusCode()).isEqualTo(200);

      HttpResponse<String> limited = aliceOnB.get("/api/sentiment/AAPL");
      assertThat(limited.statusCode()).isEqualTo(429);
      long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
      assertThat(retryAfter).isBetween(1L, 20L);
      assertThat(json(limited).get("error").asText()).isEqualTo("rate_limited");
      assertThat(limited.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(limited.headers().firstValue("X-SuperNova-Color")).hasValue("blue");
      assertThat(alice.get("/api/sentiment/AAPL").statusCode()).isEqualTo(429);

      // Another user has a bucket of their own; probes are never limited.
      Api bob = new Api(b).withToken(bobToken);
      assertThat(bob.get("/api/sentiment/AAPL").statusCode()).isEqualTo(200);
      for (int i = 0; i < 10; i++) {
        assertThat(alice.get("/health").statusCode()).isEqualTo(200);
        assertThat(alice.get("/health/ready").statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void anonymousClientsAreLimitedByAddress() {
    TestStack stack = TestStack.shared();
    // 2 requests per address, one more a minute; a Redis database of its own, so this address's
    // bucket is not shared with the other tests.
    try (ApiServer server =
        stack.startServer(
            Map.of(
                "RATE_LIMIT_ADDRESS_BURST",
                "2",
                "RATE_LIMIT_ADDRESS_PER_MINUTE",
                "1",
                "REDIS_URL",
                stack.redis.url() + "/3"))) {
      Api anonymous = new Api(server);
      assertThat(anonymous.get("/api/sentiment/AAPL").statusCode()).isEqualTo(401);
      String bad = "{\"username\":\"nobody-at-all\",\"password\":\"wrong-password\"}";
      assertThat(anonymous.post("/auth/login", bad).statusCode()).isEqualTo(401);
      HttpResponse<String> limited = anonymous.post("/auth/login", bad);
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    }
  }

  @Test
  void behindATrustedProxyTheSixthLoginInAMinuteIs429WhileAnotherClientStillLogsIn() {
    long started = System.nanoTime();
    TestStack stack = TestStack.shared();
    try (ApiServer server = stack.startServer(guideAuthLimitsBehindProxy(5))) {
      Api proxy = new Api(server);
      String user = "limits-" + UUID.randomUUID().toString().substring(0, 8);
      String credentials = "{\"username\":\"" + user + "\",\"password\":\"password-123\"}";
      assertThat(proxy.post("/auth/register", credentials, xff("203.0.113.1")).statusCode())
          .isEqualTo(201);

      String wrong = "{\"username\":\"" + user + "-x\",\"password\":\"wrong-password\"}";
      List<Integer> attacker = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        attacker.add(proxy.post("/auth/login", wrong, xff("198.51.100.7")).statusCode());
      }
      assertThat(attacker).containsExactly(401, 401, 401, 401, 401, 429);
      // The proxy appends the peer it saw: the client's own (spoofable) entries stay on the left.
      HttpResponse<String> other =
          proxy.post("/auth/login", credentials, xff("198.51.100.7, 198.51.100.8"));
      assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
    }
    printTime("trusted proxy, login limit per client", started);
  }

  @Test
  void spoofedForwardedForFromAnUntrustedPeerIsIgnored() {
    long started = System.nanoTime();
    Map<String, String> env = new java.util.HashMap<>(guideAuthLimitsBehindProxy(6));
    env.remove("SUPERNOVA_TRUSTED_PROXIES");
    try (ApiServer server = TestStack.shared().startServer(env)) {
      Api client = new Api(server);
      String wrong = "{\"username\":\"nobody-at-all\",\"password\":\"wrong-password\"}";
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        // A new made-up address per request would be a new bucket per request if it were trusted.
        statuses.add(client.post("/auth/login", wrong, xff("192.0.2." + (10 + i))).statusCode());
      }
      assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429);
    }
    printTime("untrusted peer, spoofed X-Forwarded-For", started);
  }

  @Test
  void sprayingOneAccountFromManyAddressesIsLimitedPerUsername() {
    long started = System.nanoTime();
    try (ApiServer server = TestStack.shared().startServer(guideAuthLimitsBehindProxy(7))) {
      Api proxy = new Api(server);
      String target = "victim-" + UUID.randomUUID().toString().substring(0, 8);
      String guess = "{\"username\":\"" + target + "\",\"password\":\"guess-1234\"}";
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        statuses.add(proxy.post("/auth/login", guess, xff("192.0.2." + (100 + i))).statusCode());
      }
      assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429);
    }
    printTime("one username from six addresses", started);
  }

  @Test
  void creatingAccountsDoesNotResetAClientsBudget() {
    long started = System.nanoTime();
    Map<String, String> env = new java.util.HashMap<>(guideAuthLimitsBehindProxy(8));
    // 6 requests per address, one more a minute; per user the test stack's generous budget.
    env.put("RATE_LIMIT_ADDRESS_BURST", "6");
    env.put("RATE_LIMIT_ADDRESS_PER_MINUTE", "1");
    env.put("RATE_LIMIT_AUTH_BURST", "100");
    env.put("RATE_LIMIT_BURST_SIZE", "1000000");
    env.put("RATE_LIMIT_REQUESTS_PER_HOUR", "10000000");
    try (ApiServer server = stack().startServer(env)) {
      String[] client = xff("198.51.100.20");
      Api first = register(server, client);
      assertThat(first.get("/api/sentiment/AAPL", client).statusCode()).isEqualTo(200);
      assertThat(first.get("/api/sentiment/AAPL", client).statusCode()).isEqualTo(200);
      Api second = register(server, client);
      assertThat(second.get("/api/sentiment/AAPL", client).statusCode()).isEqualTo(200);
      assertThat(second.get("/api/sentiment/AAPL", client).statusCode()).isEqualTo(200);
      // 6 requests from this address so far (2 registrations, 4 reads): a fresh account is no
      // fresh budget, and neither is a third one.
      assertThat(second.get("/api/sentiment/AAPL", client).statusCode()).isEqualTo(429);
      HttpResponse<String> third =
          new Api(server).post("/auth/register", credentials("third"), client);
      assertThat(third.statusCode()).isEqualTo(429);
      // Another client behind the same proxy is not affected, even with the first one's token.
      assertThat(first.get("/api/sentiment/AAPL", xff("198.51.100.21")).statusCode())
          .isEqualTo(200);
    }
    printTime("accounts created from one address", started);
  }

  @Test
  void unknownUserAndWrongPasswordAnswerAlike() {
    try (ApiServer server = stack().startServer(Map.of("SUPERNOVA_SELF_REGISTRATION", "true"))) {
      Api api = new Api(server);
      String user = "timing-" + UUID.randomUUID().toString().substring(0, 8);
      String password = "{\"username\":\"%s\",\"password\":\"not-the-password\"}";
      assertThat(api.post("/auth/register", String.format(password, user).replace("not-the-", "")))
          .extracting(HttpResponse::statusCode)
          .isEqualTo(201);
      String wrongPassword = String.format(password, user);
      String unknownUser = String.format(password, user + "-nobody");
      long[] wrong = new long[7];
      long[] unknown = new long[7];
      for (int i = 0; i < wrong.length; i++) {
        HttpResponse<String> a = timed(api, wrongPassword, wrong, i);
        HttpResponse<String> b = timed(api, unknownUser, unknown, i);
        assertThat(a.statusCode()).isEqualTo(401);
        assertThat(b.statusCode()).isEqualTo(401);
        assertThat(b.body()).isEqualTo(a.body());
      }
      // Printed, not asserted: both do one bcrypt check at the same cost (AuthServiceTest).
      System.out.printf(
          "RateLimitIT login medians: wrong password %d ms, unknown user %d ms%n",
          median(wrong), median(unknown));
    }
  }

  private static HttpResponse<String> timed(Api api, String body, long[] millis, int i) {
    long start = System.nanoTime();
    HttpResponse<String> r = api.post("/auth/login", body);
    millis[i] = (System.nanoTime() - start) / 1_000_000;
    return r;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static TestStack stack() {
    return TestStack.shared();
  }

  private static Api register(ApiServer server, String[] headers) {
    Api api = new Api(server);
    HttpResponse<String> r = api.post("/auth/register", credentials("acct"), headers);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return api.withToken(json(r).get("access_token").asText());
  }

  private static String credentials(String prefix) {
    String user = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    return "{\"username\":\"" + user + "\",\"password\":\"password-123\"}";
  }

  /**
   * The guide's 5 logins/registrations a minute behind a proxy on this machine; today's single knob
   * (per user, or per address when anonymous) set to the same budget; registration open to anyone
   * (the case where accounts cost an attacker nothing). A Redis database per test so that no test
   * sees another's buckets.
   */
  private static Map<String, String> guideAuthLimitsBehindProxy(int redisDatabase) {
    return Map.of(
        "SUPERNOVA_SELF_REGISTRATION",
        "true",
        "SUPERNOVA_TRUSTED_PROXIES",
        LOCAL_PROXY,
        "RATE_LIMIT_AUTH_PER_MINUTE",
        "5",
        "RATE_LIMIT_AUTH_BURST",
        "5",
        "RATE_LIMIT_BURST_SIZE",
        "5",
        "RATE_LIMIT_REQUESTS_PER_HOUR",
        "300",
        "REDIS_URL",
        TestStack.shared().redis.url() + "/" + redisDatabase);
  }

  private static String[] xff(String value) {
    return new String[] {"X-Forwarded-For", value};
  }

  private static void printTime(String what, long startedNanos) {
    System.out.printf(
        "RateLimitIT %s: %d ms%n", what, (System.nanoTime() - startedNanos) / 1_000_000);
  }
}
