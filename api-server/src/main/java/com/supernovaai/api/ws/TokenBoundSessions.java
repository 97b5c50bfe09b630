package com.supernovaai.api.ws;

import com.supernovaai.api.auth.RevokedFamilies;
import com.supernovaai.api.auth.TokenService;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * Ends a WebSocket session when the access token it was opened with expires, or when that token's
 * family is revoked (logout, reuse): the token is checked once, at the handshake, so without this a
 * session would outlive its token for ever. The client reconnects with a fresh token.
 */
@Singleton
public class TokenBoundSessions {

  /** 1008 policy violation: the client must not simply retry with the same token. */
  static final CloseReason EXPIRED = new CloseReason(1008, "access token expired");

  static final CloseReason REVOKED = new CloseReason(1008, "access token revoked");

  private static final String TIMER = "supernova.expiry";

  private final TaskScheduler scheduler;
  private final RevokedFamilies revoked;
  private final Map<WebSocketSession, UUID> families = new ConcurrentHashMap<>();
  private final Clock clock = Clock.systemUTC();

  public TokenBoundSessions(
      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler, RevokedFamilies revoked) {
    this.scheduler = scheduler;
    this.revoked = revoked;
  }

  /** Binds an open session to the token of its handshake. */
  public void bind(WebSocketSession session, TokenService.AccessClaims token) {
    Duration left = Duration.between(clock.instant(), token.expiresAt());
    ScheduledFuture<?> timer =
        scheduler.schedule(left.isNegative() ? Duration.ZERO : left, () -> close(session, EXPIRED));
    session.put(TIMER, timer);
    if (token.family() != null) {
      families.put(session, token.family());
    }
  }

  /** The session closed: drop its timer, so closed sessions are not kept until expiry. */
  public void release(WebSocketSession session) {
    session.get(TIMER, ScheduledFuture.class).ifPresent(timer -> timer.cancel(false));
    families.remove(session);
  }

  /** Closes the sessions of revoked families; the deny list is in memory, so this is cheap. */
  @Scheduled(fixedDelay = "1s")
  void closeRevoked() {
    families.forEach(
        (session, family) -> {
          if (revoked.isRevoked(family)) {
            close(session, REVOKED);
            families.remove(session);
          }
        });
  }

  private static void close(WebSocketSession session, CloseReason reason) {
    if (session.isOpen()) {
      session.close(reason);
    }
  }
}
