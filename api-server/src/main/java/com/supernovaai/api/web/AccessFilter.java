package com.supernovaai.api.web;

import com.supernovaai.api.auth.Anonymous;
import com.supernovaai.api.auth.Principal;
import com.supernovaai.api.auth.RequiresRole;
import com.supernovaai.api.auth.Role;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import java.util.Optional;

/**
 * Checks the role of the matched route ({@link RequiresRole}, {@link Anonymous}) against the caller
 * that {@link ClientFilter} authenticated. The rule comes from the route Micronaut matched, never
 * from the path string, so {@code //api/...} or percent-encoded spellings meet the same check as
 * the canonical path; a request that matches no route runs no code (404/405).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(ClientFilter.ORDER + 10)
public class AccessFilter {

  @RequestFilter
  @Nullable
  public HttpResponse<?> filter(HttpRequest<?> request) {
    Optional<RouteMatch<?>> route = RouteAttributes.getRouteMatch(request);
    if (route.isEmpty()) {
      return null;
    }
    AccessRule rule = rule(route.get().getAnnotationMetadata());
    Principal principal =
        request.getAttribute(ClientFilter.PRINCIPAL, Principal.class).orElse(null);
    return switch (rule.decide(principal)) {
      case ALLOW -> null;
      case UNAUTHENTICATED ->
          SecurityHeadersFilter.apply(HttpResponse.status(HttpStatus.UNAUTHORIZED))
              .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
              .body(
                  request
                      .getAttribute(ClientFilter.AUTH_ERROR, ApiException.class)
                      .orElseGet(() -> ApiException.unauthorized("missing access token"))
                      .toError());
      case FORBIDDEN ->
          SecurityHeadersFilter.apply(HttpResponse.status(HttpStatus.FORBIDDEN))
              .body(new ApiError("forbidden", null, forbiddenMessage(rule)));
    };
  }

  /** The rule of a route, from its annotations (the method's, then its controller's). */
  public static AccessRule rule(AnnotationMetadata metadata) {
    Role required = metadata.enumValue(RequiresRole.class, Role.class).orElse(null);
    return AccessRule.of(required, metadata.hasAnnotation(Anonymous.class));
  }

  private static String forbiddenMessage(AccessRule rule) {
    return rule.required() == null
        ? "this route is not open to any role"
        : "this route needs the '" + rule.required().id() + "' role";
  }
}
