package com.supernovaai.api.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** A row of the users table; only the bcrypt hash of the password is ever stored. */
@MappedEntity("users")
public record User(
    @Id @GeneratedValue(GeneratedValue.Type.IDENTITY) @Nullable Long id,
    String username,
    String passwordHash,
    @TypeDef(type = DataType.STRING_ARRAY) String[] roles,
    @DateCreated @Nullable Instant createdAt) {

  /** A new account with these roles. */
  public static User create(String username, String passwordHash, Collection<Role> roles) {
    return new User(null, username, passwordHash, ids(roles), null);
  }

  /** The roles as stored, in {@link Role} order (the database checks they are known ids). */
  public static String[] ids(Collection<Role> roles) {
    return Role.fromIds(roles.stream().map(Role::id).toList()).stream()
        .map(Role::id)
        .toArray(String[]::new);
  }

  public Set<Role> roleSet() {
    return Role.fromIds(roles == null ? List.of() : Arrays.asList(roles));
  }

  public List<String> roleIds() {
    return roleSet().stream().map(Role::id).toList();
  }

  @Override
  public String toString() {
    return "User[id=" + id + ", username=" + username + ", roles=" + roleIds() + "]";
  }
}
