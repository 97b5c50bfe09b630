package com.supernovaai.operator.dependent;

import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;

/**
 * The volume claim template of a StatefulSet (database, persistent Redis). A StatefulSet's
 * volumeClaimTemplates cannot change: once it exists its live template is kept, so a storage change
 * in the spec is no update error (growth is done on the claims, by VolumeExpansion).
 */
final class ClaimTemplates {

  private ClaimTemplates() {}

  /**
   * The live StatefulSet's template if there is one, else a new ReadWriteOnce template.
   *
   * @param statefulSet name of the StatefulSet in the cache
   * @param storageClass null for the cluster's default class
   */
  static PersistentVolumeClaim keepLiveOrNew(
      Context<SuperNovaStack> context,
      String statefulSet,
      String volume,
      Map<String, String> labels,
      String size,
      String storageClass) {
    var live =
        Secondaries.byName(context, StatefulSet.class, statefulSet)
            .map(s -> s.getSpec().getVolumeClaimTemplates())
            .filter(t -> !t.isEmpty())
            .map(t -> t.get(0));
    if (live.isPresent()) {
      return template(live.get().getMetadata().getName(), live.get().getMetadata().getLabels())
          .withNewSpecLike(live.get().getSpec())
          .endSpec()
          .build();
    }
    return template(volume, labels)
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClass)
        .withVolumeMode("Filesystem")
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }

  private static PersistentVolumeClaimBuilder template(String name, Map<String, String> labels) {
    return new PersistentVolumeClaimBuilder()
        .withApiVersion("v1")
        .withKind("PersistentVolumeClaim")
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata();
  }
}
