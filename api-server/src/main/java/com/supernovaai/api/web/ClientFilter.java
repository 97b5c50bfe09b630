package com.supernovaai.api.web;

import com.supernovaai.api.auth.Principal;
import com.supernovaai.api.auth.TokenService;
import com.supernovaai.api.config.Settings;
import com.supernovaai.api.redis.RateLimiter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Set;

/**
 * Identifies the client (its address, through trusted proxies only, and the user of a valid access
 * token) and charges the shared rate limits; {@link AccessFilter} then decides from the matched
 * route whether the caller may call it. Probes, metrics and version are exempt so that a busy
 * client can never make a replica look unhealthy.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(ClientFilter.ORDER)
public class ClientFilter {

  static final int ORDER = 100;

  /** Request attribute holding the authenticated {@link Principal}. */
  public static final String PRINCIPAL = "supernova.principal";

  /** Request attribute holding why a presented token was refused (the 401's message). */
  public static final String AUTH_ERROR = "supernova.auth-error";

  /** Request attribute: the client's address bucket ({@link RateLimiter#addressKey}). */
  public static final String CLIENT_ADDRESS = "supernova.client-address";

  private static final String DECISION = "supernova.ratelimit";
  private static final Set<String> EXEMPT =
      Set.of("/health", "/health/ready", "/metrics", "/version");

  private final TokenService tokens;
  private final RateLimiter limiter;
  private final TrustedProxies proxies;

  public ClientFilter(TokenService tokens, RateLimiter limiter, Settings settings) {
    this.tokens = tokens;
    this.limiter = limiter;
    this.proxies = settings.limits().trustedProxies();
  }

  /** The client's address bucket as {@link ClientFilter} found it. */
  public static String clientAddress(HttpRequest<?> request) {
    return request
        .getAttribute(CLIENT_ADDRESS, String.class)
        .orElseGet(() -> RateLimiter.addressKey(request.getRemoteAddress().getAddress()));
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable
  public HttpResponse<?> filter(HttpRequest<?> request) {
    String path = request.getPath();
    if (EXEMPT.contains(path)) {
      return null;
    }
    // A token in the URL is accepted on the WebSocket handshake only (browsers cannot set headers).
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
    request.setAttribute(CLIENT_ADDRESS, address);
    RateLimiter.Decision decision =
        limiter.request(address, principal != null ? principal.userId() : null);
    request.setAttribute(DECISION, decision);
    if (!decision.allowed()) {
      return SecurityHeadersFilter.apply(RateLimitedException.response(decision));
    }
    if (principal != null) {
      request.setAttribute(PRINCIPAL, principal);
    } else {
      request.setAttribute(AUTH_ERROR, authError);
    }
    return null;
  }

  private static boolean isWebSocketHandshake(HttpRequest<?> request) {
    return request.getPath().startsWith("/ws/")
        && "websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeaders.UPGRADE));
  }

  @ResponseFilter
  public void rateLimitHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
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
