package com.supernovaai.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.rollout.MigrationFailure;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedPodsTest {

  private static final String IMAGE = "supernova-api:2.0";

  /** An API pod as the kubelet reports one whose migration failed. */
  private static Pod apiPod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("prod-api-green-7d9f-abcde")
        .withNamespace("shop")
        .addToLabels(Labels.COLOR, "green")
        .addToAnnotations("note", "kept")
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName("prod-api")
        .addNewInitContainer()
        .withName("wait")
        .withImage("busybox")
        .withCommand("sh", "-c", "true")
        .endInitContainer()
        .addNewContainer()
        .withName("api")
        .withImage(IMAGE)
        .addNewEnv()
        .withName("DATABASE_URL")
        .withValue("jdbc:postgresql://prod-pooler:5432/supernova")
        .endEnv()
        .addNewVolumeMount()
        .withName("config")
        .withMountPath("/etc/supernova")
        .endVolumeMount()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/health/readiness")
        .endHttpGet()
        .endReadinessProbe()
        .endContainer()
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName("prod-api")
        .endConfigMap()
        .endVolume()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .addNewContainerStatus()
        .withName("api")
        .withImage(IMAGE)
        .withReady(false)
        .withNewState()
        .withNewTerminated()
        .withExitCode(MigrationFailure.EXIT_CODE)
        .withMessage(MigrationFailure.PREFIX + "V9 needs a column that V8 dropped")
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  @Test
  void aCachedPodKeepsItsContainersImagesItsMetadataAndItsStatusOnly() {
    var store = PrunedItemStore.<Pod>forNamespaces(Constants.WATCH_ALL_NAMESPACE_SET);
    Pod received = apiPod();
    var status = apiPod().getStatus();

    store.put(store.getKey(received), received);

    Pod cached = store.get("shop/prod-api-green-7d9f-abcde");
    assertThat(cached).isSameAs(received);
    assertThat(cached.getSpec().getContainers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getName()).isEqualTo("api");
              assertThat(c.getImage()).isEqualTo(IMAGE);
              assertThat(c.getEnv()).isEmpty();
              assertThat(c.getReadinessProbe()).isNull();
              assertThat(c.getVolumeMounts()).isEmpty();
            });
    assertThat(cached.getSpec().getInitContainers())
        .singleElement()
        .satisfies(c -> assertThat(c.getCommand()).isEmpty());
    assertThat(cached.getSpec().getVolumes()).isEmpty();
    assertThat(cached.getSpec().getServiceAccountName()).isNull();
    assertThat(cached.getStatus()).isEqualTo(status);
    assertThat(cached.getMetadata().getAnnotations()).containsEntry("note", "kept");
  }

  @Test
  void whatTheOperatorReadsOfAPodReadsTheSameFromTheCache() {
    var store = PrunedItemStore.<Pod>forNamespaces(Constants.WATCH_ALL_NAMESPACE_SET);
    Pod received = apiPod();
    var fromTheServer = MigrationFailure.among(List.of(apiPod()), "green", IMAGE);

    store.put(store.getKey(received), received);

    assertThat(fromTheServer).isPresent();
    assertThat(
            MigrationFailure.among(
                List.of(store.get("shop/prod-api-green-7d9f-abcde")), "green", IMAGE))
        .isEqualTo(fromTheServer);
  }

  @Test
  void pruningTwiceChangesNothing() {
    var once = CachedPods.pruned(apiPod().getSpec());

    assertThat(CachedPods.pruned(once)).isEqualTo(once);
    assertThat(CachedPods.pruned(null)).isNull();
  }
}
