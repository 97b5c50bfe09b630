package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.e2e.cluster.RepoPaths;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's first command, as a user runs it: it ends by showing the example stack Ready. */
class DemoIT {

  @Test
  void demoEndsWithTheMinimalStackReady() throws Exception {
    Path state = Files.createTempDirectory("demo-state");
    Path output = Files.createTempFile("demo", ".out");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path script = RepoPaths.root().resolve("scripts/demo.sh");
    try {
      ProcessBuilder demo =
          new ProcessBuilder("bash", script.toString())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      demo.environment().put("SUPERNOVA_DEMO_DIR", state.toString());
      demo.environment().put("SUPERNOVA_DEMO_PORT", String.valueOf(port));
      // The reactor built the operator jar already; rebuilding it under a running build would race.
      demo.environment().put("SUPERNOVA_DEMO_SKIP_BUILD", "1");
      Process process = demo.start();
      assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("demo finished").isTrue();
      String out = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(out).isZero();

      List<String> lines = out.lines().toList();
      int table = lines.indexOf("==> kubectl get supernovastack");
      assertThat(table).as(out).isPositive();
      assertThat(lines.get(table + 1)).contains("NAME").contains("READY").contains("PHASE");
      assertThat(lines.get(table + 2)).containsPattern("^minimal\\s+True\\s+Ready\\s+blue");
      assertThat(out).contains("simulated by kwok").contains("helm install supernova-operator");
    } finally {
      ProcessBuilder stop = new ProcessBuilder("bash", script.toString(), "stop").inheritIO();
      stop.environment().put("SUPERNOVA_DEMO_DIR", state.toString());
      stop.start().waitFor(2, TimeUnit.MINUTES);
      Files.deleteIfExists(output);
    }
  }
}
