package com.supernovaai.operator.cache;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The metadata an informer cache keeps of an object. managedFields are most of an object's size (a
 * Deployment's entries of the controller-manager, a pod's of the kubelet restate the fields they
 * own), yet the operator reads only the entries of its own field managers; kubectl's
 * last-applied-configuration annotation is a whole copy of the object that nothing here reads.
 */
public final class CachedMetadata {

  /** kubectl apply's copy of what was applied; read by kubectl only. */
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private CachedMetadata() {}

  /**
   * {@code metadata} without the managedFields entries of other managers than {@code kept} and
   * without {@link #LAST_APPLIED}; the same instance when there is nothing to drop.
   */
  public static ObjectMeta pruned(ObjectMeta metadata, Set<String> kept) {
    if (metadata == null) {
      return null;
    }
    List<ManagedFieldsEntry> managedFields = metadata.getManagedFields();
    Map<String, String> annotations = metadata.getAnnotations();
    boolean foreignManagers =
        managedFields != null
            && managedFields.stream().anyMatch(e -> !kept.contains(e.getManager()));
    boolean lastApplied = annotations != null && annotations.containsKey(LAST_APPLIED);
    if (!foreignManagers && !lastApplied) {
      return metadata;
    }
    var builder = new ObjectMetaBuilder(metadata);
    if (foreignManagers) {
      builder.withManagedFields(
          managedFields.stream().filter(e -> kept.contains(e.getManager())).toList());
    }
    if (lastApplied) {
      builder.withAnnotations(
          annotations.entrySet().stream()
              .filter(e -> !LAST_APPLIED.equals(e.getKey()))
              .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }
    return builder.build();
  }
}
