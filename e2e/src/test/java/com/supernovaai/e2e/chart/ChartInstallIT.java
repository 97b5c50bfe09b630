package com.supernovaai.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension.TestNamespace;
import com.supernovaai.e2e.cluster.LocalControlPlane;
import com.supernovaai.e2e.cluster.RepoPaths;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.ServiceAccounts;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.DeletionPolicy;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.runtime.OperatorConfig;
import com.supernovaai.operator.runtime.SuperNovaOperator;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart as users install it, with the real helm binary: install, an operator running with
 * exactly the chart's RBAC (as the chart's ServiceAccount) reconciles a stack to Ready, upgrade,
 * uninstall keeps the stack's data.
 */
@ExtendWith(KubernetesClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartInstallIT {

  private static Path kubeconfig;
  private static String release;

  @BeforeAll
  static void writeKubeconfig(TestCluster cluster, TestNamespace namespace) throws Exception {
    kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    Files.writeString(kubeconfig, cluster.kubeconfigYaml());
    release = "sno-" + namespace.name().substring(namespace.name().lastIndexOf('-') + 1);
  }

  @AfterAll
  static void cleanUp(TestNamespace namespace) throws Exception {
    helm("uninstall", release, "-n", namespace.name(), "--ignore-not-found");
    Files.deleteIfExists(kubeconfig);
  }

  @Test
  @Order(1)
  void installCreatesTheCrdRbacAndOperatorDeployment(
      KubernetesClient client, TestNamespace namespace) {
    helm(
            "install",
            release,
            RepoPaths.root().resolve("helm/supernova-operator").toString(),
            "-n",
            namespace.name(),
            "--set",
            "fullnameOverride=" + release,
            "--set",
            "watchNamespaces={" + namespace.name() + "}",
            "--wait",
            "--timeout",
            "2m")
        .stdoutOrFail();

    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("supernovastacks.ops.supernova-ai.com")
                .get())
        .isNotNull();
    assertThat(client.serviceAccounts().withName(release).get()).isNotNull();
    assertThat(client.rbac().roles().list().getItems()).isNotEmpty();
    assertThat(client.rbac().roleBindings().list().getItems()).isNotEmpty();
    assertThat(
            client.apps().deployments().withName(release).get().getStatus().getAvailableReplicas())
        .as("operator Deployment available (kwok plays the kubelet)")
        .isEqualTo(1);
  }

  /**
   * The chart adds stacks to Kubernetes' own roles: a user bound to view in a namespace can read
   * stacks there and change none; one bound to edit can change them, but never their status.
   */
  @Test
  @Order(2)
  void builtInViewAndEditRolesCoverStacks(
      TestCluster cluster, KubernetesClient client, TestNamespace namespace) {
    String ns = namespace.name();
    for (var user : Map.of("viewer", "view", "editor", "edit").entrySet()) {
      client
          .rbac()
          .roleBindings()
          .resource(
              new RoleBindingBuilder()
                  .withNewMetadata()
                  .withName("stack-" + user.getKey())
                  .endMetadata()
                  .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", user.getValue())
                  .addNewSubject()
                  .withApiGroup("rbac.authorization.k8s.io")
                  .withKind("User")
                  .withName(user.getKey())
                  .endSubject()
                  .build())
          .create();
    }

    // The controller-manager aggregates the chart's ClusterRoles into view and edit shortly after
    // the install.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(allowed(cluster, "viewer", ns, "list", "supernovastacks"))
                  .as("view may list stacks")
                  .isTrue();
              assertThat(allowed(cluster, "viewer", ns, "watch", "supernovastacks"))
                  .as("view may watch stacks")
                  .isTrue();
              assertThat(allowed(cluster, "viewer", ns, "get", "supernovastacks/status"))
                  .as("view may read a stack's status")
                  .isTrue();
              assertThat(allowed(cluster, "editor", ns, "create", "supernovastacks"))
                  .as("edit may create stacks")
                  .isTrue();
              assertThat(allowed(cluster, "editor", ns, "deletecollection", "supernovastacks"))
                  .as("edit may deletecollection stacks")
                  .isTrue();
            });
    for (String verb : List.of("create", "patch", "delete")) {
      assertThat(allowed(cluster, "viewer", ns, verb, "supernovastacks"))
          .as("view may %s a stack", verb)
          .isFalse();
    }
    for (String verb : List.of("patch", "update")) {
      assertThat(allowed(cluster, "editor", ns, verb, "supernovastacks/status"))
          .as("edit may %s a stack's status (the operator's)", verb)
          .isFalse();
    }
    assertThat(allowed(cluster, "viewer", "default", "list", "supernovastacks"))
        .as("the binding is in one namespace only")
        .isFalse();
  }

  /**
   * Asks the API server, as {@code user}, whether it may do {@code verb} (SelfSubjectAccessReview).
   */
  private static boolean allowed(
      TestCluster cluster, String user, String namespace, String verb, String resource) {
    Config config = Config.fromKubeconfig(cluster.kubeconfigYaml());
    config.setImpersonateUsername(user);
    String[] parts = resource.split("/");
    try (KubernetesClient asUser = new KubernetesClientBuilder().withConfig(config).build()) {
      return asUser
          .authorization()
          .v1()
          .selfSubjectAccessReview()
          .create(
              new SelfSubjectAccessReviewBuilder()
                  .withNewSpec()
                  .withNewResourceAttributes()
                  .withGroup(SuperNovaStack.GROUP)
                  .withResource(parts[0])
                  .withSubresource(parts.length > 1 ? parts[1] : null)
                  .withVerb(verb)
                  .withNamespace(namespace)
                  .endResourceAttributes()
                  .endSpec()
                  .build())
          .getStatus()
          .getAllowed();
    }
  }

  @Test
  @Order(3)
  void operatorWithTheChartsRbacReconcilesAStackToReady(
      KubernetesClient client, TestNamespace namespace) {
    // With leader election, as the chart runs it: the Lease Role must let it take and renew the
    // Lease (a lost Lease fails the test here; in a pod it ends the process).
    AtomicBoolean leaseLost = new AtomicBoolean();
    try (KubernetesClient asServiceAccount =
            ServiceAccounts.client(client, namespace.name(), release);
        SuperNovaOperator operator =
            SuperNovaOperator.create(
                    asServiceAccount,
                    OperatorConfig.forNamespaces(namespace.name())
                        .withLeaderElection(namespace.name(), release, "chart-install-it"),
                    () -> leaseLost.set(true))
                .start()) {
      SuperNovaStack stack = Stacks.loadExample("minimal.yaml");
      stack.getMetadata().setNamespace(namespace.name());
      client.resource(stack).create();

      await()
          .atMost(KubernetesClusterExtension.defaultTimeout())
          .untilAsserted(
              () -> {
                SuperNovaStack current =
                    client
                        .resources(SuperNovaStack.class)
                        .withName(stack.getMetadata().getName())
                        .get();
                assertThat(Stacks.isReady(current))
                    .as("Ready with the chart's RBAC; status: %s", current.getStatus())
                    .isTrue();
              });
      assertThat(operator.isReady()).isTrue();

      // deletionPolicy Delete: the cleanup must work with the chart's verbs alone, or the
      // finalizer stays and the stack hangs in Terminating.
      SuperNovaStack disposable = Stacks.loadExample("minimal.yaml");
      disposable.getMetadata().setName("disposable");
      disposable.getMetadata().setNamespace(namespace.name());
      disposable.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
      client.resource(disposable).create();
      await()
          .atMost(KubernetesClusterExtension.defaultTimeout())
          .until(
              () ->
                  Stacks.isReady(
                      client.resources(SuperNovaStack.class).withName("disposable").get()));
      List<String> claims =
          client.persistentVolumeClaims().list().getItems().stream()
              .map(c -> c.getMetadata().getName())
              .filter(n -> n.contains("disposable-"))
              .toList();
      assertThat(claims).as("the Delete stack's volumes").isNotEmpty();

      client.resources(SuperNovaStack.class).withName("disposable").delete();
      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () -> {
                assertThat(client.resources(SuperNovaStack.class).withName("disposable").get())
                    .as("the Delete stack is gone (its finalizer was removed)")
                    .isNull();
                assertThat(
                        client.secrets().withName(StackNames.databaseCredentials(disposable)).get())
                    .as("deletionPolicy Delete removes the generated credentials")
                    .isNull();
                // A claim still in use by a pod the garbage collector has not removed yet keeps
                // a deletionTimestamp (pvc-protection) until the pod is gone.
                assertThat(
                        client.persistentVolumeClaims().list().getItems().stream()
                            .filter(c -> claims.contains(c.getMetadata().getName()))
                            .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
                            .map(c -> c.getMetadata().getName()))
                    .as("deletionPolicy Delete deletes the volumes")
                    .isEmpty();
              });
      assertThat(client.resources(SuperNovaStack.class).withName("minimal").get())
          .as("the other stack is untouched")
          .isNotNull();
      assertThat(leaseLost).as("the Lease was held throughout with the chart's Role").isFalse();
    }
  }

  @Test
  @Order(4)
  void upgradeAndUninstallKeepTheStackAndItsData(KubernetesClient client, TestNamespace namespace) {
    helm(
            "upgrade",
            release,
            RepoPaths.root().resolve("helm/supernova-operator").toString(),
            "-n",
            namespace.name(),
            "--reuse-values",
            "--set",
            "logLevel=DEBUG",
            "--wait",
            "--timeout",
            "2m")
        .stdoutOrFail();
    assertThat(helm("history", release, "-n", namespace.name()).stdoutOrFail())
        .contains("deployed")
        .contains("2");

    SuperNovaStack stack = client.resources(SuperNovaStack.class).withName("minimal").get();
    List<String> claims =
        client.persistentVolumeClaims().list().getItems().stream()
            .map(c -> c.getMetadata().getName())
            .toList();
    assertThat(claims).isNotEmpty();

    helm("uninstall", release, "-n", namespace.name(), "--wait").stdoutOrFail();

    assertThat(client.apps().deployments().withName(release).get()).isNull();
    assertThat(client.resources(SuperNovaStack.class).withName("minimal").get())
        .as("the stack outlives the operator's chart")
        .isNotNull();
    assertThat(client.persistentVolumeClaims().list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .containsAll(claims);
    assertThat(client.secrets().withName(StackNames.databaseCredentials(stack)).get()).isNotNull();
    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("supernovastacks.ops.supernova-ai.com")
                .get())
        .as("helm keeps CRDs from crds/ on uninstall")
        .isNotNull();
  }

  private static Command.Result helm(String... args) {
    List<String> command = new ArrayList<>();
    command.add(LocalControlPlane.binary("helm").toString());
    command.add("--kubeconfig");
    command.add(kubeconfig.toString());
    command.addAll(List.of(args));
    return Command.run(Duration.ofMinutes(3), command);
  }
}
