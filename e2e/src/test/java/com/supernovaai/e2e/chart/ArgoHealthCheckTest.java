package com.supernovaai.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.e2e.cluster.RepoPaths;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs examples/argocd/health.lua with a real Lua interpreter against SuperNovaStack fixtures
 * (src/test/resources/argocd/*.yaml), the way Argo CD runs it: the resource is the global {@code
 * obj} and the script returns {@code {status, message}}.
 */
class ArgoHealthCheckTest {

  private static final String LUA = "lua5.4";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static Path healthScript;
  private static Path harness;

  @TempDir Path tmp;

  @BeforeAll
  static void findScripts() throws URISyntaxException {
    healthScript = RepoPaths.root().resolve("examples/argocd/health.lua");
    assertThat(healthScript).isRegularFile();
    harness = resource("run-health-check.lua");
    Command.Result version =
        Command.run(Duration.ofSeconds(10), Command.of("sh", "-c", "command -v " + LUA));
    assertThat(version.exitCode())
        .as("%s is needed on PATH: scripts/install-test-deps.sh installs it", LUA)
        .isZero();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          healthy.yaml                   | Healthy     | All components are ready
          no-status.yaml                 | Progressing | Waiting for the operator to report status
          no-conditions.yaml             | Progressing | Waiting for the stack to become Ready
          stale-generation.yaml          | Progressing | Waiting for the operator to observe generation 4
          progressing.yaml               | Progressing | 'Waiting for PoolerReady, ApiReady'
          rollout-in-progress.yaml       | Progressing | 'Rolling out registry.example.com/supernova/api-server:1.4.3 as green: 2/3 pods ready'
          not-ready-transient.yaml       | Progressing | 'Waiting for: DatabaseReady, PoolerReady'
          degraded.yaml                  | Degraded    | Secret supernova-db-credentials (database.external.credentialsSecret) does not exist
          backup-failed.yaml             | Degraded    | The last scheduled backup did not succeed
          ready-false-terminal.yaml      | Degraded    | 'Green was not ready within 600s; traffic stays on blue'
          migration-failed.yaml          | Degraded    | 'Rollout of registry.example.com/supernova/api-server:1.5.0 aborted: the database migration of green failed'
          degraded-stale-generation.yaml | Progressing | Waiting for the operator to observe generation 3
          paused.yaml                    | Suspended   | 'Annotation ops.supernova-ai.com/pause-reconciliation is "true"; no changes are made'
          paused-phase-only.yaml         | Suspended   | Reconciliation is paused
          """)
  void healthFollowsConditionsAndObservedGeneration(
      String fixture, String expectedStatus, String expectedMessage) throws Exception {
    List<String> health = health(fixture);

    assertThat(health)
        .as("status and message for %s", fixture)
        .containsExactly(expectedStatus, expectedMessage);
  }

  @Test
  void argoCdConfigMapPatchEmbedsExactlyTheTestedScript() throws IOException {
    Path patch = RepoPaths.root().resolve("examples/argocd/argocd-cm-patch.yaml");
    ConfigMap configMap =
        SERIALIZATION.unmarshal(Files.readString(patch, StandardCharsets.UTF_8), ConfigMap.class);

    assertThat(configMap.getMetadata().getName()).isEqualTo("argocd-cm");
    assertThat(configMap.getData())
        .containsEntry(
            "resource.customizations.health.ops.supernova-ai.com_SuperNovaStack",
            Files.readString(healthScript, StandardCharsets.UTF_8));
  }

  /** Runs the health script on one fixture; returns [status, message]. */
  private List<String> health(String fixture) throws Exception {
    Map<String, Object> resource =
        SERIALIZATION.unmarshal(
            Files.readString(resource(fixture), StandardCharsets.UTF_8), Map.class);
    Path asLua = tmp.resolve(fixture + ".lua");
    Files.writeString(asLua, "return " + toLua(resource) + "\n", StandardCharsets.UTF_8);

    Command.Result result =
        Command.run(Duration.ofSeconds(10), Command.of(LUA, harness, healthScript, asLua));

    return result.stdoutOrFail().lines().toList();
  }

  /** A Lua table constructor for a YAML/JSON value, as Argo CD hands the resource to the script. */
  static String toLua(Object value) {
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .filter(e -> e.getValue() != null)
          .map(e -> "[" + luaString(e.getKey().toString()) + "] = " + toLua(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (value instanceof List<?> list) {
      return list.stream()
          .map(ArgoHealthCheckTest::toLua)
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return luaString(String.valueOf(value));
  }

  private static String luaString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\%03d", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static Path resource(String name) throws URISyntaxException {
    var url = ArgoHealthCheckTest.class.getResource("/argocd/" + name);
    assertThat(url).as("test resource argocd/%s", name).isNotNull();
    return Path.of(url.toURI());
  }
}
