package com.supernovaai.api.web;

import com.supernovaai.api.auth.Principal;
import com.supernovaai.api.auth.TokenService;
import com.supernovaai.api.config.Settings;
import com.supernovaai.api.redis.RateLimiter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Identifies the client of a request (its address, through trusted proxies only, and the user of a
 * valid access token) and charges the shared rate limits. Blocking (Redis): the filters that call
 * it run it on the blocking executor.
 */
@Singleton
public class ClientCheck {

  static final String DECISION = "supernova.ratelimit";
  private static final Set<String> EXEMPT =
      Set.of("/health", "/health/ready", "/metrics", "/version");

  private final TokenService tokens;
  private final RateLimiter limiter;
  private final TrustedProxies proxies;

  public ClientCheck(TokenService tokens, RateLimiter limiter, Settings settings) {
    this.tokens = tokens;
    this.limiter = limiter;
    this.proxies = settings.limits().trustedProxies();
  }

  /** A WebSocket handshake on one of our {@code /ws/} routes. */
  public static boolean isWebSocketHandshake(HttpRequest<?> request) {
    return request.getPath().startsWith("/ws/")
        && "websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeaders.UPGRADE));
  }

  /**
   * Records the client on the request's attributes; returns the refusal (429) to send instead of
   * the request, or null to let it through.
   */
  @Nullable
  public HttpResponse<?> check(HttpRequest<?> request) {
    RateLimiter.Decision refused = decide(request);
    return refused == null
        ? null
        : SecurityHeadersFilter.apply(RateLimitedException.response(refused));
  }

  /** Records the client on the request's attributes; the decision if it refuses the request. */
  @Nullable
  private RateLimiter.Decision decide(HttpRequest<?> request) {
    String path = request.getPath();
    if (EXEMPT.contains(path)) {
      return null;
    }
    // A handshake may carry its token as a subprotocol (browsers cannot set headers on one).
    String token =
        isWebSocketHandshake(request)
            ? TokenService.webSocketToken(request)
            : TokenService.bearerToken(request);
    Principal principal = null;
    ApiException authError = null;
    try {
      principal = tokens.verifyAccess(token);
    } catch (ApiException e) {
      authError = e;
    }
    String address =
        RateLimiter.addressKey(
            proxies.clientAddress(
                request.getRemoteAddress().getAddress(),
                request.getHeaders().getAll("X-Forwarded-For")));
    request.setAttribute(ClientFilter.CLIENT_ADDRESS, address);
    RateLimiter.Decision decision =
        limiter.request(address, principal != null ? principal.userId() : null);
    request.setAttribute(DECISION, decision);
    if (!decision.allowed()) {
      return decision;
    }
    if (principal != null) {
      request.setAttribute(ClientFilter.PRINCIPAL, principal);
    } else {
      request.setAttribute(ClientFilter.AUTH_ERROR, authError);
    }
    return null;
  }

  /** {@link #check}, the refusal thrown as the {@link RateLimitedException} it stands for. */
  public void checkOrThrow(HttpRequest<?> request) {
    RateLimiter.Decision refused = decide(request);
    if (refused != null) {
      throw new RateLimitedException(refused);
    }
  }

  /** The rate-limit headers of the decision {@link #check} took, on an allowed request. */
  public static void addRateLimitHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
    request
        .getAttribute(DECISION, RateLimiter.Decision.class)
        .filter(d -> d.allowed() && d.limit() != null && d.remaining() >= 0)
        .ifPresent(
            d -> {
              response.header("X-RateLimit-Limit", String.valueOf(d.limit().perHour()));
              response.header("X-RateLimit-Remaining", String.valueOf(d.remaining()));
            });
  }
}
