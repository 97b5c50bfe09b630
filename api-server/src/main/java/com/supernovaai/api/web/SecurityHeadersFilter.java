package com.supernovaai.api.web;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/** Security headers on every response, errors included. */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SecurityHeadersFilter {

  @ResponseFilter
  public void addHeaders(MutableHttpResponse<?> response) {
    apply(response);
  }

  /** Also used by filters that answer a request themselves (401, 429). */
  public static <T> MutableHttpResponse<T> apply(MutableHttpResponse<T> response) {
    MutableHttpHeaders headers = response.getHeaders();
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("Cross-Origin-Resource-Policy", "same-origin");
    if (!headers.contains("Cache-Control")) {
      headers.set("Cache-Control", "no-store");
    }
    return response;
  }
}
