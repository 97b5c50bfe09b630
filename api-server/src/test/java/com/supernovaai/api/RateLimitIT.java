package com.supernovaai.api;

import static com.supernovaai.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared token bucket: burst, then 429 with Retry-After, across replicas, per client. */
class RateLimitIT {

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
    Map<String, String> tight =
        Map.of("RATE_LIMIT_BURST_SIZE", "2", "RATE_LIMIT_REQUESTS_PER_HOUR", "60");
    // A different Redis database, so this IP's bucket is not shared with the other tests.
    try (ApiServer server =
        stack.startServer(
            Map.of(
                "RATE_LIMIT_BURST_SIZE",
                tight.get("RATE_LIMIT_BURST_SIZE"),
                "RATE_LIMIT_REQUESTS_PER_HOUR",
                tight.get("RATE_LIMIT_REQUESTS_PER_HOUR"),
                "REDIS_URL",
                stack.redis.url() + "/3"))) {
      Api anonymous = new Api(server);
      String bad = "{\"username\":\"nobody-at-all\",\"password\":\"wrong-password\"}";
      assertThat(anonymous.post("/auth/login", bad).statusCode()).isEqualTo(401);
      assertThat(anonymous.post("/auth/login", bad).statusCode()).isEqualTo(401);
      HttpResponse<String> limited = anonymous.post("/auth/login", bad);
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    }
  }
}
