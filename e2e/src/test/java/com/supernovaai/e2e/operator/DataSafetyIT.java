package com.supernovaai.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nothing is lost by the operator's own doing: "database.storage.size and redis.persistence.size
 * may grow" (a larger size grows the claims; the StatefulSets' claim templates cannot change, so
 * the operator patches the claims; a StorageClass that does not allow expansion is said in a
 * condition and an Event while the stack keeps serving), and a generated database Secret deleted
 * under a live volume is not regenerated into a password the database never learned.
 */
@ExtendWith(KubernetesClusterExtension.class)
class DataSafetyIT {

  private static final String FIXED_CLASS = "supernova-test-fixed-size";

  private static InProcessOperator operator;

  @BeforeAll
  static void startOperator(
      TestCluster cluster, KubernetesClusterExtension.TestNamespace namespace) {
    operator = InProcessOperator.start(cluster, namespace.name());
  }

  @AfterAll
  static void stopOperator(KubernetesClient client) {
    if (operator != null) {
      operator.close();
    }
    client.storage().v1().storageClasses().withName(FIXED_CLASS).delete();
    client.persistentVolumes().withName(FIXED_CLASS + "-pv").delete();
  }

  @Test
  void aLargerSizeGrowsTheClaimsOfAnExpandableClass(KubernetesClient client) {
    SuperNovaStack stack = Stacks.loadExample("minimal.yaml");
    stack.getMetadata().setName("grows");
    StackLifecycleIT.create(client, stack);
    StackLifecycleIT.awaitReady(client, stack);
    assertThat(request(client, "data-grows-db-0")).isEqualTo(new Quantity("100Gi"));

    patch(
        client,
        "grows",
        "{\"spec\":{\"database\":{\"storage\":{\"size\":\"150Gi\"}},"
            + "\"redis\":{\"persistence\":{\"size\":\"16Gi\"}},"
            + "\"backup\":{\"storage\":{\"size\":\"300Gi\"}}}}");

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(request(client, "data-grows-db-0"))
                  .isEqualByComparingTo(new Quantity("150Gi"));
              assertThat(request(client, "data-grows-redis-0"))
                  .isEqualByComparingTo(new Quantity("16Gi"));
              assertThat(request(client, "grows-backup"))
                  .isEqualByComparingTo(new Quantity("300Gi"));
              assertThat(StackInputIT.events(client, "grows"))
                  .anySatisfy(
                      e -> {
                        assertThat(e.getReason()).isEqualTo("VolumeExpanding");
                        assertThat(e.getMessage()).contains("data-grows-db-0").contains("150Gi");
                      });
            });
    SuperNovaStack after = client.resources(SuperNovaStack.class).withName("grows").get();
    assertThat(Stacks.isReady(after)).as("status: %s", after.getStatus()).isTrue();

    aDeletedDatabaseSecretIsNotRegeneratedOverLiveData(client, after);
    client.resources(SuperNovaStack.class).withName("grows").delete();
  }

  /**
   * The database volume was initialised with the Secret's passwords: a new random Secret would
   * restart the API and PgBouncer into authentication failures. With the Secret and the operator's
   * applied copy of it both gone (one alone is restored from the other: CredentialsRotationIT), the
   * stack stops short, says why, changes nothing, and resumes when the Secret is put back.
   */
  private void aDeletedDatabaseSecretIsNotRegeneratedOverLiveData(
      KubernetesClient client, SuperNovaStack stack) {
    String secretName = StackNames.databaseCredentials(stack);
    String copyName = StackNames.databaseCredentialsApplied(stack);
    Secret saved = client.secrets().withName(secretName).get();
    String templateBefore = apiTemplateHash(client);
    // Paused, so that the operator does not restore one from the other between the two deletes:
    // once its status says so (a CI run deleted the copy before the operator had seen the pause; it
    // put the copy back from the Secret, then the Secret back from the copy).
    pause(client, stack, "true");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        Stacks.condition(
                            client
                                .resources(SuperNovaStack.class)
                                .withName(stack.getMetadata().getName())
                                .get(),
                            "ReconciliationPaused"))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True")));
    client.secrets().withName(copyName).withTimeout(30, TimeUnit.SECONDS).delete();
    client.secrets().withName(secretName).withTimeout(30, TimeUnit.SECONDS).delete();
    pause(client, stack, null);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              SuperNovaStack current =
                  client
                      .resources(SuperNovaStack.class)
                      .withName(stack.getMetadata().getName())
                      .get();
              assertThat(Stacks.condition(current, "Degraded"))
                  .hasValueSatisfying(
                      c -> {
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getReason()).isEqualTo("GeneratedSecretLost");
                        assertThat(c.getMessage())
                            .contains(secretName)
                            .contains(copyName)
                            .contains("data-grows-db-0");
                      });
            });
    assertThat(client.secrets().withName(secretName).get())
        .as("no new password was generated")
        .isNull();
    assertThat(client.secrets().withName(copyName).get()).as("nor a copy of one").isNull();
    assertThat(apiTemplateHash(client)).as("no consumer was restarted").isEqualTo(templateBefore);

    saved.getMetadata().setResourceVersion(null);
    saved.getMetadata().setUid(null);
    saved.getMetadata().setCreationTimestamp(null);
    saved.getMetadata().setManagedFields(null);
    client.resource(saved).create();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                Stacks.isReady(
                    client
                        .resources(SuperNovaStack.class)
                        .withName(stack.getMetadata().getName())
                        .get()));
    assertThat(apiTemplateHash(client))
        .as("the same Secret back: nothing to restart")
        .isEqualTo(templateBefore);
    assertThat(client.secrets().withName(copyName).get())
        .as("the applied copy is made again from the Secret put back")
        .isNotNull();
  }

  private static void pause(KubernetesClient client, SuperNovaStack stack, String value) {
    String annotation = value == null ? "null" : "\"" + value + "\"";
    patch(
        client,
        stack.getMetadata().getName(),
        "{\"metadata\":{\"annotations\":{\""
            + SuperNovaStack.PAUSE_ANNOTATION
            + "\":"
            + annotation
            + "}}}");
  }

  /** Pod template annotations of the stack's API Deployments (they carry the Secrets' hashes). */
  private static String apiTemplateHash(KubernetesClient client) {
    return client.apps().deployments().list().getItems().stream()
        .filter(d -> d.getMetadata().getName().startsWith("grows-api"))
        .map(
            d ->
                d.getMetadata().getName()
                    + "="
                    + d.getSpec().getTemplate().getMetadata().getAnnotations())
        .sorted()
        .toList()
        .toString();
  }

  @Test
  void aClassThatCannotExpandIsSaidInAConditionAndAnEvent(KubernetesClient client) {
    client
        .storage()
        .v1()
        .storageClasses()
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName(FIXED_CLASS)
                .endMetadata()
                .withProvisioner("kubernetes.io/no-provisioner")
                .withVolumeBindingMode("Immediate")
                .withAllowVolumeExpansion(false)
                .build())
        .createOr(r -> r.update());
    client
        .persistentVolumes()
        .resource(
            new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(FIXED_CLASS + "-pv")
                .endMetadata()
                .withNewSpec()
                .addToCapacity("storage", new Quantity("100Gi"))
                .withAccessModes("ReadWriteOnce")
                .withPersistentVolumeReclaimPolicy("Retain")
                .withStorageClassName(FIXED_CLASS)
                .withNewHostPath()
                .withPath("/tmp/supernova-local-pv/" + FIXED_CLASS)
                .endHostPath()
                .endSpec()
                .build())
        .createOr(r -> r.update());

    SuperNovaStack stack = Stacks.loadExample("minimal.yaml");
    stack.getMetadata().setName("fixed");
    stack.getSpec().getRedis().getPersistence().setStorageClassName(FIXED_CLASS);
    StackLifecycleIT.create(client, stack);
    StackLifecycleIT.awaitReady(client, stack);

    patch(client, "fixed", "{\"spec\":{\"redis\":{\"persistence\":{\"size\":\"16Gi\"}}}}");

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              SuperNovaStack current =
                  client.resources(SuperNovaStack.class).withName("fixed").get();
              assertThat(Stacks.condition(current, "Degraded"))
                  .hasValueSatisfying(
                      c -> {
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getReason()).isEqualTo("VolumeExpansionUnsupported");
                        assertThat(c.getMessage())
                            .contains("data-fixed-redis-0")
                            .contains(FIXED_CLASS);
                      });
              assertThat(Stacks.isReady(current)).as("the stack keeps serving").isTrue();
              assertThat(StackInputIT.events(client, "fixed"))
                  .anySatisfy(
                      e -> {
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getReason()).isEqualTo("VolumeExpansionUnsupported");
                      });
            });
    assertThat(request(client, "data-fixed-redis-0"))
        .as("the claim is left as it was")
        .isEqualByComparingTo(new Quantity("8Gi"));
    client.resources(SuperNovaStack.class).withName("fixed").delete();
  }

  private static Quantity request(KubernetesClient client, String claim) {
    PersistentVolumeClaim c = client.persistentVolumeClaims().withName(claim).get();
    assertThat(c).as("claim %s exists; claims: %s", claim, claims(client)).isNotNull();
    return c.getSpec().getResources().getRequests().get("storage");
  }

  private static List<String> claims(KubernetesClient client) {
    return client.persistentVolumeClaims().list().getItems().stream()
        .map(c -> c.getMetadata().getName())
        .toList();
  }

  private static void patch(KubernetesClient client, String name, String json) {
    client
        .resources(SuperNovaStack.class)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), json);
  }
}
