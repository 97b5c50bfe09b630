package com.supernovaai.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.e2e.cluster.LocalControlPlane;
import com.supernovaai.e2e.cluster.RepoPaths;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs examples/argocd/health.lua against SuperNovaStack fixtures
 * (src/test/resources/argocd/*.yaml) in the interpreter Argo CD embeds: gopher-lua (Lua 5.1) set up
 * as Argo CD v3 sets it up, through the small harness {@code e2e/argocd-lua} (only the package,
 * base, table and a reduced os library; the resource as the global {@code obj}; the returned table
 * read back into {status, message}). Built by {@code e2e/cluster/local-cluster build}.
 */
class ArgoHealthCheckTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static Path healthScript;
  private static Path argocdLua;

  @TempDir Path tmp;

  @BeforeAll
  static void findScripts() {
    healthScript = RepoPaths.root().resolve("examples/argocd/health.lua");
    assertThat(healthScript).isRegularFile();
    argocdLua = LocalControlPlane.binary("argocd-lua");
    assertThat(argocdLua)
        .as("the Argo CD Lua harness: e2e/cluster/local-cluster build builds it")
        .isExecutable();
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
          name-taken.yaml                | Degraded    | Service prod-db exists and is not owned by this stack
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

  /**
   * The script's terminalReasons are the operator's {@link Reasons#TERMINAL}: a reason added on one
   * side only would leave Argo CD showing Progressing for a stack that waits for a human.
   */
  @Test
  void terminalReasonsAreTheOperators() throws IOException {
    Set<String> listed = terminalReasons(Files.readString(healthScript, StandardCharsets.UTF_8));

    assertThat(listed)
        .as("terminalReasons in %s", healthScript)
        .containsExactlyInAnyOrderElementsOf(new TreeSet<>(Reasons.TERMINAL));
  }

  /** Each terminal reason, given by Ready alone, is Degraded; a transient one is Progressing. */
  @Test
  void readyFalseWithATerminalReasonIsDegradedEvenWithoutDegraded() throws Exception {
    long started = System.nanoTime();
    for (String reason : new TreeSet<>(Reasons.TERMINAL)) {
      assertThat(health(readyFalse(reason)))
          .as(reason)
          .containsExactly("Degraded", "Why: " + reason);
    }
    assertThat(health(readyFalse(Reasons.COMPONENTS_NOT_READY)))
        .containsExactly("Progressing", "Why: " + Reasons.COMPONENTS_NOT_READY);
    System.out.printf(
        "ArgoHealthCheckTest: %d reasons through the harness in %d ms%n",
        Reasons.TERMINAL.size() + 1, (System.nanoTime() - started) / 1_000_000);
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

  /**
   * What Argo CD's VM is and is not: the string library is not opened (stock Lua has it), and a
   * status that is not one of Argo's health codes becomes Unknown. A script that passes here only
   * because stock Lua is more lenient would fail in Argo CD.
   */
  @Test
  void harnessRunsScriptsLikeArgoCdDoes() throws Exception {
    Path fixture = resource("healthy.yaml");
    Path usesStringLibrary = tmp.resolve("string-format.lua");
    Files.writeString(usesStringLibrary, "return {status = string.format('%s', 'Healthy')}\n");
    Command.Result refused = runHarness(usesStringLibrary, fixture);
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.stderr()).contains("attempt to index a non-table object(nil)");

    Path inventsAStatus = tmp.resolve("invented-status.lua");
    Files.writeString(inventsAStatus, "return {status = 'Fine', message = 'ok'}\n");
    assertThat(health(inventsAStatus, fixture))
        .containsExactly("Unknown", "Lua returned an invalid health status");
  }

  /** The keys of the script's {@code local terminalReasons = { Name = true, ... }} table. */
  private static Set<String> terminalReasons(String script) {
    Matcher table =
        Pattern.compile("local terminalReasons = \\{([^}]*)\\}", Pattern.DOTALL).matcher(script);
    assertThat(table.find()).as("the script has a terminalReasons table").isTrue();
    Set<String> reasons = new TreeSet<>();
    Matcher entry = Pattern.compile("(\\w+)\\s*=\\s*true\\s*,?").matcher(table.group(1));
    while (entry.find()) {
      reasons.add(entry.group(1));
    }
    return reasons;
  }

  /** A stack whose only word on its health is Ready=False with this reason. */
  private Path readyFalse(String reason) throws IOException {
    Path fixture = tmp.resolve("ready-false-" + reason + ".yaml");
    Files.writeString(
        fixture,
        """
        apiVersion: ops.supernova-ai.com/v1alpha1
        kind: SuperNovaStack
        metadata: {name: prod, namespace: supernova, generation: 2}
        status:
          observedGeneration: 2
          conditions:
            - {type: Ready, status: "False", reason: %s, message: "Why: %s"}
        """
            .formatted(reason, reason),
        StandardCharsets.UTF_8);
    return fixture;
  }

  private List<String> health(Path fixture) throws Exception {
    return health(healthScript, fixture);
  }

  /** Runs the health script on one fixture; returns [status, message]. */
  private List<String> health(String fixture) throws Exception {
    return health(healthScript, resource(fixture));
  }

  private List<String> health(Path script, Path fixture) throws Exception {
    Map<?, ?> health =
        SERIALIZATION.unmarshal(runHarness(script, fixture).stdoutOrFail(), Map.class);
    return Arrays.asList((String) health.get("status"), (String) health.get("message"));
  }

  /** The fixture as JSON, the way Argo CD hands the live object to the script. */
  private Command.Result runHarness(Path script, Path fixture) throws IOException {
    Object resource =
        SERIALIZATION.unmarshal(Files.readString(fixture, StandardCharsets.UTF_8), Map.class);
    Path json = tmp.resolve(fixture.getFileName() + ".json");
    Files.writeString(json, SERIALIZATION.asJson(resource), StandardCharsets.UTF_8);
    return Command.run(Duration.ofSeconds(10), Command.of(argocdLua, script, json));
  }

  private static Path resource(String name) throws URISyntaxException {
    var url = ArgoHealthCheckTest.class.getResource("/argocd/" + name);
    assertThat(url).as("test resource argocd/%s", name).isNotNull();
    return Path.of(url.toURI());
  }
}
