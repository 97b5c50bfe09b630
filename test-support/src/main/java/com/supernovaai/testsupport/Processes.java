package com.supernovaai.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Small process, port and file helpers shared by the local server launchers. */
public final class Processes {

  private Processes() {}

  /** Output and exit code of a finished command. */
  public record Result(int exitCode, String output) {}

  /** A loopback port that was free a moment ago. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }

  /** Whether something accepts TCP connections on 127.0.0.1:port. */
  public static boolean isListening(int port) {
    return isListening("127.0.0.1", port);
  }

  /** Whether something accepts TCP connections on host:port. */
  public static boolean isListening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until 127.0.0.1:port accepts connections, or fails with the given log excerpt. */
  public static void awaitListening(int port, Duration timeout, Process process, Path log) {
    awaitListening("127.0.0.1", port, timeout, process, log);
  }

  /** Waits until host:port accepts connections, or fails with the given log excerpt. */
  public static void awaitListening(
      String host, int port, Duration timeout, Process process, Path log) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (isListening(host, port)) {
        return;
      }
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException(
            "process exited with "
                + process.exitValue()
                + " before listening on "
                + port
                + tail(log));
      }
      sleep(50);
    }
    throw new IllegalStateException(
        "nothing listening on port " + port + " after " + timeout + tail(log));
  }

  /** Waits until nothing listens on 127.0.0.1:port any more. */
  public static void awaitClosed(int port, Duration timeout) {
    awaitClosed("127.0.0.1", port, timeout);
  }

  /** Waits until nothing listens on host:port any more. */
  public static void awaitClosed(String host, int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && isListening(host, port)) {
      sleep(50);
    }
  }

  /** Runs a command to completion; fails with its output when it exits non-zero. */
  public static Result run(List<String> command, Duration timeout) {
    Result result = runAllowingFailure(command, timeout);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "command failed (" + result.exitCode() + "): " + command + "\n" + result.output());
    }
    return result;
  }

  /**
   * Runs a command to completion with extra environment variables (kept off the command line, so
   * that failure messages never show their values).
   */
  public static Result run(List<String> command, Map<String, String> env, Duration timeout) {
    Result result = runAllowingFailure(command, env, timeout);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "command failed (" + result.exitCode() + "): " + command + "\n" + result.output());
    }
    return result;
  }

  /** Runs a command to completion and returns its exit code and merged output. */
  public static Result runAllowingFailure(List<String> command, Duration timeout) {
    return runAllowingFailure(command, Map.of(), timeout);
  }

  /** As {@link #runAllowingFailure(List, Duration)}, with extra environment variables. */
  public static Result runAllowingFailure(
      List<String> command, Map<String, String> env, Duration timeout) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      byte[][] out = new byte[1][];
      Thread reader =
          new Thread(
              () -> {
                try (InputStream in = process.getInputStream()) {
                  out[0] = in.readAllBytes();
                } catch (IOException e) {
                  out[0] = new byte[0];
                }
              });
      reader.setDaemon(true);
      reader.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("command timed out after " + timeout + ": " + command);
      }
      reader.join(5_000);
      String output = out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8);
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  /** Last lines of a log file, for failure messages. */
  public static String tail(Path log) {
    if (log == null || !Files.exists(log)) {
      return "";
    }
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "\n--- "
          + log
          + " (tail) ---\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /** Deletes a directory tree, ignoring what is already gone. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // Best effort: a leftover temp dir must not fail a test run.
    }
  }

  /** Finds the newest installed binary matching e.g. /usr/lib/postgresql/VERSION/bin/NAME. */
  public static Path postgresBinary(String name) {
    String override = System.getenv("PG_BIN_DIR");
    if (override != null && !override.isBlank()) {
      return Path.of(override, name);
    }
    Path root = Path.of("/usr/lib/postgresql");
    try (Stream<Path> versions = Files.list(root)) {
      List<Path> candidates = new ArrayList<>();
      versions
          .map(v -> v.resolve("bin").resolve(name))
          .filter(Files::isExecutable)
          .forEach(candidates::add);
      return candidates.stream()
          .max(Comparator.comparingInt(Processes::majorVersion))
          .orElseThrow(() -> missing(name));
    } catch (IOException e) {
      throw missing(name);
    }
  }

  private static int majorVersion(Path binary) {
    try {
      return Integer.parseInt(binary.getParent().getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static IllegalStateException missing(String what) {
    return new IllegalStateException(
        what
            + " is not installed: run scripts/install-test-deps.sh (Debian packages postgresql, redis-server, pgbouncer)");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
