package com.supernovaai.operator.proof;

import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a container the operator renders (a backup, restore or drill Job's) as a local process: the
 * scripts ConfigMap is written to a directory standing in for the /scripts mount, the command and
 * its literal env are taken as rendered, Secret references are resolved from the given values, and
 * only the cluster-specific env (database address, backup directory) is overridden.
 */
final class ScriptRun {

  /** Exit code, merged output and the termination message the script left. */
  record Result(int exitCode, String output, String terminationMessage) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n" + output + "\ntermination message: " + terminationMessage;
    }
  }

  private final Path scripts;

  private ScriptRun(Path scripts) {
    this.scripts = scripts;
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
      return new ScriptRun(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Result run(
      Container container,
      Map<String, String> secretValues,
      Map<String, String> overrides,
      String... extraArgs) {
    List<String> command = new ArrayList<>();
    for (String part : container.getCommand()) {
      command.add(
          part.startsWith("/scripts/") ? scripts.resolve(part.substring(9)).toString() : part);
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
    try {
      Path termination = Files.createTempFile("termination-", ".log");
      env.put("TERMINATION_LOG", termination.toString());
      var builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().clear();
      builder.environment().put("PATH", System.getenv("PATH"));
      builder.environment().put("HOME", System.getProperty("java.io.tmpdir"));
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("script timed out: " + command + "\n" + output);
      }
      String message = Files.readString(termination).trim();
      Files.deleteIfExists(termination);
      return new Result(process.exitValue(), output, message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
