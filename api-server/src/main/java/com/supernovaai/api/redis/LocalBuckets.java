package com.supernovaai.api.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The rate limit of one replica while Redis (the shared bucket) is unreachable: the same token
 * bucket per client, kept in memory. Limiting per replica rather than failing open keeps one client
 * from taking the whole service down during a Redis outage; with N replicas a client may get up to
 * N times its budget, and a bucket starts full when the outage starts.
 */
final class LocalBuckets {

  /** Clients remembered at most; past it, full buckets (equivalent to none) are forgotten. */
  static final int MAX_CLIENTS = 10_000;

  private static final double NANOS_PER_HOUR = 3_600_000_000_000.0;

  private final double capacity;
  private final double tokensPerNano;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  LocalBuckets(int capacity, int requestsPerHour, LongSupplier nanoClock) {
    this.capacity = capacity;
    this.tokensPerNano = requestsPerHour / NANOS_PER_HOUR;
    this.nanoClock = nanoClock;
  }

  /** Takes one token for the client; {@code null} when the table is full (caller decides). */
  RateLimiter.Decision acquire(String client) {
    long now = nanoClock.getAsLong();
    Bucket bucket = buckets.get(client);
    if (bucket == null) {
      if (buckets.size() >= MAX_CLIENTS) {
        buckets.values().removeIf(b -> b.isFull(now));
        if (buckets.size() >= MAX_CLIENTS) {
          return null;
        }
      }
      bucket = buckets.computeIfAbsent(client, c -> new Bucket(now));
    }
    return bucket.take(now);
  }

  int size() {
    return buckets.size();
  }

  private final class Bucket {
    private double tokens = capacity;
    private long updated;

    Bucket(long now) {
      updated = now;
    }

    synchronized RateLimiter.Decision take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return new RateLimiter.Decision(true, (long) tokens, 0);
      }
      long retryNanos = (long) Math.ceil((1 - tokens) / tokensPerNano);
      return new RateLimiter.Decision(
          false, 0, Math.max(1, (retryNanos + 999_999_999L) / 1_000_000_000L));
    }

    synchronized boolean isFull(long now) {
      refill(now);
      return tokens >= capacity;
    }

    private void refill(long now) {
      tokens = Math.min(capacity, tokens + Math.max(0, now - updated) * tokensPerNano);
      updated = now;
    }
  }
}
