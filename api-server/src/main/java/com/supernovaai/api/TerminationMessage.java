package com.supernovaai.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The container's termination message ({@code terminationMessagePath}, by default {@code
 * /dev/termination-log}): Kubernetes copies it into the terminated container's status, where the
 * operator reads it. {@code SUPERNOVA_TERMINATION_LOG} overrides the path (tests).
 */
final class TerminationMessage {

  static final String DEFAULT_PATH = "/dev/termination-log";

  private final Path path;

  private TerminationMessage(Path path) {
    this.path = path;
  }

  static TerminationMessage fromEnv(Map<String, String> env) {
    String path = env.get("SUPERNOVA_TERMINATION_LOG");
    return new TerminationMessage(
        Path.of(path == null || path.isBlank() ? DEFAULT_PATH : path.trim()));
  }

  /** Writes the line; outside Kubernetes the file may not exist, which is not an error. */
  void write(String line) {
    try {
      Files.writeString(path, line + "\n", StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "supernova-api: could not write the termination message to " + path + ": " + e);
    }
  }
}
