package com.supernovaai.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension.TestNamespace;
import com.supernovaai.e2e.cluster.LocalControlPlane;
import com.supernovaai.e2e.cluster.RepoPaths;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.OperatorConfig;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.SuperNovaOperator;
import com.supernovaai.operator.model.DeletionPolicy;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  @Order(2)
  void operatorWithTheChartsRbacReconcilesAStackToReady(
      KubernetesClient client, TestNamespace namespace) {
    // With leader election, as the chart runs it: the Lease Role must let it take and renew the
    // Lease (a lost Lease fails the test here; in a pod it ends the process).
    AtomicBoolean leaseLost = new AtomicBoolean();
    try (KubernetesClient asServiceAccount =
            clientAsServiceAccount(client, namespace.name(), release);
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
  @Order(3)
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

  /** A client that authenticates as the chart's ServiceAccount with a short-lived token. */
  static KubernetesClient clientAsServiceAccount(
      KubernetesClient admin, String namespace, String serviceAccount) {
    TokenRequest request =
        admin
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(serviceAccount)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build());
    Config config =
        new ConfigBuilder(admin.getConfiguration())
            .withClientCertData(null)
            .withClientKeyData(null)
            .withClientCertFile(null)
            .withClientKeyFile(null)
            .withOauthToken(request.getStatus().getToken())
            .withNamespace(namespace)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
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
