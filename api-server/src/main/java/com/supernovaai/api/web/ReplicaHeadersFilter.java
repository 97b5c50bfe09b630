package com.supernovaai.api.web;

import com.supernovaai.api.config.Settings;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Says on every response which replica served it ({@code X-SuperNova-Version}, {@code
 * X-SuperNova-Color}), so a client can attribute each response during a blue-green switch. While
 * draining, it also asks keep-alive clients to reconnect ({@code Connection: close}): a removed
 * endpoint only stops new connections, so a kept-alive connection would otherwise stay on this
 * replica until it stops accepting.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ReplicaHeadersFilter {

  public static final String VERSION = "X-SuperNova-Version";
  public static final String COLOR = "X-SuperNova-Color";

  private final String version;
  private final String color;
  private final Lifecycle lifecycle;

  public ReplicaHeadersFilter(Settings settings, Lifecycle lifecycle) {
    this.version = settings.version();
    this.color = settings.color();
    this.lifecycle = lifecycle;
  }

  @ResponseFilter
  public void addHeaders(MutableHttpResponse<?> response) {
    response.getHeaders().set(VERSION, version).set(COLOR, color);
    if (lifecycle.isDraining()) {
      response.getHeaders().set("Connection", "close");
    }
  }
}
