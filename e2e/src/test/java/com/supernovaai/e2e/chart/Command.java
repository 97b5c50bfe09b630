package com.supernovaai.e2e.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real command-line tool (helm, lua) and keeps what it printed, for assertions. */
final class Command {

  /** Exit code, standard output and standard error of one run. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {

    /** The output, or a failure that shows the command and everything it printed. */
    String stdoutOrFail() {
      if (exitCode != 0) {
        throw new AssertionError(this.toString());
      }
      return stdout;
    }

    @Override
    public String toString() {
      return String.join(" ", command)
          + "\nexit code: "
          + exitCode
          + "\n--- stdout\n"
          + stdout
          + "\n--- stderr\n"
          + stderr;
    }
  }

  private Command() {}

  static Result run(Duration timeout, List<String> command) {
    try {
      Path out = Files.createTempFile("command", ".out");
      Path err = Files.createTempFile("command", ".err");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(command + " did not finish within " + timeout);
        }
        return new Result(
            List.copyOf(command),
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError("Cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while running " + command, e);
    }
  }

  static List<String> of(Object first, Object... rest) {
    List<String> command = new ArrayList<>();
    command.add(first.toString());
    for (Object arg : rest) {
      command.add(arg.toString());
    }
    return command;
  }
}
