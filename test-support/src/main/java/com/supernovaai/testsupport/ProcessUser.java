package com.supernovaai.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The unprivileged account the servers run as. PostgreSQL and PgBouncer refuse to run as root, so
 * when the tests run as root the commands are wrapped in {@code setpriv} (it execs, so the child is
 * the server itself and signals reach it) and the temp dirs are handed to that account.
 */
final class ProcessUser {

  private static final boolean ROOT = "0".equals(uid());
  private static final String USER =
      ROOT ? System.getProperty("supernova.test.user", pickUser()) : null;
  private static final String GID =
      ROOT
          ? Processes.run(List.of("id", "-g", USER), Duration.ofSeconds(10)).output().trim()
          : null;

  private ProcessUser() {}

  static boolean isRoot() {
    return ROOT;
  }

  /** Wraps a command so that it runs unprivileged. */
  static List<String> wrap(List<String> command) {
    if (!ROOT) {
      return command;
    }
    List<String> wrapped = new ArrayList<>();
    wrapped.add("setpriv");
    wrapped.add("--reuid=" + USER);
    wrapped.add("--regid=" + GID);
    wrapped.add("--init-groups");
    wrapped.add("--reset-env");
    wrapped.add("--");
    wrapped.addAll(command);
    return wrapped;
  }

  /**
   * Wraps a command so that it runs unprivileged with the caller's environment (which {@link #wrap}
   * resets): for servers whose child processes read settings from it, e.g. an archive_command
   * reading object store credentials.
   */
  static List<String> wrapKeepingEnvironment(List<String> command) {
    if (!ROOT) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(wrap(command));
    wrapped.remove("--reset-env");
    return wrapped;
  }

  /** Hands a directory (recursively) to the unprivileged account. */
  static void own(Path dir) {
    if (ROOT) {
      Processes.run(
          List.of("chown", "-R", USER + ":" + GID, dir.toString()), Duration.ofSeconds(30));
    }
  }

  private static String pickUser() {
    for (String candidate : List.of("postgres", "nobody")) {
      if (Processes.runAllowingFailure(List.of("id", "-u", candidate), Duration.ofSeconds(10))
              .exitCode()
          == 0) {
        return candidate;
      }
    }
    throw new IllegalStateException("running as root but no unprivileged user (postgres, nobody)");
  }

  private static String uid() {
    return Processes.runAllowingFailure(List.of("id", "-u"), Duration.ofSeconds(10))
        .output()
        .trim();
  }
}
