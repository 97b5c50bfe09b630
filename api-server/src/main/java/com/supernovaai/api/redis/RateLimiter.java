package com.supernovaai.api.redis;

import com.supernovaai.api.config.Settings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Token bucket per client, shared by all replicas through one Redis script: capacity {@code
 * RATE_LIMIT_BURST_SIZE}, refilled at {@code RATE_LIMIT_REQUESTS_PER_HOUR} per hour, clocked by
 * Redis' TIME so replicas agree. When Redis is down each replica limits on its own ({@link
 * LocalBuckets}, counted as {@code result="fallback_allowed|fallback_limited"}): an outage of the
 * cache must neither become an outage of the API nor lift the limit. Only when the local table is
 * full (more distinct clients than it keeps) does a new client pass unlimited ({@code fail_open}).
 */
@Singleton
public class RateLimiter {

  private static final String SCRIPT =
      "local capacity = tonumber(ARGV[1])\n"
          + "local per_ms = tonumber(ARGV[2]) / 3600000\n"
          + "local t = redis.call('TIME')\n"
          + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
          + "local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')\n"
          + "local tokens = tonumber(state[1])\n"
          + "local ts = tonumber(state[2])\n"
          + "if tokens == nil or ts == nil then tokens = capacity; ts = now end\n"
          + "tokens = math.min(capacity, tokens + math.max(0, now - ts) * per_ms)\n"
          + "local allowed = 0\n"
          + "local retry_ms = 0\n"
          + "if tokens >= 1 then\n"
          + "  tokens = tokens - 1\n"
          + "  allowed = 1\n"
          + "else\n"
          + "  retry_ms = math.ceil((1 - tokens) / per_ms)\n"
          + "end\n"
          + "redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))\n"
          + "redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / per_ms) + 1000)\n"
          + "return {allowed, math.floor(tokens), retry_ms}\n";

  private final RedisGuard redis;
  private final String capacity;
  private final String perHour;
  private final Counter allowed;
  private final Counter limited;
  private final Counter fallbackAllowed;
  private final Counter fallbackLimited;
  private final Counter failOpen;
  private final LocalBuckets local;

  public RateLimiter(RedisGuard redis, Settings settings, MeterRegistry registry) {
    this.redis = redis;
    this.capacity = String.valueOf(settings.rateLimitBurstSize());
    this.perHour = String.valueOf(settings.rateLimitRequestsPerHour());
    this.allowed = counter(registry, "allowed");
    this.limited = counter(registry, "limited");
    this.fallbackAllowed = counter(registry, "fallback_allowed");
    this.fallbackLimited = counter(registry, "fallback_limited");
    this.failOpen = counter(registry, "fail_open");
    this.local =
        new LocalBuckets(
            settings.rateLimitBurstSize(), settings.rateLimitRequestsPerHour(), System::nanoTime);
  }

  private static Counter counter(MeterRegistry registry, String result) {
    return Counter.builder("supernova.ratelimit.decisions")
        .description("Rate limit decisions by result")
        .tag("result", result)
        .register(registry);
  }

  /** Takes one token for the client, e.g. {@code user:alice} or {@code ip:10.0.0.7}. */
  public Decision acquire(String client) {
    return redis.call(
        jedis -> {
          @SuppressWarnings("unchecked")
          List<Long> r =
              (List<Long>)
                  jedis.eval(
                      SCRIPT, List.of("supernova:ratelimit:" + client), List.of(capacity, perHour));
          boolean ok = r.get(0) == 1L;
          (ok ? allowed : limited).increment();
          long retrySeconds = ok ? 0 : Math.max(1, (r.get(2) + 999) / 1000);
          return new Decision(ok, r.get(1), retrySeconds);
        },
        () -> acquireLocally(client));
  }

  private Decision acquireLocally(String client) {
    Decision decision = local.acquire(client);
    if (decision == null) {
      failOpen.increment();
      return new Decision(true, -1, 0);
    }
    (decision.allowed() ? fallbackAllowed : fallbackLimited).increment();
    return decision;
  }

  /** Outcome: allowed or not, tokens left (-1 unknown), seconds until a token is back. */
  public record Decision(boolean allowed, long remaining, long retryAfterSeconds) {}
}
