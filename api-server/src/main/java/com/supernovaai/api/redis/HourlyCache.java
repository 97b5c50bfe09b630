package com.supernovaai.api.redis;

import com.supernovaai.api.config.Settings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Redis cache of hourly roll-ups. Each entry records the time range it covers in a per-symbol
 * index, and a write deletes exactly the entries whose range contains a written timestamp. A
 * per-symbol write epoch makes a reader that raced with a write drop its (possibly stale) result
 * instead of caching it. The index holds at most {@link #MAX_ENTRIES_PER_SYMBOL} ranges. Keys carry
 * the symbol as a hash tag so the scripts stay on one slot.
 */
@Singleton
public class HourlyCache {

  /** Stands for an open range end (milliseconds, exact in Lua's doubles). */
  static final long OPEN_START = -9_000_000_000_000_000L;

  static final long OPEN_END = 9_000_000_000_000_000L;

  /**
   * Cached ranges kept per symbol: every distinct from/to is an entry, so without a cap a client
   * walking through ranges would grow the index (and Redis' memory) for as long as it keeps asking.
   * Past the cap the least recently stored ranges go.
   */
  static final int MAX_ENTRIES_PER_SYMBOL = 100;

  private static final String PUT =
      "local epoch = redis.call('GET', KEYS[3]) or '0'\n"
          + "if epoch ~= ARGV[2] then return 0 end\n"
          + "redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])\n"
          + "redis.call('HSET', KEYS[2], KEYS[1], ARGV[4])\n"
          + "redis.call('EXPIRE', KEYS[2], ARGV[3])\n"
          // Redis' own clock orders the entries, whatever the replicas' clocks say.
          + "local now = redis.call('TIME')\n"
          + "redis.call('ZADD', KEYS[4], tonumber(now[1]) * 1000000 + tonumber(now[2]), KEYS[1])\n"
          + "redis.call('EXPIRE', KEYS[4], ARGV[3])\n"
          + "local excess = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[5])\n"
          + "if excess > 0 then\n"
          + "  local oldest = redis.call('ZPOPMIN', KEYS[4], excess)\n"
          + "  for i = 1, #oldest, 2 do\n"
          + "    redis.call('DEL', oldest[i])\n"
          + "    redis.call('HDEL', KEYS[2], oldest[i])\n"
          + "  end\n"
          + "end\n"
          + "return 1\n";

  private static final String INVALIDATE =
      "redis.call('INCR', KEYS[2])\n"
          + "redis.call('EXPIRE', KEYS[2], 86400)\n"
          + "local lo = tonumber(ARGV[1])\n"
          + "local hi = tonumber(ARGV[2])\n"
          + "local entries = redis.call('HGETALL', KEYS[1])\n"
          + "local removed = 0\n"
          + "for i = 1, #entries, 2 do\n"
          + "  local f, t = string.match(entries[i + 1], '^(%-?%d+):(%-?%d+)$')\n"
          + "  if f == nil or (tonumber(f) <= hi and tonumber(t) >= lo) then\n"
          + "    redis.call('DEL', entries[i])\n"
          + "    redis.call('HDEL', KEYS[1], entries[i])\n"
          + "    redis.call('ZREM', KEYS[3], entries[i])\n"
          + "    removed = removed + 1\n"
          + "  end\n"
          + "end\n"
          + "return removed\n";

  private final RedisGuard redis;
  private final long ttlSeconds;

  /**
   * Ranges written while Redis was unreachable, by symbol: entries cached before the outage would
   * otherwise outlive it (a network partition keeps Redis' data), so they are dropped as soon as
   * Redis answers again.
   */
  private final Map<String, long[]> pending = new ConcurrentHashMap<>();

  private final Counter hits;
  private final Counter misses;
  private final Counter errors;

  public HourlyCache(RedisGuard redis, Settings settings, MeterRegistry registry) {
    this.redis = redis;
    this.ttlSeconds = settings.cacheTtl().toSeconds();
    this.hits = cacheCounter(registry, "hit");
    this.misses = cacheCounter(registry, "miss");
    this.errors = cacheCounter(registry, "error");
  }

  private static Counter cacheCounter(MeterRegistry registry, String result) {
    return Counter.builder("supernova.cache.requests")
        .description("Hourly cache lookups by result")
        .tag("cache", "hourly")
        .tag("result", result)
        .register(registry);
  }

  public boolean enabled() {
    return ttlSeconds > 0;
  }

  /** A cached value, or empty with the epoch to hand to {@link #put} (null when Redis is down). */
  public Lookup get(String symbol, Instant from, Instant to) {
    if (!enabled()) {
      return new Lookup(Optional.empty(), null);
    }
    if (!pending.isEmpty() && !flushPending()) {
      return new Lookup(Optional.empty(), null);
    }
    return redis.call(
        jedis -> {
          List<String> values = jedis.mget(dataKey(symbol, from, to), epochKey(symbol));
          String epoch = values.get(1) == null ? "0" : values.get(1);
          if (values.get(0) != null) {
            hits.increment();
            return new Lookup(Optional.of(values.get(0)), epoch);
          }
          misses.increment();
          return new Lookup(Optional.empty(), epoch);
        },
        () -> {
          errors.increment();
          return new Lookup(Optional.empty(), null);
        });
  }

  /** Stores a value computed after {@link #get} returned {@code epoch}, unless a write raced. */
  public void put(String symbol, Instant from, Instant to, String epoch, String json) {
    if (!enabled() || epoch == null) {
      return;
    }
    String dataKey = dataKey(symbol, from, to);
    String range = start(from) + ":" + end(to);
    redis.call(
        jedis ->
            jedis.eval(
                PUT,
                List.of(dataKey, indexKey(symbol), epochKey(symbol), orderKey(symbol)),
                List.of(
                    json,
                    epoch,
                    String.valueOf(ttlSeconds),
                    range,
                    String.valueOf(MAX_ENTRIES_PER_SYMBOL))),
        () -> null);
  }

  /** Drops the cached ranges of a symbol that contain any time in [min, max]. */
  public void invalidate(String symbol, Instant min, Instant max) {
    if (!pending.isEmpty()) {
      flushPending();
    }
    if (!invalidate(symbol, min.toEpochMilli(), max.toEpochMilli())) {
      pending.merge(
          symbol,
          new long[] {min.toEpochMilli(), max.toEpochMilli()},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }
  }

  private boolean invalidate(String symbol, long min, long max) {
    return redis.call(
        jedis -> {
          jedis.eval(
              INVALIDATE,
              List.of(indexKey(symbol), epochKey(symbol), orderKey(symbol)),
              List.of(String.valueOf(min), String.valueOf(max)));
          return true;
        },
        () -> {
          errors.increment();
          return false;
        });
  }

  /** Replays invalidations missed during a Redis outage; false while Redis is still away. */
  private boolean flushPending() {
    for (Map.Entry<String, long[]> entry : pending.entrySet()) {
      long[] range = entry.getValue();
      if (!invalidate(entry.getKey(), range[0], range[1])) {
        return false;
      }
      pending.remove(entry.getKey(), range);
    }
    return true;
  }

  /** The range start as cached: the hourly query starts at the hour containing {@code from}. */
  private static long start(Instant from) {
    if (from == null) {
      return OPEN_START;
    }
    long ms = from.toEpochMilli();
    return Math.floorDiv(ms, 3_600_000L) * 3_600_000L;
  }

  private static long end(Instant to) {
    return to == null ? OPEN_END : to.toEpochMilli();
  }

  static String dataKey(String symbol, Instant from, Instant to) {
    return "supernova:hourly:{"
        + symbol
        + "}:"
        + (from == null ? "-" : from.toEpochMilli())
        + ":"
        + (to == null ? "-" : to.toEpochMilli());
  }

  static String indexKey(String symbol) {
    return "supernova:hourly-index:{" + symbol + "}";
  }

  /** The index's entries by the time they were stored, for evicting the oldest past the cap. */
  static String orderKey(String symbol) {
    return "supernova:hourly-order:{" + symbol + "}";
  }

  static String epochKey(String symbol) {
    return "supernova:hourly-epoch:{" + symbol + "}";
  }

  /** Result of a lookup. */
  public record Lookup(Optional<String> value, String epoch) {}
}
