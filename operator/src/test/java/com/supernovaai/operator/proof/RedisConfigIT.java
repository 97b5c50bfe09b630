package com.supernovaai.operator.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.operator.dependent.Rendered;
import com.supernovaai.testsupport.LocalRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The redis.conf the operator renders starts a real redis-server, and a write Redis acknowledged
 * and wrote to its AOF is still there after the process is killed with SIGKILL and started again
 * from the same directory.
 *
 * <p>The policy (see {@link com.supernovaai.operator.config.RedisConfig}): AOF with {@code
 * appendfsync everysec}. Redis write()s the AOF before it replies, except while the previous
 * second's background fsync is still running: then it holds new commands in its buffer for up to 2
 * s and replies anyway (a busy disk; CI's is shared). The test therefore kills Redis once {@code
 * INFO persistence} reports that buffer empty: from then on everything acknowledged is in the
 * kernel, and a crash of the process or the container (OOM kill, pod kill, this test's SIGKILL)
 * loses none of it. Neither the up to 2 s window nor a crash of the whole node before the next
 * fsync is proven here, nor claimed.
 */
class RedisConfigIT {

  private static final int KEYS = 20_000;

  @Test
  void acknowledgedWritesSurviveKillMinusNine() {
    var stack = ProofStacks.stack();
    String conf = Rendered.redisConf(stack, ProofStacks.context(stack));
    assertThat(conf).contains("appendonly yes").contains("appendfsync everysec");

    // The launcher appends port, bind, dir and logfile (the pod's /data does not exist here);
    // persistence, the password and memory settings are exactly as rendered.
    try (LocalRedis redis = LocalRedis.startPersistent(conf)) {
      try (Jedis jedis = connect(redis)) {
        assertThat(jedis.configGet("appendonly")).containsEntry("appendonly", "yes");
        assertThat(jedis.configGet("appendfsync")).containsEntry("appendfsync", "everysec");
        assertThat(jedis.configGet("maxmemory-policy").values()).isNotEmpty();
        for (int i = 0; i < KEYS; i++) {
          assertThat(jedis.set("key:" + i, "value-" + i)).isEqualTo("OK");
        }
        for (int i = 0; i < 1_000; i++) {
          jedis.incr("counter");
        }
        jedis.rpush("list", "a", "b", "c");
        // The very last acknowledged write: killed before the next fsync, and without one.
        assertThat(jedis.set("last", "acknowledged")).isEqualTo("OK");
        awaitAofBufferWritten(jedis);
      }

      redis.kill();
      assertThat(redis.isRunning()).isFalse();
      redis.restart();

      try (Jedis jedis = connect(redis)) {
        awaitLoaded(jedis);
        assertThat(jedis.dbSize()).isEqualTo(KEYS + 3L);
        for (int i = 0; i < KEYS; i += 997) {
          assertThat(jedis.get("key:" + i)).isEqualTo("value-" + i);
        }
        assertThat(jedis.get("key:" + (KEYS - 1))).isEqualTo("value-" + (KEYS - 1));
        assertThat(jedis.get("counter")).isEqualTo("1000");
        assertThat(jedis.lrange("list", 0, -1)).isEqualTo(List.of("a", "b", "c"));
        assertThat(jedis.get("last")).isEqualTo("acknowledged");
      }
    }
  }

  /**
   * Waits until Redis has write()n its AOF buffer to the file ({@code aof_buffer_length:0}); it
   * does so at its next event loop turn unless a background fsync is still running (then within 2
   * s).
   */
  private static void awaitAofBufferWritten(Jedis jedis) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> jedis.info("persistence").contains("aof_buffer_length:0\r\n"));
  }

  /** After a restart Redis answers LOADING until it has replayed the AOF. */
  private static void awaitLoaded(Jedis jedis) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try {
        jedis.ping();
        return;
      } catch (JedisDataException e) {
        if (!String.valueOf(e.getMessage()).startsWith("LOADING") || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static Jedis connect(LocalRedis redis) {
    Jedis jedis = new Jedis(redis.host(), redis.port());
    jedis.auth(ProofStacks.REDIS_PASSWORD);
    return jedis;
  }
}
