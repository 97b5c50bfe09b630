package com.supernovaai.api.auth;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Optional;

/** Users by id and name (Micronaut Data; unnamed statements through PgBouncer). */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserRepository extends CrudRepository<User, Long> {

  Optional<User> findByUsername(String username);

  boolean existsByUsername(String username);

  /**
   * Replaces the roles of an account; {@code roleIds} is comma-separated role ids, a plain string
   * (named unlike the entity's property, whose array type Micronaut Data would bind it as). The
   * number of rows changed.
   */
  @Query("UPDATE users SET roles = string_to_array(:roleIds, ',') WHERE username = :username")
  long setRoles(String username, String roleIds);

  /**
   * Creates the configured administrator, or gives an existing account of that name this password
   * and the admin role (keeping its other roles); one statement, so replicas starting at once
   * agree.
   */
  @Query(
      "INSERT INTO users (username, password_hash, roles) VALUES (:username, :passwordHash,"
          + " ARRAY['admin']) ON CONFLICT (username) DO UPDATE SET password_hash ="
          + " EXCLUDED.password_hash, roles = CASE WHEN 'admin' = ANY(users.roles) THEN"
          + " users.roles ELSE array_append(users.roles, 'admin') END")
  void upsertAdmin(String username, String passwordHash);
}
