package com.supernovaai.api.ws;

import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * Ends a WebSocket session when the access token it was opened with expires: the token was checked
 * once, at the handshake, so without this a session would outlive its token (and a logout) for
 * ever. The client reconnects with a fresh token.
 */
@Singleton
public class SessionExpiry {

  /** 1008 policy violation: the client must not simply retry with the same token. */
  static final CloseReason EXPIRED = new CloseReason(1008, "access token expired");

  private static final String TIMER = "supernova.expiry";

  private final TaskScheduler scheduler;
  private final Clock clock = Clock.systemUTC();

  public SessionExpiry(@Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
    this.scheduler = scheduler;
  }

  public void closeAt(WebSocketSession session, Instant expiresAt) {
    Duration left = Duration.between(clock.instant(), expiresAt);
    ScheduledFuture<?> timer =
        scheduler.schedule(
            left.isNegative() ? Duration.ZERO : left,
            () -> {
              if (session.isOpen()) {
                session.close(EXPIRED);
              }
            });
    session.put(TIMER, timer);
  }

  /** The session closed first: drop its timer, so closed sessions are not kept until expiry. */
  public void cancel(WebSocketSession session) {
    session.get(TIMER, ScheduledFuture.class).ifPresent(timer -> timer.cancel(false));
  }
}
