package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.e2e.cluster.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The local-cluster tool as a user runs it: up, kubectl, down, and a start-up that fails cleanly.
 */
class LocalClusterToolIT {

  private static final Pattern CLUSTER_DIR = Pattern.compile("starting a cluster in (\\S+)");

  record Result(int exitCode, String stdout, String stderr) {}

  @Test
  void upGivesAReadyNodeAndDownLeavesNothingBehind() throws Exception {
    Result up = run(Map.of(), "up");
    assertThat(up.exitCode()).as(up.stderr()).isZero();
    List<String> lines = up.stdout().lines().toList();
    Path kubeconfig = Path.of(lines.get(lines.size() - 1));
    Path dir = kubeconfig.getParent();
    try {
      Result nodes =
          runCommand(
              Map.of(), List.of(kubectl(), "--kubeconfig", kubeconfig.toString(), "get", "nodes"));
      assertThat(nodes.stdout()).containsPattern("kwok-node-0\\s+Ready");
      assertThat(processesMentioning(dir)).as("components running").hasSizeGreaterThanOrEqualTo(5);
    } finally {
      Result down = run(Map.of(), "down", dir.toString());
      assertThat(down.exitCode()).as(down.stderr()).isZero();
    }
    assertThat(processesMentioning(dir)).as("processes left after down").isEmpty();
    assertThat(dir).doesNotExist();
  }

  @Test
  void componentThatDiesDuringStartIsNamedWithItsLogAndNothingIsLeftBehind() throws Exception {
    Result up = run(Map.of("LOCAL_CLUSTER_APISERVER_ARGS", "--no-such-flag=1"), "up");

    assertThat(up.exitCode()).isNotZero();
    assertThat(up.stderr())
        .contains("kube-apiserver exited during start-up")
        .contains("unknown flag: --no-such-flag");
    Matcher matcher = CLUSTER_DIR.matcher(up.stderr());
    assertThat(matcher.find()).isTrue();
    Path dir = Path.of(matcher.group(1));
    assertThat(processesMentioning(dir)).as("orphans after a failed up").isEmpty();
    assertThat(dir).doesNotExist();
  }

  private static String kubectl() throws Exception {
    return run(Map.of(), "bin", "kubectl").stdout().trim();
  }

  private static List<String> processesMentioning(Path dir) throws Exception {
    return runCommand(Map.of(), List.of("ps", "-eo", "args"))
        .stdout()
        .lines()
        .filter(line -> line.contains(dir.toString()))
        .filter(line -> !line.startsWith("ps "))
        .toList();
  }

  private static Result run(Map<String, String> env, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(List.of("bash", RepoPaths.localClusterScript().toString()));
    command.addAll(List.of(args));
    return runCommand(env, command);
  }

  private static Result runCommand(Map<String, String> env, List<String> command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("cmd", ".out");
    Path err = Files.createTempFile("cmd", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
