package com.supernovaai.api.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalBucketsTest {

  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong clock = new AtomicLong(42 * SECOND);

  @Test
  void burstThenLimitedWithRetryAfterThenRefilled() {
    // 3 tokens of burst, 360 per hour: one token back every 10 s.
    LocalBuckets buckets = new LocalBuckets(3, 360, clock::get);
    assertThat(buckets.acquire("user:1").remaining()).isEqualTo(2);
    assertThat(buckets.acquire("user:1").remaining()).isEqualTo(1);
    assertThat(buckets.acquire("user:1").allowed()).isTrue();

    RateLimiter.Decision limited = buckets.acquire("user:1");
    assertThat(limited.allowed()).isFalse();
    assertThat(limited.retryAfterSeconds()).isEqualTo(10);

    clock.addAndGet(4 * SECOND);
    assertThat(buckets.acquire("user:1").retryAfterSeconds()).isEqualTo(6);
    clock.addAndGet(6 * SECOND);
    assertThat(buckets.acquire("user:1").allowed()).isTrue();
    assertThat(buckets.acquire("user:1").allowed()).isFalse();
  }

  @Test
  void eachClientHasItsOwnBucket() {
    LocalBuckets buckets = new LocalBuckets(1, 1, clock::get);
    assertThat(buckets.acquire("user:1").allowed()).isTrue();
    assertThat(buckets.acquire("user:1").allowed()).isFalse();
    assertThat(buckets.acquire("ip:10.0.0.7").allowed()).isTrue();
  }

  @Test
  void memoryIsBoundedFullBucketsAreForgottenFirst() {
    LocalBuckets buckets = new LocalBuckets(2, 3600, clock::get);
    for (int i = 0; i < LocalBuckets.MAX_CLIENTS; i++) {
      buckets.acquire("ip:" + i);
    }
    assertThat(buckets.size()).isEqualTo(LocalBuckets.MAX_CLIENTS);
    // Nobody's bucket is full yet: a new client is not remembered, the caller decides.
    assertThat(buckets.acquire("ip:new")).isNull();

    // One token per second: after a second every bucket is full again and may be forgotten.
    clock.addAndGet(SECOND);
    assertThat(buckets.acquire("ip:new").allowed()).isTrue();
    assertThat(buckets.size()).isEqualTo(1);
  }
}
