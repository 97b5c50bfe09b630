package com.supernovaai.api.auth;

import java.util.Set;

/** The authenticated caller, from a verified access token, with the roles the token carries. */
public record Principal(long userId, String username, Set<Role> roles) {

  public Principal {
    roles = Set.copyOf(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }
}
