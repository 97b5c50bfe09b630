package com.supernovaai.api.web;

import com.supernovaai.api.auth.Principal;
import com.supernovaai.api.auth.Role;
import io.micronaut.core.annotation.Nullable;

/**
 * What a matched route asks of its caller, and the decision for one caller. Pure, so every case is
 * a unit test; {@link AccessFilter} applies it.
 */
public record AccessRule(@Nullable Role required, boolean anonymous) {

  /** A route without an annotation: nobody may call it. */
  public static final AccessRule UNDECLARED = new AccessRule(null, false);

  /** The outcome for a caller. */
  public enum Decision {
    ALLOW,
    /** No valid token on a route that needs one: 401. */
    UNAUTHENTICATED,
    /** A valid token without the role, or a route that declares no rule: 403. */
    FORBIDDEN
  }

  /** Both annotations on one route: the role wins, so a mistake can only close a route. */
  public static AccessRule of(@Nullable Role required, boolean anonymous) {
    return new AccessRule(required, required == null && anonymous);
  }

  public Decision decide(@Nullable Principal principal) {
    if (anonymous) {
      return Decision.ALLOW;
    }
    if (required == null) {
      return Decision.FORBIDDEN;
    }
    if (principal == null) {
      return Decision.UNAUTHENTICATED;
    }
    return principal.has(required) ? Decision.ALLOW : Decision.FORBIDDEN;
  }
}
