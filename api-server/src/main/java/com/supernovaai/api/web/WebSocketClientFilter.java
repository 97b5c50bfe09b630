package com.supernovaai.api.web;

import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ConditionalFilter;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Runs the {@link ClientCheck} for WebSocket handshakes, and hands the handshake back to its
 * connection's event loop afterwards.
 *
 * <p>Why: Micronaut 4.10.15 switches the connection to WebSocket frames (writes the 101, installs
 * its frame handler, removes the HTTP handler) on whichever thread the filter chain completed on.
 * Were that the blocking executor, as with {@code @ExecuteOn} on {@link ClientFilter}, a frame the
 * client sends right after {@code @OnOpen}'s first message can reach the HTTP handler first: {@code
 * ClassCastException} (TextWebSocketFrame to HttpRequest) and the frame is lost.
 * micronaut-projects/micronaut-core#11252; upstream fix #12528 (upgrade completed on the event
 * loop) is not in 4.10.37, the newest 4.10.x checked. This filter can go once the Micronaut in use
 * has it (WebSocketIT's eager pings then pass with {@code @ExecuteOn} on one filter for all).
 */
@ServerFilter("/ws/**")
@Order(ClientFilter.ORDER)
public class WebSocketClientFilter implements ConditionalFilter {

  private final ClientCheck check;
  private final ExecutorService blocking;

  public WebSocketClientFilter(
      ClientCheck check, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    this.check = check;
    this.blocking = blocking;
  }

  @Override
  public boolean isEnabled(HttpRequest<?> request) {
    return ClientCheck.isWebSocketHandshake(request);
  }

  /**
   * Called on the connection's event loop (no filter before this one leaves it), so the hop back is
   * queued behind this call and the rest of the chain always continues there. A refusal (429, 503)
   * fails the future with the exception its handler answers with.
   */
  @RequestFilter
  public CompletableFuture<HttpRequest<?>> filter(HttpRequest<?> request) {
    CompletableFuture<HttpRequest<?>> checked =
        CompletableFuture.supplyAsync(
            () -> {
              check.checkOrThrow(request);
              return request;
            },
            blocking);
    Executor eventLoop = eventLoop(request);
    return eventLoop == null ? checked : checked.thenApplyAsync(same -> same, eventLoop);
  }

  @ResponseFilter
  public void rateLimitHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
    ClientCheck.addRateLimitHeaders(request, response);
  }

  private static Executor eventLoop(HttpRequest<?> request) {
    return request instanceof NettyHttpRequest<?> netty
        ? netty.getChannelHandlerContext().channel().eventLoop()
        : null;
  }
}
