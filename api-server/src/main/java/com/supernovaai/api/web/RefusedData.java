package com.supernovaai.api.web;

import io.micronaut.http.HttpStatus;
import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * SQL errors that are the request's fault, not the database's: PostgreSQL refused the data
 * (SQLState class 23, integrity constraint, or 22, data exception). The request validation should
 * catch such data first; this is the backstop for what it does not know (a constraint added by a
 * DBA or by the other color's migration), so that clients get a 4xx and retry nothing, rather than
 * 503 {@code database_unavailable} with a Retry-After and a replica that looks broken.
 */
public final class RefusedData {

  /** The answer to give: status and body. */
  public record Refusal(HttpStatus status, ApiError error, String sqlState) {}

  private RefusedData() {}

  /** The refusal in {@code e}'s causes (and batch next-exceptions), if any. */
  public static Optional<Refusal> of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException s = sql; s != null; s = s.getNextException()) {
          Optional<Refusal> refusal = refusal(s);
          if (refusal.isPresent()) {
            return refusal;
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refusal(SQLException e) {
    String state = e.getSQLState();
    if (state == null || state.length() != 5) {
      return Optional.empty();
    }
    ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
    // Names of the schema, never the server's message text (it may quote the refused values).
    String column = server == null ? null : server.getColumn();
    String constraint = server == null ? null : server.getConstraint();
    if (state.startsWith("23")) {
      return Optional.of(
          new Refusal(
              HttpStatus.CONFLICT,
              new ApiError(
                  "constraint_violation",
                  column,
                  "the data violates "
                      + (constraint == null
                          ? "a database constraint"
                          : "the database constraint " + constraint)),
              state));
    }
    if (state.startsWith("22")) {
      return Optional.of(
          new Refusal(
              HttpStatus.BAD_REQUEST,
              new ApiError(
                  "invalid_value", column, "a value is outside what the database can store"),
              state));
    }
    return Optional.empty();
  }
}
