package com.supernovaai.api.schema;

import java.sql.SQLException;
import java.util.Set;

/**
 * The one line the operator reads from the container's termination message when a migration fails
 * (docs/image-contract.md): {@code migration failed: } + which migration + the database error class
 * and SQLState. Built from the migration's identity and the exception chain only, so it never holds
 * a URL or a password; a pure function, unit tested.
 */
public final class MigrationFailure {

  /** What every termination message of a failed migration starts with: a contract. */
  public static final String PREFIX = "migration failed: ";

  /** Longer messages are cut: the operator copies this into a status message. */
  static final int MAX_LENGTH = 512;

  /**
   * SQLStates that say "try again later", not "this migration is wrong": connection trouble (08),
   * the server going down (57P01-57P03), too many connections (53300), lock and serialization
   * conflicts. Such failures stop start-up like any other (exit 1, the pod restarts and retries);
   * they must not abort a rollout.
   */
  private static final Set<String> TRANSIENT =
      Set.of("57P01", "57P02", "57P03", "53300", "55P03", "40001", "40P01");

  private MigrationFailure() {}

  /**
   * The termination message for a migration that failed with {@code error}: {@code version} is null
   * for repeatable migrations.
   */
  public static String describe(String version, String description, Throwable error) {
    String which =
        (version == null ? "repeatable migration" : "version " + version)
            + " ("
            + description
            + ")";
    SQLException sql = sqlCause(error);
    String cause;
    if (sql != null) {
      cause =
          sql.getClass().getSimpleName()
              + " SQLState "
              + sql.getSQLState()
              + ": "
              + firstLine(sql.getMessage());
    } else {
      Throwable root = root(error);
      cause = root.getClass().getSimpleName() + ": " + firstLine(root.getMessage());
    }
    return cut(PREFIX + which + ": " + redact(cause));
  }

  /** The termination message when the applied migrations do not match this image's. */
  public static String validation(Throwable error) {
    String details =
        error.getMessage() == null
            ? ""
            : String.join(
                "; ",
                error
                    .getMessage()
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("Need more flexibility"))
                    .limit(3)
                    .toList());
    return cut(PREFIX + "validation: " + redact(details));
  }

  /** Whether a failed migration may succeed when simply tried again (see {@link #TRANSIENT}). */
  public static boolean isTransient(Throwable error) {
    SQLException sql = sqlCause(error);
    String state = sql == null ? null : sql.getSQLState();
    return state != null && (state.startsWith("08") || TRANSIENT.contains(state));
  }

  private static SQLException sqlCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  private static Throwable root(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("").strip();
  }

  /** Belt and braces: driver messages may quote a URL or a connection string. */
  private static String redact(String text) {
    return text.replaceAll("(?i)(password=)[^&\\s]*", "$1***")
        .replaceAll("://[^/@\\s]*@", "://***@");
  }

  private static String cut(String line) {
    return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
  }
}
