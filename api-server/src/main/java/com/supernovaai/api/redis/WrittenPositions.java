package com.supernovaai.api.redis;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The primary's WAL position after the last write of each symbol, kept in Redis so every API
 * replica sees it: a read of a symbol may go to a database replica only once that replica has
 * replayed up to it (read-your-writes across API replicas, and no stale hourly roll-up cached).
 * Positions that could not reach Redis are kept here and pushed first when it is back.
 */
@Singleton
public class WrittenPositions {

  /** Longer than any replica lag worth serving reads from (the lag alert fires long before). */
  static final long TTL_SECONDS = 86_400;

  private static final String RECORD =
      "local current = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
          + "if tonumber(ARGV[1]) > current then\n"
          + "  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])\n"
          + "else\n"
          + "  redis.call('EXPIRE', KEYS[1], ARGV[2])\n"
          + "end\n"
          + "return 1\n";

  private final RedisGuard redis;
  private final Map<String, Long> pending = new ConcurrentHashMap<>();

  public WrittenPositions(RedisGuard redis) {
    this.redis = redis;
  }

  /** Records that {@code symbol} was written at or before {@code position} (bytes of WAL). */
  public void record(String symbol, long position) {
    if (!pending.isEmpty()) {
      flushPending();
    }
    if (!push(symbol, position)) {
      pending.merge(symbol, position, Math::max);
    }
  }

  /**
   * The position a reader of {@code symbol} must see (0 when no write is known); empty when it
   * cannot be known (Redis down, or positions of this server not pushed yet): read the primary.
   */
  public OptionalLong required(String symbol) {
    if (!pending.isEmpty() && !flushPending()) {
      return OptionalLong.empty();
    }
    return redis.call(
        jedis -> {
          String value = jedis.get(key(symbol));
          return OptionalLong.of(value == null ? 0 : Long.parseLong(value));
        },
        OptionalLong::empty);
  }

  private boolean push(String symbol, long position) {
    return redis.call(
        jedis -> {
          jedis.eval(
              RECORD,
              List.of(key(symbol)),
              List.of(Long.toString(position), Long.toString(TTL_SECONDS)));
          return true;
        },
        () -> false);
  }

  private boolean flushPending() {
    for (Map.Entry<String, Long> entry : pending.entrySet()) {
      if (!push(entry.getKey(), entry.getValue())) {
        return false;
      }
      pending.remove(entry.getKey(), entry.getValue());
    }
    return true;
  }

  static String key(String symbol) {
    return "supernova:written-lsn:{" + symbol + "}";
  }
}
