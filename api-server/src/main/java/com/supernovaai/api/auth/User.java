package com.supernovaai.api.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of the users table; only the bcrypt hash of the password is ever stored. */
@MappedEntity("users")
public record User(
    @Id @GeneratedValue(GeneratedValue.Type.IDENTITY) @Nullable Long id,
    String username,
    String passwordHash,
    @DateCreated @Nullable Instant createdAt) {

  @Override
  public String toString() {
    return "User[id=" + id + ", username=" + username + "]";
  }
}
