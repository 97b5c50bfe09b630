package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's first command on its kwok path, as a user runs it: it ends by showing the example
 * stack Ready. The kwok path is forced: the real-node path runs in {@link RealNodeDemoIT} (one real
 * node per machine; engineers who hold the node exclude {@code RealNode*}).
 */
class DemoIT {

  @Test
  void demoEndsWithTheMinimalStackReady() throws Exception {
    try (DemoScript demo = new DemoScript()) {
      DemoScript.Run run = demo.run(Map.of("SUPERNOVA_DEMO_MODE", "kwok"), 10);
      String out = run.output();
      assertThat(run.exitCode()).as(out).isZero();

      List<String> lines = out.lines().toList();
      int table = lines.indexOf("==> kubectl get supernovastack");
      assertThat(table).as(out).isPositive();
      assertThat(lines.get(table + 1)).contains("NAME").contains("READY").contains("PHASE");
      assertThat(lines.get(table + 2)).containsPattern("^minimal\\s+True\\s+Ready\\s+blue");
      assertThat(out).contains("simulated by kwok").contains("helm install supernova-operator");
    }
  }
}
