package com.supernovaai.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Update filter for kinds whose status the operator never reads (HorizontalPodAutoscaler,
 * PodDisruptionBudget, Ingress, NetworkPolicy, PersistentVolumeClaim): a change of status alone
 * does not reconcile the stack. An HPA rewrites its status at metrics syncs, a PDB at every pod
 * readiness change, the volume binder a claim twice when it binds it; each would otherwise be a
 * full reconciliation of the stack that changes nothing. Spec changes, labels, annotations, owners
 * and deletion still do, so drift is still put back. The informer cache is updated either way.
 *
 * <p>The spec is compared by generation where the API server keeps one, otherwise as {@code spec}
 * returns it: HPAs and claims have none (Kubernetes 1.34). The storage system's annotations (the
 * binder's {@code pv.kubernetes.io/bind-completed}, the provisioner's {@code volume.kubernetes.io/}
 * ones) are the cluster's bookkeeping, which the operator never applies, and are left out; other
 * Kubernetes domains are not (the operator applies {@code nginx.ingress.kubernetes.io/} ones).
 */
public final class SpecOrMetadataChanged<R extends HasMetadata> implements OnUpdateFilter<R> {

  /** Domains of the annotations the volume binder and provisioners write on claims. */
  private static final Set<String> STORAGE_DOMAINS =
      Set.of("pv.kubernetes.io", "volume.kubernetes.io", "volume.beta.kubernetes.io");

  private final Function<R, ?> spec;

  /** {@code spec}: what the operator applies of the object, compared when it has no generation. */
  public SpecOrMetadataChanged(Function<R, ?> spec) {
    this.spec = spec;
  }

  @Override
  public boolean accept(R newResource, R oldResource) {
    var now = newResource.getMetadata();
    var before = oldResource.getMetadata();
    boolean specChanged =
        now.getGeneration() != null && before.getGeneration() != null
            ? !Objects.equals(now.getGeneration(), before.getGeneration())
            : !Objects.equals(spec.apply(newResource), spec.apply(oldResource));
    return specChanged
        || !Objects.equals(now.getLabels(), before.getLabels())
        || !Objects.equals(ownAnnotations(now), ownAnnotations(before))
        || !Objects.equals(now.getOwnerReferences(), before.getOwnerReferences())
        || !Objects.equals(now.getFinalizers(), before.getFinalizers())
        || !Objects.equals(now.getDeletionTimestamp(), before.getDeletionTimestamp());
  }

  /** The annotations without the storage system's. */
  private static Map<String, String> ownAnnotations(ObjectMeta metadata) {
    var annotations = metadata.getAnnotations();
    if (annotations == null || annotations.isEmpty()) {
      return Map.of();
    }
    var own = new TreeMap<String, String>();
    annotations.forEach(
        (key, value) -> {
          if (!STORAGE_DOMAINS.contains(domain(key))) {
            own.put(key, value);
          }
        });
    return own;
  }

  private static String domain(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }
}
