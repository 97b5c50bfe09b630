package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension.TestNamespace;
import com.supernovaai.e2e.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves the test cluster is a real one: controllers, scheduler, kubelet (kwok), GC and CRD
 * validation all work.
 */
@ExtendWith(KubernetesClusterExtension.class)
class ClusterSmokeIT {

  private static final Map<String, String> APP = Map.of("app", "smoke");

  @Test
  void deploymentBecomesAvailableAndIsGarbageCollected(
      KubernetesClient client, TestCluster cluster) {
    System.out.println("Cluster under test: " + cluster.kind());
    Deployment deployment =
        client
            .apps()
            .deployments()
            .resource(
                new DeploymentBuilder()
                    .withNewMetadata()
                    .withName("smoke")
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(2)
                    .withNewSelector()
                    .withMatchLabels(APP)
                    .endSelector()
                    .withNewTemplate()
                    .withNewMetadata()
                    .withLabels(APP)
                    .endMetadata()
                    .withNewSpec()
                    .withContainers(container("web"))
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build())
            .create();

    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () -> {
              Deployment current = client.apps().deployments().withName("smoke").get();
              assertThat(current.getStatus().getAvailableReplicas()).isEqualTo(2);
            });
    List<ReplicaSet> replicaSets = client.apps().replicaSets().withLabels(APP).list().getItems();
    assertThat(replicaSets)
        .singleElement()
        .satisfies(rs -> assertOwnedBy(rs.getMetadata(), deployment));
    List<Pod> pods = client.pods().withLabels(APP).list().getItems();
    assertThat(pods)
        .hasSize(2)
        .allSatisfy(
            pod -> {
              assertThat(pod.getSpec().getNodeName()).as("bound by the scheduler").isNotBlank();
              assertThat(pod.getStatus().getPodIP()).as("pod IP from the kubelet").isNotBlank();
            });

    client.apps().deployments().withName("smoke").delete();
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () -> {
              assertThat(client.apps().replicaSets().withLabels(APP).list().getItems()).isEmpty();
              assertThat(client.pods().withLabels(APP).list().getItems()).isEmpty();
            });
  }

  @Test
  void statefulSetWithVolumeClaimBecomesReady(KubernetesClient client, TestNamespace namespace) {
    Map<String, String> labels = Map.of("app", "smoke-db");
    client
        .apps()
        .statefulSets()
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName("smoke-db")
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withServiceName("smoke-db")
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withContainers(
                    new ContainerBuilder(container("db"))
                        .addNewVolumeMount()
                        .withName("data")
                        .withMountPath("/data")
                        .endVolumeMount()
                        .build())
                .endSpec()
                .endTemplate()
                .addNewVolumeClaimTemplate()
                .withNewMetadata()
                .withName("data")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("5Gi"))
                .endResources()
                .endSpec()
                .endVolumeClaimTemplate()
                .endSpec()
                .build())
        .create();

    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .apps()
                          .statefulSets()
                          .withName("smoke-db")
                          .get()
                          .getStatus()
                          .getReadyReplicas())
                  .isEqualTo(1);
              PersistentVolumeClaim claim =
                  client.persistentVolumeClaims().withName("data-smoke-db-0").get();
              assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
              assertThat(claim.getSpec().getStorageClassName())
                  .as("default StorageClass")
                  .isNotBlank();
            });
    assertThat(namespace.name()).isEqualTo(client.getNamespace());
  }

  @Test
  void jobPodCompletes(KubernetesClient client) {
    client
        .batch()
        .v1()
        .jobs()
        .resource(
            new JobBuilder()
                .withNewMetadata()
                .withName("smoke-job")
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withNewTemplate()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withContainers(container("job"))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();

    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .batch()
                            .v1()
                            .jobs()
                            .withName("smoke-job")
                            .get()
                            .getStatus()
                            .getSucceeded())
                    .isEqualTo(1));
  }

  @Test
  void customResourceDefinitionSchemaRejectsInvalidObjects(KubernetesClient client) {
    String crdYaml =
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: smokes.smoke.supernova.test}
        spec:
          group: smoke.supernova.test
          scope: Namespaced
          names: {plural: smokes, singular: smoke, kind: Smoke}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      size: {type: integer, minimum: 1, maximum: 10}
        """;
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .load(new ByteArrayInputStream(crdYaml.getBytes(StandardCharsets.UTF_8)))
            .item();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(
            c ->
                c.getStatus() != null
                    // Right after creation the status exists but has no conditions yet.
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
            60,
            java.util.concurrent.TimeUnit.SECONDS);
    ResourceDefinitionContext smokes = CustomResourceDefinitionContext.fromCrd(crd);
    try {
      GenericKubernetesResource valid = smoke("valid", 3);
      client.genericKubernetesResources(smokes).resource(valid).create();

      assertThatThrownBy(
              () ->
                  client.genericKubernetesResources(smokes).resource(smoke("too-big", 11)).create())
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("spec.size")
          .hasMessageContaining("10");
    } finally {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).delete();
    }
  }

  private static GenericKubernetesResource smoke(String name, int size) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("smoke.supernova.test/v1")
        .withKind("Smoke")
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("size", size))
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Container container(String name) {
    return new ContainerBuilder().withName(name).withImage("registry.example/smoke:1").build();
  }

  private static void assertOwnedBy(
      io.fabric8.kubernetes.api.model.ObjectMeta child, Deployment owner) {
    assertThat(child.getOwnerReferences())
        .anySatisfy(ref -> assertThat(ref.getUid()).isEqualTo(owner.getMetadata().getUid()));
  }
}
