package com.supernovaai.operator.volume;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.BackupSpec;
import com.supernovaai.operator.model.DatabaseSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.EventReasons;
import com.supernovaai.operator.status.EventRecorder;
import com.supernovaai.operator.status.Fault;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Grows the stack's volumes when the spec asks for more: the database's and Redis's claims (made by
 * their StatefulSets, whose claim templates cannot change) and the backup volume. The claims are
 * patched directly, as CloudNativePG does; the StorageClass must allow expansion, otherwise the
 * stack is Degraded with {@link Reasons#VOLUME_EXPANSION_UNSUPPORTED} (and a Warning Event) and
 * keeps serving. Claims never shrink: the schema refuses a smaller size.
 */
public final class VolumeExpansion {

  /** A claim that requests less than the spec asks for. */
  public record Growth(String claim, String storageClass, Quantity from, Quantity to) {}

  private VolumeExpansion() {}

  /** Pure: which of the stack's claims must grow, and to what. */
  public static List<Growth> needed(
      SuperNovaStack stack, Collection<PersistentVolumeClaim> claims) {
    List<Growth> growths = new ArrayList<>();
    for (PersistentVolumeClaim claim : claims) {
      desiredSize(stack, claim)
          .ifPresent(
              desired -> {
                Quantity current = requested(claim);
                if (current == null || desired.compareTo(current) > 0) {
                  growths.add(
                      new Growth(
                          claim.getMetadata().getName(),
                          claim.getSpec().getStorageClassName(),
                          current,
                          desired));
                }
              });
    }
    return growths;
  }

  /**
   * Patches the claims that must grow and whose class allows it; returns a fault naming the ones
   * that cannot grow, if any.
   */
  public static Optional<Fault> apply(
      SuperNovaStack stack, Context<SuperNovaStack> context, Instant now) {
    var growths =
        needed(stack, context.getSecondaryResourcesAsStream(PersistentVolumeClaim.class).toList());
    if (growths.isEmpty()) {
      return Optional.empty();
    }
    KubernetesClient client = context.getClient();
    // One read per class, and only while a claim must grow (StorageClasses are not cached).
    Map<String, Boolean> expandable = new HashMap<>();
    List<Growth> refused = new ArrayList<>();
    for (Growth growth : growths) {
      String className = growth.storageClass() == null ? "" : growth.storageClass();
      if (!expandable.computeIfAbsent(className, name -> allowsExpansion(client, name))) {
        refused.add(growth);
        continue;
      }
      client
          .persistentVolumeClaims()
          .inNamespace(StackNames.namespace(stack))
          .withName(growth.claim())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"" + growth.to() + "\"}}}}");
      EventRecorder.emit(
          client,
          stack,
          EventRecorder.NORMAL,
          EventReasons.VOLUME_EXPANDING,
          "Volume " + growth.claim() + " grows from " + growth.from() + " to " + growth.to(),
          now);
    }
    if (refused.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Fault.degradesOnly(
            Reasons.VOLUME_EXPANSION_UNSUPPORTED,
            refused.stream()
                    .map(
                        g ->
                            g.claim()
                                + " ("
                                + g.from()
                                + " -> "
                                + g.to()
                                + ", StorageClass "
                                + (g.storageClass() == null ? "none" : g.storageClass())
                                + ")")
                    .collect(Collectors.joining(", "))
                + " cannot grow: the StorageClass does not allow volume expansion"
                + " (allowVolumeExpansion). Move the data to a class that does, or set the size"
                + " back"));
  }

  private static boolean allowsExpansion(KubernetesClient client, String storageClass) {
    if (storageClass.isEmpty()) {
      return false;
    }
    StorageClass found = client.storage().v1().storageClasses().withName(storageClass).get();
    return found != null && Boolean.TRUE.equals(found.getAllowVolumeExpansion());
  }

  /** What the spec asks of this claim; empty for claims the stack does not size. */
  static Optional<Quantity> desiredSize(SuperNovaStack stack, PersistentVolumeClaim claim) {
    var labels = claim.getMetadata().getLabels();
    String component = labels == null ? null : labels.get(Labels.COMPONENT);
    var spec = stack.getSpec();
    String name = claim.getMetadata().getName();
    if (Labels.COMPONENT_DATABASE.equals(component)) {
      var storage = spec.getDatabase().getStorage();
      return Optional.of(
          new Quantity(
              storage == null || storage.getSize() == null
                  ? DatabaseSpec.DEFAULT_STORAGE_SIZE
                  : storage.getSize()));
    }
    if (Labels.COMPONENT_REDIS.equals(component)) {
      return Optional.ofNullable(spec.getRedis().getPersistence().getSize()).map(Quantity::new);
    }
    if (Labels.COMPONENT_BACKUP.equals(component) && name.equals(StackNames.backupVolume(stack))) {
      var storage = spec.getBackup().getStorage();
      return Optional.of(
          new Quantity(
              storage == null || storage.getSize() == null
                  ? BackupSpec.DEFAULT_STORAGE_SIZE
                  : storage.getSize()));
    }
    return Optional.empty();
  }

  private static Quantity requested(PersistentVolumeClaim claim) {
    var resources = claim.getSpec().getResources();
    return resources == null || resources.getRequests() == null
        ? null
        : resources.getRequests().get("storage");
  }
}
