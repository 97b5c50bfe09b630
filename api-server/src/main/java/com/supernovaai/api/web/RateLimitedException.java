package com.supernovaai.api.web;

import com.supernovaai.api.redis.RateLimiter;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A request refused by a rate limit (429 with {@code Retry-After}), or because the limit cannot be
 * checked while Redis is down and the route fails closed (503, also with {@code Retry-After}).
 */
public class RateLimitedException extends ApiException {

  private final transient RateLimiter.Decision decision;

  public RateLimitedException(RateLimiter.Decision decision) {
    super(status(decision), code(decision), null, message(decision));
    this.decision = decision;
  }

  /** Throws when the decision refuses the request. */
  public static void check(RateLimiter.Decision decision) {
    if (!decision.allowed()) {
      throw new RateLimitedException(decision);
    }
  }

  /** The refusal as a response, for filters that answer without an exception. */
  public static MutableHttpResponse<ApiError> response(RateLimiter.Decision decision) {
    MutableHttpResponse<ApiError> response =
        HttpResponse.<ApiError>status(status(decision))
            .body(new ApiError(code(decision), null, message(decision)))
            .header(HttpHeaders.RETRY_AFTER, String.valueOf(decision.retryAfterSeconds()));
    if (!decision.unavailable() && decision.limit() != null) {
      response.header("X-RateLimit-Limit", String.valueOf(decision.limit().perHour()));
      response.header("X-RateLimit-Remaining", "0");
    }
    return response;
  }

  private static HttpStatus status(RateLimiter.Decision decision) {
    return decision.unavailable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.TOO_MANY_REQUESTS;
  }

  private static String code(RateLimiter.Decision decision) {
    return decision.unavailable() ? "rate_limit_unavailable" : "rate_limited";
  }

  private static String message(RateLimiter.Decision decision) {
    return decision.unavailable()
        ? "rate limit cannot be checked, retry in " + decision.retryAfterSeconds() + " s"
        : "rate limit exceeded, retry in " + decision.retryAfterSeconds() + " s";
  }

  /** Maps the exception to {@link #response}; more specific than the {@link ApiException} one. */
  @Singleton
  @Produces
  @Requires(classes = RateLimitedException.class)
  public static class Handler
      implements ExceptionHandler<RateLimitedException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, RateLimitedException exception) {
      return response(exception.decision);
    }
  }
}
