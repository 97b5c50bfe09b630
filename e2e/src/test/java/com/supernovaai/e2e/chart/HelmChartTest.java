package com.supernovaai.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.supernovaai.e2e.cluster.LocalControlPlane;
import com.supernovaai.e2e.cluster.RepoPaths;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The operator's Helm chart, checked with the real helm binary: lint, rendering in cluster-wide and
 * namespaced mode, hardened pod, and values the schema must reject. Installing it on a cluster is
 * the job of the ITs.
 */
class HelmChartTest {

  private static final String RELEASE = "sn";
  private static final String NAMESPACE = "supernova-system";
  private static final String FULLNAME = "sn-supernova-operator";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path helm;
  private static Path chart;

  @BeforeAll
  static void findHelm() {
    helm = LocalControlPlane.binary("helm");
    assertThat(helm)
        .as("helm is built by `e2e/cluster/local-cluster build` into %s", helm)
        .isExecutable();
    chart = RepoPaths.root().resolve("helm/supernova-operator");
  }

  @Test
  void lintIsCleanWithDefaultAndWithEveryOptionOn() {
    for (List<String> values : List.of(List.<String>of(), everythingOn())) {
      List<String> command = new ArrayList<>(Command.of(helm, "lint", "--strict", chart));
      command.addAll(values);
      String out = run(command).stdoutOrFail();

      assertThat(out)
          .contains("1 chart(s) linted, 0 chart(s) failed")
          .doesNotContain("[WARNING]", "[ERROR]");
    }
  }

