package com.supernovaai.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.FieldManagers;
import com.supernovaai.operator.reconciler.SuperNovaStackReconciler;
import com.supernovaai.operator.rollout.RolloutPlanner;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrunedItemStoreTest {

  private static ConfigMap configMap() {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("prod-pooler")
        .withNamespace("shop")
        .addToManagedFields(
            new ManagedFieldsEntryBuilder()
                .withManager(FieldManagers.OPERATOR)
                .withOperation("Apply")
                .build())
        .addToManagedFields(
            new ManagedFieldsEntryBuilder()
                .withManager("kubectl-edit")
                .withOperation("Update")
                .build())
        .endMetadata()
        .addToData("pgbouncer.ini", "[pgbouncer]")
        .build();
  }

  @Test
  void storesAndHandsOnThePrunedObject() {
    var store = PrunedItemStore.<ConfigMap>forNamespaces(Constants.WATCH_ALL_NAMESPACE_SET);
    var received = configMap();

    store.put(store.getKey(received), received);

    var cached = store.get("shop/prod-pooler");
    // The informer passes this same instance to the event handlers after put.
    assertThat(cached).isSameAs(received);
    // Neither entry applies spec.replicas, the one thing read of them (CachedMetadataTest).
    assertThat(cached.getMetadata().getManagedFields()).isEmpty();
    assertThat(cached.getData()).containsEntry("pgbouncer.ini", "[pgbouncer]");
  }

  @Test
  void noSharedStoreForInformersOfSeveralNamespaces() {
    assertThat(PrunedItemStore.<ConfigMap>forNamespaces(Set.of("shop"))).isNotNull();
    assertThat(PrunedItemStore.<ConfigMap>forNamespaces(Set.of("shop", "billing"))).isNull();
  }

  @Test
  void theKeptManagersAreTheOnesTheOperatorWritesWith() {
    // JOSDK applies dependents under the controller's name unless told otherwise.
    assertThat(FieldManagers.READ)
        .containsExactlyInAnyOrder(
            SuperNovaStackReconciler.NAME, RolloutPlanner.HANDOVER_FIELD_MANAGER);
  }
}
