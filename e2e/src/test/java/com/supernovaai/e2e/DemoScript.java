package com.supernovaai.e2e;

import com.supernovaai.e2e.cluster.RepoPaths;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** {@code scripts/demo.sh} as a user runs it, in a state directory of its own; then its stop. */
final class DemoScript implements AutoCloseable {

  private final Path state;
  private final int port;

  DemoScript() throws IOException {
    state = Files.createTempDirectory("demo-state");
    port = freePortPair();
  }

  /**
   * A port, and the one after it (the frontend's), free on loopback and below the kernel's
   * ephemeral range. The demo binds them minutes after this pick, and meanwhile any process may be
   * given an ephemeral port by the kernel: in a CI run the real node's containerd, starting after
   * the pick, took the port for its streaming server, and the demo's API calls reached that server.
   */
  private static int freePortPair() throws IOException {
    for (int attempt = 0; attempt < 200; attempt++) {
      int candidate = ThreadLocalRandom.current().nextInt(20_000, 30_000);
      try (ServerSocket first = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress());
          ServerSocket second =
              new ServerSocket(candidate + 1, 1, InetAddress.getLoopbackAddress())) {
        return candidate;
      } catch (IOException taken) {
        // Try another.
      }
    }
    throw new IOException("no two free loopback ports between 20000 and 30000");
  }

  record Run(int exitCode, String output) {}

  /** Runs the demo to its end with the given extra environment. */
  Run run(Map<String, String> env, long timeoutMinutes) throws Exception {
    Path output = Files.createTempFile("demo", ".out");
    try {
      ProcessBuilder demo =
          new ProcessBuilder("bash", script().toString())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      demo.environment().put("SUPERNOVA_DEMO_DIR", state.toString());
      demo.environment().put("SUPERNOVA_DEMO_PORT", String.valueOf(port));
      // The reactor built the operator jar (and scripts/test.sh the images) already; rebuilding
      // them under a running build would race.
      demo.environment().put("SUPERNOVA_DEMO_SKIP_BUILD", "1");
      demo.environment().putAll(env);
      Process process = demo.start();
      if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(
            "demo did not finish in "
                + timeoutMinutes
                + " min:\n"
                + Files.readString(output, StandardCharsets.UTF_8));
      }
      return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** The cluster the demo started, if it got that far. */
  Path clusterDir() throws IOException {
    Path file = state.resolve("cluster");
    return Files.isRegularFile(file) ? Path.of(Files.readString(file).trim()) : null;
  }

  /** {@code scripts/demo.sh stop}. */
  @Override
  public void close() throws Exception {
    ProcessBuilder stop = new ProcessBuilder("bash", script().toString(), "stop").inheritIO();
    stop.environment().put("SUPERNOVA_DEMO_DIR", state.toString());
    stop.start().waitFor(3, TimeUnit.MINUTES);
  }

  private static Path script() {
    return RepoPaths.root().resolve("scripts/demo.sh");
  }
}