  @Test
  void defaultValuesWatchAllNamespacesWithOneClusterRole() {
    List<HasMetadata> objects = template();

    // What the rules grant is measured by ChartRbacIT; here: where they are bound.
    assertThat(kinds(objects))
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRole",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment");
    ClusterRole clusterRole =
        all(objects, ClusterRole.class).stream()
            .filter(r -> r.getMetadata().getName().equals(FULLNAME))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no ClusterRole " + FULLNAME));
    ClusterRoleBinding binding = only(objects, ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(clusterRole.getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName())
                  .isEqualTo(only(objects, ServiceAccount.class).getMetadata().getName());
              assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
            });

    Deployment deployment = only(objects, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(env(deployment))
        .containsEntry("WATCH_NAMESPACES", "")
        .containsEntry("OPERATOR_HTTP_PORT", "8080")
        .containsEntry("LEADER_ELECTION", "true")
        .containsEntry("LOG_FORMAT", "TEXT")
        .containsEntry("MALLOC_ARENA_MAX", "2")
        .containsKey("JAVA_TOOL_OPTIONS");
    assertThat(deployment.getSpec().getStrategy().getType())
        .as("with leader election the new pod may start beside the old one")
        .isEqualTo("RollingUpdate");
    assertLeaseRole(objects);
  }

  @Test
  void watchedNamespacesGetRolesAndClusterScopeOnlyReadsStorageClasses() {
    List<HasMetadata> objects = template(everythingOn());

    List<Role> roles = all(objects, Role.class);
    List<Role> operatorRoles =
        roles.stream().filter(r -> r.getMetadata().getName().equals(FULLNAME)).toList();
    assertThat(operatorRoles)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("a", "b");
    assertThat(all(objects, RoleBinding.class))
        .filteredOn(b -> b.getMetadata().getName().equals(FULLNAME))
        .extracting(b -> b.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("a", "b");
    assertThat(all(objects, RoleBinding.class))
        .allSatisfy(
            b ->
                assertThat(b.getSubjects())
                    .singleElement()
                    .satisfies(s -> assertThat(s.getNamespace()).isEqualTo(NAMESPACE)));

    ClusterRole clusterRole =
        all(objects, ClusterRole.class).stream()
            .filter(r -> r.getMetadata().getName().equals(FULLNAME + "-storageclass-reader"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no StorageClass reader in " + names(objects)));
    assertThat(clusterRole.getRules())
        .as("in namespaced mode the only cluster-wide permission is reading StorageClasses")
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("storage.k8s.io");
              assertThat(r.getResources()).containsExactly("storageclasses");
              assertThat(r.getVerbs()).containsExactly("get");
            });
    assertThat(all(objects, ClusterRoleBinding.class))
        .as("no ClusterRole bound to the operator but the StorageClass reader")
        .singleElement()
        .satisfies(
            b ->
                assertThat(b.getRoleRef().getName())
                    .isEqualTo(clusterRole.getMetadata().getName()));

    Role leaderElection =
        roles.stream()
            .filter(r -> r.getMetadata().getName().equals(FULLNAME + "-leader-election"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no leader-election Role in " + names(objects)));
    assertThat(leaderElection.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(leaderElection.getRules())
        .singleElement()
        .satisfies(r -> assertThat(r.getResources()).containsExactly("leases"));

    Deployment deployment = only(objects, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(env(deployment))
        .containsEntry("WATCH_NAMESPACES", "a,b")
        .containsEntry("LEADER_ELECTION", "true")
        .containsEntry("LOG_FORMAT", "JSON");
    assertThat(kinds(objects)).contains("ServiceMonitor", "PrometheusRule", "ConfigMap");
  }

  @Test
  void stacksAreAddedToTheBuiltInViewEditAndAdminRolesUnlessSwitchedOff() {
    List<ClusterRole> aggregated =
        all(template(), ClusterRole.class).stream()
            .filter(
                r ->
                    r.getMetadata().getLabels().keySet().stream()
                        .anyMatch(k -> k.contains("aggregate-to-")))
            .toList();

    assertThat(aggregated)
        .extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder(FULLNAME + "-view", FULLNAME + "-edit");
    ClusterRole view =
        aggregated.stream()
            .filter(r -> r.getMetadata().getName().endsWith("-view"))
            .findFirst()
            .orElseThrow();
    assertThat(view.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
    assertThat(view.getRules())
        .allSatisfy(
            r -> assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch"));
    ClusterRole edit =
        aggregated.stream()
            .filter(r -> r.getMetadata().getName().endsWith("-edit"))
            .findFirst()
            .orElseThrow();
    assertThat(edit.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true");
    assertThat(edit.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getResources())
                  .as("the status stays the operator's")
                  .containsExactly("supernovastacks");
              assertThat(r.getVerbs())
                  .contains("create", "update", "patch", "delete", "deletecollection");
            });

    assertThat(
            all(
                template(List.of("--set", "rbac.aggregateToDefaultRoles=false")),
                ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(FULLNAME);
  }

  @Test
  void noRuleUsesWildcards() {
    Stream.of(template(), template(everythingOn()))
        .flatMap(List::stream)
        .flatMap(HelmChartTest::rulesOf)
        .forEach(
            r -> {
              assertThat(r.getVerbs()).doesNotContain("*");
              assertThat(r.getResources()).doesNotContain("*");
              assertThat(r.getApiGroups()).doesNotContain("*");
            });
  }

  @Test
  void operatorPodIsHardenedAndProbedOnItsMetricsPort() {
    Deployment deployment = only(template(), Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().get(0);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(operator.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");

    assertThat(operator.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http-metrics");
              assertThat(p.getContainerPort()).isEqualTo(8080);
            });
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("http-metrics");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("http-metrics");

    Service metrics = only(template(), Service.class);
    assertThat(metrics.getSpec().getSelector())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(metrics.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http-metrics"));
  }

  @Test
  void monitoringObjectsAlertOnTheOperatorsMetrics() throws Exception {
    List<HasMetadata> objects = template(everythingOn());

    JsonNode rule = JSON.valueToTree(generic(objects, "PrometheusRule").getAdditionalProperties());
    Map<String, JsonNode> alerts = new HashMap<>();
    rule.at("/spec/groups")
        .forEach(g -> g.get("rules").forEach(r -> alerts.put(r.get("alert").asText(), r)));
    assertThat(alerts)
        .containsKeys(
            "SuperNovaStackNotReady",
            "SuperNovaBackupTooOld",
            "SuperNovaRolloutAborted",
            "SuperNovaOperatorReconcileErrors");
    assertThat(alerts.get("SuperNovaStackNotReady").get("for").asText()).isEqualTo("15m");
    assertThat(alerts.get("SuperNovaStackNotReady").get("expr").asText())
        .contains("supernova_stacks{phase=~\"Pending|Progressing|Degraded\"}");
    assertThat(alerts.get("SuperNovaBackupTooOld").get("expr").asText())
        .contains("supernova_backup_last_success_timestamp_seconds", "> 172800");
    assertThat(alerts.get("SuperNovaRolloutAborted").get("expr").asText())
        .contains("supernova_rollouts_aborted_total");
    assertThat(alerts.get("SuperNovaOperatorReconcileErrors").get("expr").asText())
        .contains("operator_sdk_reconciliations_failed_total");

    JsonNode endpoint =
        JSON.valueToTree(generic(objects, "ServiceMonitor").getAdditionalProperties())
            .at("/spec/endpoints/0");
    assertThat(endpoint.get("port").asText()).isEqualTo("http-metrics");
    assertThat(endpoint.get("path").asText()).isEqualTo("/metrics");

    ConfigMap dashboard = only(objects, ConfigMap.class);
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    JsonNode json = JSON.readTree(dashboard.getData().get("supernova-overview.json"));
    List<String> exprs = json.findValuesAsText("expr");
    assertThat(exprs)
        .anySatisfy(e -> assertThat(e).contains("http_server_requests_seconds_count"))
        .anySatisfy(e -> assertThat(e).contains("http_server_requests_seconds_bucket"))
        .anySatisfy(e -> assertThat(e).contains("status=~\"5..\""))
        .anySatisfy(e -> assertThat(e).contains("operator_sdk_reconciliations_failed_total"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          replicaCount=0               | at '/replicaCount': minimum: got 0, want 1
          watchNamespaces=x            | at '/watchNamespaces': got string, want array
          watchNamespaces={Team_A}     | at '/watchNamespaces/0': 'Team_A' does not match pattern
          logFormat=xml                | at '/logFormat': value must be one of 'text', 'json'
          image.pullPolicy=Sometimes   | at '/image/pullPolicy': value must be one of 'Always', 'IfNotPresent', 'Never'
          replicaCount=two             | at '/replicaCount': got string, want integer
          watchNamespace={a}           | additional properties 'watchNamespace' not allowed
          resources.requests.cpu=lots  | at '/resources/requests/cpu'
          """)
  void invalidValuesFailWithTheSchemasMessage(String set, String message) {
    Command.Result result = run(Command.of(helm, "template", RELEASE, chart, "--set", set));

    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.stderr())
        .contains("values don't meet the specifications of the schema")
        .contains(message);
  }

  @Test
  void chartCarriesAnUpToDateCopyOfTheGeneratedCrd() throws Exception {
    Path generated = RepoPaths.root().resolve("crds/supernovastacks.ops.supernova-ai.com-v1.yml");
    assumeThat(generated).as("the CRD is generated by the model build").exists();
    Path copy = chart.resolve("crds/supernovastacks.ops.supernova-ai.com-v1.yml");

    assertThat(copy).as("helm/sync-crd.sh copies it").exists();
    assertThat(Files.readString(copy))
        .as("%s is stale: run helm/sync-crd.sh", copy)
        .isEqualTo(Files.readString(generated));
    assertThat(template(List.of("--include-crds")))
        .as("helm template --include-crds")
        .anySatisfy(
            o -> {
              assertThat(o.getKind()).isEqualTo("CustomResourceDefinition");
              assertThat(o.getMetadata().getName())
                  .isEqualTo("supernovastacks.ops.supernova-ai.com");
            });
  }

  /**
   * Deleting the CRD deletes every SuperNovaStack in the cluster. Argo CD renders the chart with
   * its CRD as an ordinary object: without these annotations a cascade delete of the operator's
   * Application, or a prune, would take every stack with it.
   */
  @Test
  void crdIsKeptWhenArgoCdOrHelmRemovesTheRelease() {
    HasMetadata crd =
        template(List.of("--include-crds")).stream()
            .filter(o -> o.getKind().equals("CustomResourceDefinition"))
            .findFirst()
            .orElseThrow();

    assertThat(crd.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep")
        .hasEntrySatisfying(
            "argocd.argoproj.io/sync-options",
            options ->
                assertThat(Stream.of(options.split(",")).map(String::trim))
                    .as("Argo CD sync options of the CRD")
                    .contains("Prune=false", "Delete=false"));
  }

  /**
   * Leader election is always on, so the Lease Role is always there, in the release namespace only
   * (its verbs are measured by ChartRbacIT).
   */
  private static void assertLeaseRole(List<HasMetadata> objects) {
    Role leaderElection =
        all(objects, Role.class).stream()
            .filter(r -> r.getMetadata().getName().equals(FULLNAME + "-leader-election"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no leader-election Role in " + names(objects)));
    assertThat(leaderElection.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(leaderElection.getRules())
        .singleElement()
        .satisfies(r -> assertThat(r.getResources()).containsExactly("leases"));
    assertThat(all(objects, RoleBinding.class))
        .filteredOn(b -> b.getMetadata().getName().equals(FULLNAME + "-leader-election"))
        .singleElement()
        .satisfies(
            b -> assertThat(b.getRoleRef().getName()).isEqualTo(FULLNAME + "-leader-election"));
  }

  private static List<String> everythingOn() {
    return List.of(
        "--set",
        "watchNamespaces={a,b},replicaCount=2,logFormat=json,serviceMonitor.enabled=true,"
            + "prometheusRule.enabled=true,grafanaDashboard.enabled=true");
  }

  private static List<HasMetadata> template(List<String> values) {
    return ChartRender.render(RELEASE, NAMESPACE, values);
  }

  private static List<HasMetadata> template() {
    return template(List.of());
  }

  private static Command.Result run(List<String> command) {
    return Command.run(Duration.ofMinutes(1), command);
  }

  private static Stream<PolicyRule> rulesOf(HasMetadata object) {
    if (object instanceof ClusterRole role) {
      return role.getRules().stream();
    }
    if (object instanceof Role role) {
      return role.getRules().stream();
    }
    return Stream.empty();
  }

  private static Map<String, String> env(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static List<String> kinds(List<HasMetadata> objects) {
    return objects.stream().map(HasMetadata::getKind).toList();
  }

  private static List<String> names(List<HasMetadata> objects) {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> found = all(objects, type);
    assertThat(found).as("exactly one %s in %s", type.getSimpleName(), names(objects)).hasSize(1);
    return found.get(0);
  }

  private static GenericKubernetesResource generic(List<HasMetadata> objects, String kind) {
    // The operator's classpath has fabric8's typed monitoring model: a ServiceMonitor parses as
    // one.
    return objects.stream()
        .filter(o -> kind.equals(o.getKind()))
        .findFirst()
        .map(
            o ->
                o instanceof GenericKubernetesResource g
                    ? g
                    : io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
                        .convertValue(o, GenericKubernetesResource.class))
        .orElseThrow(() -> new AssertionError("no " + kind + " in " + names(objects)));
  }
}
