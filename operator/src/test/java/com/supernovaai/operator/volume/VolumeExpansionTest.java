package com.supernovaai.operator.volume;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.StorageSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeExpansionTest {

  @Test
  void claimsSmallerThanTheSpecGrowAndNothingElseIsTouched() {
    SuperNovaStack stack = Stacks.minimal();
    var storage = new StorageSpec();
    storage.setSize("20Gi");
    stack.getSpec().getDatabase().setStorage(storage);
    stack.getSpec().getRedis().getPersistence().setSize("8Gi");

    var growths =
        VolumeExpansion.needed(
            stack,
            List.of(
                claim("data-prod-db-0", Labels.COMPONENT_DATABASE, "10Gi"),
                claim("data-prod-redis-0", Labels.COMPONENT_REDIS, "8Gi"),
                claim(StackNames.backupVolume(stack), Labels.COMPONENT_BACKUP, "200Gi"),
                claim("other-backups", Labels.COMPONENT_BACKUP, "1Gi")));

    assertThat(growths)
        .containsExactly(
            new VolumeExpansion.Growth(
                "data-prod-db-0", "standard", new Quantity("10Gi"), new Quantity("20Gi")));
  }

  @Test
  void equalSizesInOtherUnitsAreNoGrowth() {
    SuperNovaStack stack = Stacks.minimal();
    var storage = new StorageSpec();
    storage.setSize("1024Mi");
    stack.getSpec().getDatabase().setStorage(storage);
    assertThat(
            VolumeExpansion.needed(
                stack, List.of(claim("data-prod-db-0", Labels.COMPONENT_DATABASE, "1Gi"))))
        .isEmpty();
  }

  private static PersistentVolumeClaim claim(String name, String component, String size) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("supernova")
        .addToLabels(Labels.COMPONENT, component)
        .endMetadata()
        .withNewSpec()
        .withStorageClassName("standard")
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }
}
