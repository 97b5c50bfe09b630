package com.supernovaai.api.web;

import com.supernovaai.api.auth.Principal;
import com.supernovaai.api.redis.RateLimiter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ConditionalFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Runs the {@link ClientCheck} (who the client is, and the shared rate limits) on every HTTP
 * request; {@link AccessFilter} then decides from the matched route whether the caller may call it.
 * Probes, metrics and version are exempt so that a busy client can never make a replica look
 * unhealthy. WebSocket handshakes go through {@link WebSocketClientFilter} instead.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(ClientFilter.ORDER)
public class ClientFilter implements ConditionalFilter {

  static final int ORDER = 100;

  /** Request attribute holding the authenticated {@link Principal}. */
  public static final String PRINCIPAL = "supernova.principal";

  /** Request attribute holding why a presented token was refused (the 401's message). */
  public static final String AUTH_ERROR = "supernova.auth-error";

  /** Request attribute: the client's address bucket ({@link RateLimiter#addressKey}). */
  public static final String CLIENT_ADDRESS = "supernova.client-address";

  private final ClientCheck check;

  public ClientFilter(ClientCheck check) {
    this.check = check;
  }

  /** The client's address bucket as {@link ClientCheck} found it. */
  public static String clientAddress(HttpRequest<?> request) {
    return request
        .getAttribute(CLIENT_ADDRESS, String.class)
        .orElseGet(() -> RateLimiter.addressKey(request.getRemoteAddress().getAddress()));
  }

  @Override
  public boolean isEnabled(HttpRequest<?> request) {
    return !ClientCheck.isWebSocketHandshake(request);
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable
  public HttpResponse<?> filter(HttpRequest<?> request) {
    return check.check(request);
  }

  @ResponseFilter
  public void rateLimitHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
    ClientCheck.addRateLimitHeaders(request, response);
  }
}
