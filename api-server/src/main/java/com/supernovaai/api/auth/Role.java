package com.supernovaai.api.auth;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an account may do. Roles do not imply each other: an ingest account that should also read
 * gets both {@code read} and {@code write}; an administrator manages accounts and nothing else.
 */
public enum Role {
  /** Read sentiment data and subscribe to its WebSocket. */
  READ,
  /** Ingest sentiment data. */
  WRITE,
  /** Create accounts and change their roles. */
  ADMIN;

  /** The name in tokens, the database and request bodies: {@code read}, {@code write}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role of an id, case-sensitive so that a stored or signed value has one spelling. */
  public static Optional<Role> fromId(String id) {
    for (Role role : values()) {
      if (role.id().equals(id)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** Known roles among ids; unknown ids (e.g. a role a newer release added) are ignored. */
  public static Set<Role> fromIds(Collection<String> ids) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (ids != null) {
      ids.forEach(id -> fromId(id).ifPresent(roles::add));
    }
    return roles;
  }
}
