package com.supernovaai.api.redis;

import com.supernovaai.api.config.RedisSettings;
import com.supernovaai.api.config.Settings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The shared Redis connection pool, used so that Redis trouble never fails a request: every call
 * goes through {@link #call}, which returns the fallback when Redis is down and then skips Redis
 * for a short back-off instead of paying a connect timeout per request. Transitions are logged
 * once, not per request.
 */
@Context
public class RedisGuard {

  private static final Logger LOG = LoggerFactory.getLogger(RedisGuard.class);
  private static final long BACKOFF_NANOS = 1_000_000_000L;

  /** Makes the client; in sentinel mode it asks the Sentinels, and throws when none answers. */
  private final Supplier<UnifiedJedis> connect;

  private final ReentrantLock connecting = new ReentrantLock();
  private volatile UnifiedJedis pool;
  private final HostAndPort address;
  private final JedisClientConfig subscriberConfig;
  private volatile long skipUntil;
  private volatile boolean down;

  public RedisGuard(Settings settings, MeterRegistry registry) {
    RedisSettings redis = settings.redis();
    this.address = new HostAndPort(redis.host(), redis.port());
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(500)
            .socketTimeoutMillis(1000)
            .database(redis.database())
            .ssl(redis.ssl())
            .clientName("supernova-api");
    DefaultJedisClientConfig.Builder subscriber =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(1000)
            // The subscriber pings every 2 s, so a silent connection is noticed within 10 s.
            .socketTimeoutMillis(10_000)
            .database(redis.database())
            .ssl(redis.ssl())
            .clientName("supernova-api-subscriber");
    if (redis.password() != null) {
      config.password(redis.password());
      subscriber.password(redis.password());
    }
    GenericObjectPoolConfig<Connection> poolConfig = new GenericObjectPoolConfig<>();
    poolConfig.setMaxTotal(64);
    poolConfig.setMaxIdle(64);
    poolConfig.setMinIdle(0);
    poolConfig.setMaxWait(java.time.Duration.ofMillis(500));
    poolConfig.setTestOnBorrow(false);
    poolConfig.setJmxEnabled(false);
    if (redis.sentinel()) {
      // Jedis asks the Sentinels for the master, listens on them for +switch-master and moves the
      // pool to the new master by itself; until then calls fail and fall back like any outage.
      DefaultJedisClientConfig.Builder sentinel =
          DefaultJedisClientConfig.builder()
              .connectionTimeoutMillis(500)
              .socketTimeoutMillis(1000)
              .clientName("supernova-api-sentinel");
      if (redis.password() != null) {
        sentinel.password(redis.password());
      }
      Set<HostAndPort> sentinels =
          redis.sentinels().stream().map(HostAndPort::from).collect(Collectors.toSet());
      JedisClientConfig master = config.build();
      JedisClientConfig sentinelConfig = sentinel.build();
      this.connect =
          () ->
              new JedisSentineled(
                  redis.masterName(), master, poolConfig, sentinels, sentinelConfig);
    } else {
      JedisClientConfig direct = config.build();
      this.connect = () -> new JedisPooled(address, direct, poolConfig);
    }
    this.subscriberConfig = subscriber.build();
    // A server that starts while no Sentinel answers serves without Redis, as it does when a
    // standalone Redis is down, and asks again at most once per back-off.
    try {
      this.pool = connect.get();
    } catch (JedisException e) {
      markDown(e);
    }
    Gauge.builder("supernova.redis.degraded", this, guard -> guard.down ? 1 : 0)
        .description(
            "1 while Redis is unreachable: cache bypassed, per-replica rate limit, no live push")
        .register(registry);
  }

  /** Runs a Redis operation; on any Redis failure returns {@code fallback.get()}. */
  public <T> T call(Function<UnifiedJedis, T> operation, Supplier<T> fallback) {
    if (down && System.nanoTime() < skipUntil) {
      return fallback.get();
    }
    try {
      T result = operation.apply(pool());
      if (down) {
        down = false;
        LOG.info("Redis is available again");
      }
      return result;
    } catch (JedisException e) {
      markDown(e);
      return fallback.get();
    }
  }

  /** A ping that ignores the back-off, for readiness; throws when Redis does not answer. */
  public void ping() {
    try {
      pool().ping();
      if (down) {
        down = false;
        LOG.info("Redis is available again");
      }
    } catch (JedisException e) {
      markDown(e);
      throw e;
    }
  }

  public boolean isDown() {
    return down;
  }

  /** Where the master is now: the Sentinels' latest answer in sentinel mode, else REDIS_URL's. */
  HostAndPort address() {
    return pool() instanceof JedisSentineled sentineled ? sentineled.getCurrentMaster() : address;
  }

  /** The client, made now if it could not be before; one thread tries, the others fall back. */
  private UnifiedJedis pool() {
    UnifiedJedis current = pool;
    if (current != null) {
      return current;
    }
    if (!connecting.tryLock()) {
      throw new JedisConnectionException("asking the Sentinels for the master");
    }
    try {
      if (pool == null) {
        pool = connect.get();
        LOG.info("Redis master found through the Sentinels");
      }
      return pool;
    } finally {
      connecting.unlock();
    }
  }

  JedisClientConfig subscriberConfig() {
    return subscriberConfig;
  }

  void markDown(RuntimeException e) {
    skipUntil = System.nanoTime() + BACKOFF_NANOS;
    if (!down) {
      down = true;
      LOG.warn("Redis unavailable, serving without it: {}", e.getClass().getSimpleName());
    }
  }

  @PreDestroy
  void close() {
    UnifiedJedis current = pool;
    if (current != null) {
      current.close();
    }
  }
}
