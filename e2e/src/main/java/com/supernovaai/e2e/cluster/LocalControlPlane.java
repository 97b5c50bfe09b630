package com.supernovaai.e2e.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok)
 * started by {@code e2e/cluster/local-cluster up} and stopped by {@code down}.
 */
public final class LocalControlPlane implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalControlPlane.class);
  private final Path script;
  private final Path kubeconfig;
  private boolean closed;

  private LocalControlPlane(Path script, Path kubeconfig) {
    this.script = script;
    this.kubeconfig = kubeconfig;
  }

  /** Runs {@code local-cluster up} (which builds the binaries first when the cache is cold). */
  public static LocalControlPlane up(Path repoRoot) {
    Path script = repoRoot.resolve("e2e/cluster/local-cluster");
    LOG.info("Starting the local control plane with {} up", script);
    List<String> out = run(script, List.of("up"), 90);
    String last = out.isEmpty() ? "" : out.get(out.size() - 1).trim();
    Path kubeconfig = Path.of(last);
    if (!Files.isRegularFile(kubeconfig)) {
      throw new IllegalStateException(
          "local-cluster up did not print a kubeconfig path as its last line: '" + last + "'");
    }
    return new LocalControlPlane(script, kubeconfig);
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public Path dir() {
    return kubeconfig.getParent();
  }

  public Path auditLog() {
    return dir().resolve("logs/audit.log");
  }

  /** Path of a binary the tooling built (kubectl, helm, ...). */
  public static Path binary(String name) {
    List<String> out = run(RepoPaths.localClusterScript(), List.of("bin", name), 1);
    return Path.of(out.get(out.size() - 1).trim());
  }

  /** Stops the cluster; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      run(script, List.of("down", dir().toString()), 2);
    }
  }

  /** Runs the script; its stderr (progress, errors) goes to ours so a failure is readable. */
  private static List<String> run(Path script, List<String> args, int timeoutMinutes) {
    try {
      Path out = Files.createTempFile("local-cluster", ".out");
      try {
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(args);
        Process process =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new IllegalStateException(
              "local-cluster " + args + " did not finish within " + timeoutMinutes + " min");
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "local-cluster "
                  + args
                  + " failed with exit code "
                  + process.exitValue()
                  + " (its error is printed above)");
        }
        return lines;
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running local-cluster " + args, e);
    }
  }
}
