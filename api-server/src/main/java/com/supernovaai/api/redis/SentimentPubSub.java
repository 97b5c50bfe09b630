package com.supernovaai.api.redis;

import com.supernovaai.api.ws.LiveSessions;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Fans new points out to every replica through Redis pub/sub: ingest publishes to {@code
 * supernova:sentiment:<symbol>}, and each replica's subscriber thread hands messages to its local
 * WebSocket sessions. The subscriber reconnects by itself after Redis comes back; points published
 * while Redis is down are not replayed (live push is best effort, the REST API has the history).
 */
@Context
public class SentimentPubSub {

  static final String CHANNEL_PREFIX = "supernova:sentiment:";

  /** How often the subscription is pinged and checked against the current master. */
  private static final long PING_SECONDS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(SentimentPubSub.class);

  private final RedisGuard redis;
  private final LiveSessions sessions;
  private final Thread subscriber;
  private final ScheduledExecutorService pinger;
  private volatile boolean running = true;
  private volatile JedisPubSub current;
  private volatile HostAndPort subscribedTo;
  private volatile boolean subscribed;

  public SentimentPubSub(RedisGuard redis, LiveSessions sessions) {
    this.redis = redis;
    this.sessions = sessions;
    this.subscriber = new Thread(this::subscribeLoop, "redis-subscriber");
    this.subscriber.setDaemon(true);
    this.subscriber.start();
    this.pinger =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "redis-subscriber-ping");
              t.setDaemon(true);
              return t;
            });
    this.pinger.scheduleWithFixedDelay(this::ping, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
  }

  /** Publishes a JSON message for a symbol; dropped (and counted as a Redis failure) if down. */
  public void publish(String symbol, String json) {
    redis.call(jedis -> jedis.publish(CHANNEL_PREFIX + symbol, json), () -> 0L);
  }

  /** Whether the subscriber currently listens (for tests and readiness detail). */
  public boolean isSubscribed() {
    return subscribed;
  }

  private void subscribeLoop() {
    long backoffMillis = 200;
    while (running) {
      HostAndPort master;
      try {
        master = redis.address();
      } catch (RuntimeException e) {
        // No Sentinel has answered yet: try again after the back-off.
        sleep(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, 2000);
        continue;
      }
      try (Jedis jedis = new Jedis(master, redis.subscriberConfig())) {
        JedisPubSub listener =
            new JedisPubSub() {
              @Override
              public void onPSubscribe(String pattern, int subscribedChannels) {
                subscribed = true;
                LOG.debug("subscribed to {}", pattern);
              }

              @Override
              public void onPMessage(String pattern, String channel, String message) {
                sessions.deliver(channel.substring(CHANNEL_PREFIX.length()), message);
              }
            };
        current = listener;
        subscribedTo = master;
        backoffMillis = 200;
        jedis.psubscribe(listener, CHANNEL_PREFIX + "*");
      } catch (RuntimeException e) {
        if (running) {
          LOG.debug("subscriber disconnected: {}", e.getClass().getSimpleName());
        }
      } finally {
        subscribed = false;
        current = null;
      }
      if (running) {
        sleep(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, 2000);
      }
    }
  }

  /**
   * Keeps the subscription alive and on the master: after a Sentinel failover the old master may
   * come back as a replica and keep the connection open, so a subscriber that is not on the current
   * master unsubscribes and the loop subscribes again there.
   */
  private void ping() {
    JedisPubSub listener = current;
    if (listener != null && listener.isSubscribed()) {
      try {
        if (!redis.address().equals(subscribedTo)) {
          LOG.info("Redis master moved; subscribing again on the new master");
          listener.punsubscribe();
          return;
        }
        listener.ping();
      } catch (RuntimeException e) {
        // The subscriber thread sees the broken connection and reconnects.
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @PreDestroy
  void close() {
    running = false;
    pinger.shutdownNow();
    JedisPubSub listener = current;
    if (listener != null && listener.isSubscribed()) {
      try {
        listener.punsubscribe();
      } catch (RuntimeException e) {
        // Connection already gone.
      }
    }
    subscriber.interrupt();
  }
}
