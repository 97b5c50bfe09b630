package com.supernovaai.operator.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.dependent.Rendered;
import com.supernovaai.testsupport.LocalRedis;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The redis.conf the operator renders starts a real redis-server, and a write Redis acknowledged is
 * still there after the process is killed with SIGKILL and started again from the same directory.
 *
 * <p>The policy (see {@link com.supernovaai.operator.config.RedisConfig}): AOF with {@code
 * appendfsync everysec}. Redis write()s the AOF before it replies, so an acknowledged write is in
 * the kernel when the client hears "OK": a crash of the process or the container (OOM kill, pod
 * kill, this test's SIGKILL) loses nothing. Only a crash of the whole node before the next fsync
 * can lose up to about a second of writes; this test cannot and does not claim to prove that case.
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
        // The very last acknowledged write, immediately before the kill: no time for an fsync.
        assertThat(jedis.set("last", "acknowledged")).isEqualTo("OK");
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
