package com.supernovaai.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnAddFilter;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Add filter that passes every add but those of the objects an informer listed when the operator
 * started. Those objects are in the cache before any stack is reconciled (JOSDK starts reconciling
 * once every informer has started), so each stack's first reconciliation sees them; their adds,
 * which fabric8 delivers after the informer has reported itself started, would only queue a second
 * reconciliation of every stack that changes nothing (a restart on 1000 stacks: 2,000
 * reconciliations instead of 1,000, e2e/bench/HISTORY.md, seventh slice).
 *
 * <p>An add is matched by the object's name and resourceVersion as listed, so an object changed or
 * created since passes. The informer delivers the adds of its list before any event of its watch,
 * so the first other event ends the matching, and so does any add that does not match: what is left
 * then passes, as without this filter.
 */
final class ListedAtStart<R extends HasMetadata> implements OnAddFilter<R> {

  /** Name by resourceVersion of each listed object whose add has not passed yet. */
  private Map<String, String> pending = Map.of();

  /** The objects in the informer's cache once it has started. */
  synchronized void remember(Stream<R> listed) {
    var names = new HashMap<String, String>();
    listed.forEach(r -> names.put(r.getMetadata().getResourceVersion(), r.getMetadata().getName()));
    pending = names.isEmpty() ? Map.of() : names;
  }

  @Override
  public synchronized boolean accept(R resource) {
    if (pending.isEmpty()) {
      return true;
    }
    var metadata = resource.getMetadata();
    String version = metadata.getResourceVersion();
    if (version != null && metadata.getName().equals(pending.get(version))) {
      pending.remove(version);
      if (pending.isEmpty()) {
        pending = Map.of();
      }
      return false;
    }
    forget();
    return true;
  }

  /** An event of the informer's watch: the adds of its list have all been delivered. */
  synchronized void forget() {
    pending = Map.of();
  }

  /** How many listed objects' adds are still to come (for tests). */
  synchronized int pending() {
    return pending.size();
  }
}
