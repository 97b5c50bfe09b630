package com.supernovaai.operator.cache;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
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
   * without {@link #LAST_APPLIED}; the same instance when there is nothing to drop. The field sets
   * of the entries kept are {@link #compact compacted} in place.
   */
  public static ObjectMeta pruned(ObjectMeta metadata, Set<String> kept) {
    ObjectMeta result = withoutForeignEntries(metadata, kept);
    if (result != null && result.getManagedFields() != null) {
      for (ManagedFieldsEntry entry : result.getManagedFields()) {
        if (entry.getFieldsV1() != null && entry.getFieldsV1().getAdditionalProperties() != null) {
          entry
              .getFieldsV1()
              .setAdditionalProperties(compact(entry.getFieldsV1().getAdditionalProperties()));
        }
      }
    }
    return result;
  }

  /**
   * A managedFields field set (FieldsV1: {@code {"f:spec":{"f:replicas":{}}}}) with the same
   * content, order and JSON, in less memory. The JSON reader makes a LinkedHashMap of every {@code
   * {}}, and a third of a set's nodes are such leaves: here every empty leaf is the one immutable
   * empty map and the other nodes are LinkedHashMaps sized to their content (at 100 stacks: 65,000
   * fewer maps, live heap 75.5 instead of 85.4 MiB in the paired bench run, e2e/bench/README.md).
   * The keys are already shared: Jackson interns field names. JOSDK's SSA matcher only reads the
   * sets.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> compact(Map<String, Object> fields) {
    if (fields.isEmpty()) {
      return Map.of();
    }
    var compacted = new LinkedHashMap<String, Object>((int) Math.ceil(fields.size() / 0.75));
    fields.forEach(
        (key, value) ->
            compacted.put(
                key,
                value instanceof Map<?, ?> child ? compact((Map<String, Object>) child) : value));
    return compacted;
  }

  private static ObjectMeta withoutForeignEntries(ObjectMeta metadata, Set<String> kept) {
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
