package com.supernovaai.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Update filter for kinds whose status the operator never reads (HorizontalPodAutoscaler,
 * PodDisruptionBudget, Ingress, NetworkPolicy): a change of status alone does not reconcile the
 * stack. An HPA rewrites its status at every metrics sync and a PDB at every pod readiness change;
 * each would otherwise be a full reconciliation of the stack that changes nothing. Spec changes
 * (generation), labels, annotations, owners and deletion still do, so drift is still put back. The
 * informer cache is updated either way.
 */
public final class SpecOrMetadataChanged<R extends HasMetadata> implements OnUpdateFilter<R> {

  @Override
  public boolean accept(R newResource, R oldResource) {
    var now = newResource.getMetadata();
    var before = oldResource.getMetadata();
    if (now.getGeneration() == null || before.getGeneration() == null) {
      return true; // no generation: cannot tell a spec change from a status change
    }
    return !Objects.equals(now.getGeneration(), before.getGeneration())
        || !Objects.equals(now.getLabels(), before.getLabels())
        || !Objects.equals(now.getAnnotations(), before.getAnnotations())
        || !Objects.equals(now.getOwnerReferences(), before.getOwnerReferences())
        || !Objects.equals(now.getFinalizers(), before.getFinalizers())
        || !Objects.equals(now.getDeletionTimestamp(), before.getDeletionTimestamp());
  }
}
