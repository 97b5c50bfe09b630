package com.supernovaai.api.config;

import com.supernovaai.api.web.TrustedProxies;
import java.util.Locale;

/**
 * Who the client is and how much it may ask: trusted proxies, the per-address limits (all requests;
 * login and registration) beside the per-user one in {@link Settings}, and what each route does
 * while Redis, which holds the shared buckets, is down. Defaults are the deployment guide's: 10
 * requests/s per address, 5 logins or registrations a minute.
 */
public record LimitSettings(
    TrustedProxies trustedProxies,
    int addressPerMinute,
    int addressBurst,
    int authPerMinute,
    int authBurst,
    WhenRedisDown apiWhenRedisDown,
    WhenRedisDown authWhenRedisDown) {

  /** What a route does when the shared buckets cannot be reached. */
  public enum WhenRedisDown {
    /** Each replica keeps the same buckets in memory: a client gets its budget per replica. */
    LOCAL,
    /** No limit until Redis is back. */
    OPEN,
    /** 503 until Redis is back. */
    CLOSED
  }

  static LimitSettings fromEnv(Settings.Env e) {
    TrustedProxies proxies;
    try {
      proxies = TrustedProxies.parse(e.optional("SUPERNOVA_TRUSTED_PROXIES", null));
    } catch (IllegalArgumentException ex) {
      throw new ConfigException("SUPERNOVA_TRUSTED_PROXIES: " + ex.getMessage());
    }
    return new LimitSettings(
        proxies,
        e.integer("RATE_LIMIT_ADDRESS_PER_MINUTE", 600, 1, 10_000_000),
        e.integer("RATE_LIMIT_ADDRESS_BURST", 20, 1, 10_000_000),
        e.integer("RATE_LIMIT_AUTH_PER_MINUTE", 5, 1, 10_000_000),
        e.integer("RATE_LIMIT_AUTH_BURST", 5, 1, 10_000_000),
        whenRedisDown(e, "RATE_LIMIT_API_WHEN_REDIS_DOWN"),
        whenRedisDown(e, "RATE_LIMIT_AUTH_WHEN_REDIS_DOWN"));
  }

  private static WhenRedisDown whenRedisDown(Settings.Env e, String name) {
    String value = e.optional(name, "local").toUpperCase(Locale.ROOT);
    try {
      return WhenRedisDown.valueOf(value);
    } catch (IllegalArgumentException ex) {
      throw new ConfigException(name + " must be local, open or closed");
    }
  }
}
