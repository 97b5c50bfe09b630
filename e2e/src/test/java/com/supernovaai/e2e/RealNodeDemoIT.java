package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.e2e.cluster.RealNode.Shell;
import com.supernovaai.e2e.cluster.SharedRealNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The README's first command on a machine that can run containers: a real node, the project's
 * images, the operator from its own image, examples/local-images.yaml Ready, and the API answering
 * through its Service (register, login, ingest, read back). {@code stop} leaves nothing running.
 */
@Isolated // alone, after the kwok classes: one node per machine, and no CPU shared under traffic
class RealNodeDemoIT {

  /** One real node per machine: the demo brings its own (RealNodeClassOrder runs it first). */
  @BeforeAll
  static void noSharedNode() {
    SharedRealNode.downNow();
  }

  @Test
  void demoRunsTheStackForRealAndTheApiAnswersThroughItsService() throws Exception {
    Path cluster;
    try (DemoScript demo = new DemoScript()) {
      DemoScript.Run run = demo.run(Map.of("SUPERNOVA_DEMO_MODE", "real"), 15);
      String out = run.output();
      cluster = demo.clusterDir();
      assertThat(run.exitCode()).as(out).isZero();

      assertThat(out)
          .contains("supernova-node   Ready")
          .containsPattern("(?m)^supernova-operator-\\S+\\s+1/1\\s+Running")
          .containsPattern("(?m)^local-db-0\\s+1/1\\s+Running")
          .containsPattern("(?m)^GET /health: \\{\"status\":\"healthy\"\\} -> HTTP 200$")
          // Self-registration is off; the generated administrator creates the demo's account.
          .containsPattern("(?m)^POST /auth/register: .* -> HTTP 403$")
          .containsPattern(
              "(?m)^POST /admin/users: \\{\"username\":\"demo\",\"roles\":\\[\"read\",\"write\"\\]\\} -> HTTP 201$")
          .containsPattern("(?m)^POST /auth/login: .* -> HTTP 200$")
          .containsPattern("(?m)^POST /api/sentiment: \\{\"upserted\":1\\} -> HTTP 200$")
          .containsPattern(
              "(?m)^GET /api/sentiment/NOVA: \\{\"symbol\":\"NOVA\",\"count\":1,.* -> HTTP 200$")
          .doesNotContain("simulated by kwok");
      // Tokens are not printed.
      assertThat(out).doesNotContainPattern("\"access_token\":\"[^.\"]");
      List<String> lines = out.lines().toList();
      int table = lines.indexOf("==> kubectl get supernovastack");
      assertThat(table).as(out).isPositive();
      assertThat(lines.get(table + 2))
          .containsPattern(
              "^local\\s+True\\s+Ready\\s+blue\\s+localhost/supernova/api-server:local");
    }
    // After stop: the cluster is gone, and with it every process of the demo.
    assertThat(cluster).isNotNull();
    assertThat(cluster).doesNotExist();
    assertThat(Shell.run(List.of("ps", "-eo", "args"), Map.of(), Duration.ofSeconds(10)).stdout())
        .doesNotContain(cluster.toString());
  }
}
