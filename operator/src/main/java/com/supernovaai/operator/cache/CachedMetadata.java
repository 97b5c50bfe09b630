package com.supernovaai.operator.cache;

import com.supernovaai.operator.FieldManagers;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The metadata an informer cache keeps of an object. managedFields are most of an object's size (a
 * Deployment's entries of the controller-manager, a pod's of the kubelet restate the fields they
 * own, and the operator's own entry restates everything it applies), yet the operator reads one
 * thing of them: whether one of its own field managers applies spec.replicas (the HPA hand-over,
 * {@code rollout/Deployments.appliesReplicas}). Changes are found by {@code
 * dependent/AppliedState}, without managedFields. kubectl's last-applied-configuration annotation
 * is a whole copy of the object that nothing here reads.
 */
public final class CachedMetadata {

  /** kubectl apply's copy of what was applied; read by kubectl only. */
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  /** The one field set kept: spec.replicas, shared by every entry that holds it. */
  static final Map<String, Object> REPLICAS = Map.of("f:spec", Map.of("f:replicas", Map.of()));

  private CachedMetadata() {}

  /**
   * {@code metadata} with only the managedFields entries of the managers {@code kept} that hold
   * spec.replicas, each reduced to that field, and without {@link #LAST_APPLIED}; the same instance
   * when there is nothing to drop. managedFields stays a list, empty when nothing is kept.
   */
  public static ObjectMeta pruned(ObjectMeta metadata, Set<String> kept) {
    if (metadata == null) {
      return null;
    }
    List<ManagedFieldsEntry> entries = metadata.getManagedFields();
    Map<String, String> annotations = metadata.getAnnotations();
    boolean reduce = entries != null && !entries.stream().allMatch(CachedMetadata::isReduced);
    boolean lastApplied = annotations != null && annotations.containsKey(LAST_APPLIED);
    if (!reduce && !lastApplied) {
      return metadata;
    }
    var builder = new ObjectMetaBuilder(metadata);
    if (reduce) {
      builder.withManagedFields(
          entries.stream()
              .filter(e -> kept.contains(e.getManager()) && FieldManagers.holdsReplicas(e))
              .map(CachedMetadata::reduced)
              .toList());
    }
    if (lastApplied) {
      builder.withAnnotations(
          annotations.entrySet().stream()
              .filter(e -> !LAST_APPLIED.equals(e.getKey()))
              .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }
    return builder.build();
  }

  /** An entry as {@link #pruned} leaves it (so a second pruning changes nothing). */
  private static boolean isReduced(ManagedFieldsEntry entry) {
    return entry.getFieldsV1() != null
        && Objects.equals(entry.getFieldsV1().getAdditionalProperties(), REPLICAS);
  }

  private static ManagedFieldsEntry reduced(ManagedFieldsEntry entry) {
    FieldsV1 replicas = new FieldsV1();
    replicas.setAdditionalProperties(REPLICAS);
    return new ManagedFieldsEntryBuilder(entry).withFieldsV1(replicas).build();
  }
}
