package com.supernovaai.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator as a separate JVM ({@code java -jar supernova-operator.jar}), so that its resident
 * memory, heap and CPU time are its own and can be read from /proc and its /metrics.
 */
final class OperatorProcess implements AutoCloseable {

  /**
   * The chart's flags (helm/supernova-operator/values.yaml) in the chart's default container: a
   * 512Mi memory limit (MaxRAM) and a CPU limit of 1 (ActiveProcessorCount).
   */
  static final String DEFAULT_JAVA_OPTS =
      "-XX:MaxRAM=512m -XX:ActiveProcessorCount=1 -XX:MaxRAMPercentage=70 -XX:+UseSerialGC"
          + " -XX:TieredStopAtLevel=1 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
          + " -XX:MaxNewSize=32m -XX:+ExitOnOutOfMemoryError -Xss512k"
          + " -Dsun.reflect.inflationThreshold=2147483647 -XX:TrimNativeHeapInterval=5000";

  /** glibc's malloc arenas, as the chart's Deployment and the image set them. */
  static final String MALLOC_ARENA_MAX = "2";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final Path javaHome;

  private OperatorProcess(Process process, int port, Path javaHome) {
    this.process = process;
    this.port = port;
    this.javaHome = javaHome;
  }

  /** Starts the jar and waits until /readyz answers 200 (informers synced). */
  static OperatorProcess start(
      Path javaHome,
      Path jar,
      List<String> javaOpts,
      OperatorIdentity.Credentials credentials,
      List<String> namespaces,
      Map<String, String> env,
      Path log) {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.addAll(javaOpts);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().remove("KUBECONFIG");
    builder.environment().putAll(credentials.environment()); // as in its pod
    builder.environment().put("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX);
    builder.environment().put("WATCH_NAMESPACES", String.join(",", namespaces)); // empty: all
    // One process: no Lease (its renewals every few seconds would be writes at steady state).
    builder.environment().put("LEADER_ELECTION", "false");
    builder.environment().put("OPERATOR_HTTP_PORT", Integer.toString(port));
    builder.environment().putAll(env); // a variant's own settings
    try {
      Files.createDirectories(log.getParent());
      OperatorProcess operator = new OperatorProcess(builder.start(), port, javaHome);
      operator.awaitReady(Duration.ofMinutes(3), log);
      return operator;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  private void awaitReady(Duration timeout, Path log) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "The operator exited with " + process.exitValue() + "; its log: " + log);
      }
      if (get("/readyz") != null) {
        return;
      }
      sleep(100);
    }
    throw new IllegalStateException("The operator was not ready within " + timeout + "; " + log);
  }

  /** Body of a 200 answer, else null. */
  String get(String path) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Resident set size in bytes (VmRSS). */
  long rssBytes() {
    return procStatus("VmRSS:") * 1024;
  }

  /** Whether the process still runs (an operator out of heap exits: ExitOnOutOfMemoryError). */
  boolean alive() {
    return process.isAlive();
  }

  /** The highest resident set size in bytes since the process started (VmHWM). */
  long peakRssBytes() {
    return procStatus("VmHWM:") * 1024;
  }

  /** Threads of the process now. */
  int threads() {
    return (int) procStatus("Threads:");
  }

  private long procStatus(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", "" + pid(), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Bytes of reachable objects: the total of {@code jcmd GC.class_histogram}, which runs a full GC
   * first (so it also lets a heap with free ratios shrink); -1 when jcmd fails. The histogram
   * itself goes to {@code histogram} (where the per-stack memory is: the next thing to cut).
   */
  long liveHeapBytes(Path histogram) {
    String out = jcmd("GC.class_histogram");
    if (out == null) {
      return -1;
    }
    try {
      Files.writeString(histogram, out);
    } catch (IOException e) {
      return -1;
    }
    for (String line : out.split("\n")) {
      if (line.startsWith("Total")) {
        String[] fields = line.trim().split("\\s+");
        return fields.length > 2 && fields[2].matches("\\d+") ? Long.parseLong(fields[2]) : -1;
      }
    }
    return -1;
  }

  /**
   * The JVM's own account of its memory ({@code jcmd VM.native_memory summary}: heap, classes,
   * code, threads, GC, ...) written to {@code file}, when its flags ({@code javaOpts}) turned
   * native memory tracking on; nothing otherwise.
   */
  void nativeMemory(List<String> javaOpts, Path file) {
    if (javaOpts.stream()
        .noneMatch(o -> o.startsWith("-XX:NativeMemoryTracking=") && !o.endsWith("=off"))) {
      return;
    }
    String out = jcmd("VM.native_memory", "summary");
    if (out != null && out.contains("Native Memory Tracking")) {
      try {
        Files.writeString(file, out);
      } catch (IOException e) {
        // a figure for reading, not for the results: skipped
      }
    }
  }

  /** What the operator's JDK's jcmd (its attach protocol) printed for a command; null if failed. */
  private String jcmd(String... command) {
    List<String> line = new ArrayList<>();
    line.add(javaHome.resolve("bin").resolve("jcmd").toString());
    line.add(Long.toString(pid()));
    line.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** User + system CPU seconds of the process so far; -1 once it is gone. */
  double cpuSeconds() {
    return CpuUse.processSeconds(pid());
  }

  /** Sum of the samples of a Prometheus metric whose line starts with prefix and contains all. */
  double metric(String prefix, String... contains) {
    String body = get("/metrics");
    if (body == null) {
      return -1;
    }
    double sum = 0;
    for (String line : body.split("\n")) {
      if (!line.startsWith(prefix)) {
        continue;
      }
      boolean all = true;
      for (String c : contains) {
        all &= line.contains(c);
      }
      if (all) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  long heapUsedBytes() {
    return (long) metric("jvm_memory_used_bytes{", "area=\"heap\"");
  }

  /** Reconciliations started, from JOSDK's Micrometer metrics (-1 when not exported). */
  double reconciliationsStarted() {
    return metric("operator_sdk_reconciliations_started_total");
  }

  /** SIGTERM (the operator's shutdown hook stops it cleanly), then SIGKILL after 30 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
