package com.supernovaai.operator.config;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.RedisSpec;

/**
 * redis.conf the Redis container starts from; it holds the password, so it lives in a Secret.
 *
 * <p>Durability policy: AOF with {@code appendfsync everysec}. Redis write()s each command to the
 * AOF before it acknowledges it, so a crash of the process or the pod (OOM kill, eviction, kill -9)
 * loses no acknowledged write: the data is in the node's page cache (proven by RedisConfigIT with
 * kill -9). Only a crash of the node itself (kernel, power) can lose the writes of the last second
 * or so, until the background fsync. That is the right trade for what Redis holds here: the hourly
 * cache, rate-limit counters and pub/sub, all rebuilt or harmless when lost; the data of record is
 * in PostgreSQL. {@code always} would add an fsync to every rate-limit increment.
 */
public final class RedisConfig {

  public static final String FILE = "redis.conf";
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
        + "timeout 0\n";
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
