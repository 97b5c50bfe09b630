package com.supernovaai.operator.proof;

import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a container the operator renders (a backup, restore or drill Job's) as a local process: the
 * scripts ConfigMap is written to a directory standing in for the /scripts mount, the command and
 * its literal env are taken as rendered, Secret references are resolved from the given values, and
 * only the cluster-specific env (database address, backup directory) is overridden; an override
 * with a null value removes the variable.
 */
final class ScriptRun {

  /** Exit code, merged output and the termination message the script left. */
  record Result(int exitCode, String output, String terminationMessage) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n" + output + "\ntermination message: " + terminationMessage;
    }
  }

  /**
   * A script still running, in a session of its own: {@link #killGroup()} kills it and every
   * process it started, as the kubelet does when it kills a pod.
   */
  static final class Started {
    private final Process process;
    private final Path termination;
    private final CompletableFuture<String> output;
    private final List<String> command;

    private Started(Process process, Path termination, List<String> command) {
      this.process = process;
      this.termination = termination;
      this.command = command;
      this.output =
          CompletableFuture.supplyAsync(
              () -> {
                try (InputStream in = process.getInputStream()) {
                  return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                  return "";
                }
              });
    }

    Process process() {
      return process;
    }

    /** SIGKILL to the script's whole process group. */
    void killGroup() {
      try {
        new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid())
            .redirectErrorStream(true)
            .start()
            .waitFor(10, TimeUnit.SECONDS);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    Result await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          killGroup();
          throw new IllegalStateException(
              "script timed out: " + command + "\n" + output.getNow("(output not read)"));
        }
        String text = output.get(30, TimeUnit.SECONDS);
        String message = Files.readString(termination).trim();
        Files.deleteIfExists(termination);
        return new Result(process.exitValue(), text, message);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("cannot read the output of " + command, e);
      }
    }
  }

  private final Path scripts;
  private final String user;

  private ScriptRun(Path scripts, String user) {
    this.scripts = scripts;
    this.user = user;
  }

  /** Writes the rendered ConfigMap data to {@code dir}, executable like the 0555 mount. */
  static ScriptRun mount(Map<String, String> configMapData, Path dir) {
    try {
      Files.createDirectories(dir);
      for (var entry : configMapData.entrySet()) {
        Path file = dir.resolve(entry.getKey());
        Files.writeString(file, entry.getValue(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-xr-xr-x"));
      }
      return new ScriptRun(dir, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The same scripts run as an unprivileged account when the tests run as root, as the Job's pod
   * runs them as the image's postgres user (initdb and postgres refuse to run as root).
   */
  ScriptRun unprivileged() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return this;
    }
    return new ScriptRun(scripts, UNPRIVILEGED);
  }

  /** The account {@link #unprivileged()} runs as, or null when the tests are not root. */
  static String unprivilegedUser() {
    return "root".equals(System.getProperty("user.name")) ? UNPRIVILEGED : null;
  }

  private static final String UNPRIVILEGED = "postgres";

  /**
   * The shell standing in for the image's /bin/sh (Debian's is dash, Alpine's busybox): e.g.
   * SUPERNOVA_TEST_SH="busybox sh" runs the scripts as an Alpine-based image would.
   */
  private static final String SHELL = System.getenv("SUPERNOVA_TEST_SH");

  Result run(
      Container container,
      Map<String, String> secretValues,
      Map<String, String> overrides,
      String... extraArgs) {
    return start(container, secretValues, overrides, extraArgs).await(Duration.ofMinutes(10));
  }

  Started start(
      Container container,
      Map<String, String> secretValues,
      Map<String, String> overrides,
      String... extraArgs) {
    List<String> command = new ArrayList<>();
    if (user != null) {
      command.addAll(
          List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--"));
    }
    // A session of its own, so that killGroup() reaches every process the script started.
    command.add("setsid");
    for (String part : container.getCommand()) {
      if ("/bin/sh".equals(part) && SHELL != null) {
        command.addAll(List.of(SHELL.trim().split("\\s+")));
      } else {
        command.add(
            part.startsWith("/scripts/") ? scripts.resolve(part.substring(9)).toString() : part);
      }
    }
    if (container.getArgs() != null) {
      command.addAll(container.getArgs());
    }
    command.addAll(List.of(extraArgs));
    Map<String, String> env = new HashMap<>();
    for (var e : container.getEnv()) {
      if (e.getValue() != null) {
        env.put(e.getName(), e.getValue());
      } else if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        var ref = e.getValueFrom().getSecretKeyRef();
        String value = secretValues.get(ref.getName() + "/" + ref.getKey());
        if (value == null) {
          throw new IllegalArgumentException(
              "no test value for Secret " + ref.getName() + "/" + ref.getKey());
        }
        env.put(e.getName(), value);
      }
    }
    env.putAll(overrides);
    env.values().removeIf(java.util.Objects::isNull);
    try {
      Path termination = Files.createTempFile("termination-", ".log");
      // Writable by the unprivileged account too, as /dev/termination-log is in a pod.
      Files.setPosixFilePermissions(termination, PosixFilePermissions.fromString("rw-rw-rw-"));
      env.put("TERMINATION_LOG", termination.toString());
      var builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().clear();
      builder.environment().put("PATH", System.getenv("PATH"));
      builder.environment().put("HOME", System.getProperty("java.io.tmpdir"));
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      return new Started(process, termination, command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
