package com.supernovaai.operator.config;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.RedisSpec;

/**
 * redis.conf the Redis container starts from; it holds the password, so it lives in a Secret.
 *
 * <p>Durability policy: AOF with {@code appendfsync everysec}. Redis normally write()s each command
 * to the AOF before it acknowledges it, so the data is in the node's page cache and a crash of the
 * process or the pod (OOM kill, eviction, kill -9) does not lose it. Not always, though: while the
 * background fsync of the previous second is still running (a busy disk), Redis 7.0 keeps new
 * commands in its own buffer for up to 2 s and replies all the same (aof.c, flushAppendOnlyFile),
 * so a process crash then loses up to 2 s of acknowledged writes; a crash of the node itself
 * (kernel, power) loses those and the writes since the last fsync. RedisConfigIT proves the rest
 * with kill -9 once Redis reports its buffer written. That is the right trade for what Redis holds
 * here: the hourly cache, rate-limit counters and pub/sub, all rebuilt or harmless when lost; the
 * data of record is in PostgreSQL. {@code always} would add an fsync to every rate-limit increment.
 */
public final class RedisConfig {

  public static final String FILE = "redis.conf";

  /** Sentinel's configuration template; {@code @MASTER@} is filled in by sentinel-start.sh. */
  public static final String SENTINEL_FILE = "sentinel.conf";

  /** Sentinel marks the master down after this long without an answer (one Sentinel's view). */
  public static final int DOWN_AFTER_MILLIS = 5000;

  /**
   * How long a failover may take before Sentinel gives up on it, and, doubled, how long it waits
   * before trying again after a failed leader election (two Sentinels each voting for itself).
   * Sentinel's default (3 minutes) would then leave the stack without a master for 6; a restarting
   * master waits 60 s for a failover (redis-master.sh), which covers one failed election at 10 s.
   */
  public static final int FAILOVER_TIMEOUT_MILLIS = 10_000;

  public static final String DIRECTORY = "/etc/redis";

  private RedisConfig() {}

  /**
   * @param maxMemoryBytes memory limit of the container; maxmemory defaults to 80% of it
   */
  public static String render(RedisSpec redis, String password, long maxMemoryBytes) {
    boolean persistent = Boolean.TRUE.equals(redis.getPersistence().getEnabled());
    String maxMemory =
        redis.getMaxMemory() != null
            ? redis.getMaxMemory()
            : Math.max(1, maxMemoryBytes * 8 / 10 / (1024 * 1024)) + "mb";
    return "# Rendered by the SuperNova operator.\n"
        + "bind 0.0.0.0 -::*\n"
        + "port "
        + StackNames.REDIS_PORT
        + "\n"
        + "protected-mode yes\n"
        + "requirepass "
        + quote(password)
        + "\n"
        + "dir /data\n"
        + "appendonly "
        + (persistent ? "yes" : "no")
        + "\n"
        + "appendfsync everysec\n"
        + "save "
        + (persistent ? "\"3600 1 300 100 60 10000\"" : "\"\"")
        + "\n"
        + "maxmemory "
        + maxMemory
        + "\n"
        + "maxmemory-policy "
        + redis.getMaxMemoryPolicy()
        + "\n"
        + "tcp-keepalive 60\n"
        + "timeout 0\n"
        + (redis.sentinel() ? replication(password) : "");
  }

  /**
   * A sentinel-mode Redis: the replicas authenticate to the master with the same password; a master
   * that has heard from no replica for 10 s refuses writes, which bounds what a master cut off from
   * the others (while the Sentinels promote a replica) can acknowledge and then lose.
   */
  private static String replication(String password) {
    return "masterauth "
        + quote(password)
        + "\n"
        + "min-replicas-to-write 1\n"
        + "min-replicas-max-lag 10\n"
        + "replica-read-only yes\n";
  }

  /**
   * The Sentinel beside each sentinel-mode Redis: quorum 2 of 3, the Sentinels' own password and
   * the one they use with Redis and with each other are the stack's Redis password. Names, not IPs:
   * a pod keeps its DNS name across restarts, not its address.
   */
  public static String renderSentinel(String password) {
    String master = StackNames.REDIS_MASTER_NAME;
    return "# Rendered by the SuperNova operator; sentinel-start.sh fills in @MASTER@.\n"
        + "port "
        + StackNames.REDIS_SENTINEL_PORT
        + "\n"
        + "dir /run/supernova\n"
        + "sentinel resolve-hostnames yes\n"
        + "sentinel announce-hostnames yes\n"
        + "requirepass "
        + quote(password)
        + "\n"
        + "sentinel sentinel-pass "
        + quote(password)
        + "\n"
        + "sentinel monitor "
        + master
        + " @MASTER@ "
        + StackNames.REDIS_PORT
        + " 2\n"
        + "sentinel auth-pass "
        + master
        + " "
        + quote(password)
        + "\n"
        + "sentinel down-after-milliseconds "
        + master
        + " "
        + DOWN_AFTER_MILLIS
        + "\n"
        + "sentinel failover-timeout "
        + master
        + " "
        + FAILOVER_TIMEOUT_MILLIS
        + "\n"
        + "sentinel parallel-syncs "
        + master
        + " 1\n";
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
