package com.supernovaai.operator.dependent;

import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;

/**
 * Looks up a stack's objects in the informer caches by kind and name.
 *
 * <p>By key, not through JOSDK's {@code Context.getSecondaryResources}, which puts all of the
 * stack's objects of the kind into a set (twice over, for a dependent's own object) and so hashes
 * each one whole: fabric8's {@code hashCode} walks the entire object, quantities included. That was
 * 9 % of the operator's Java CPU samples while 100 stacks converged (e2e/bench/README.md). The
 * object found must still be one of the stack's as JOSDK's index counts them: the informer's own
 * secondary-to-primary mapper must map it to the stack.
 */
public final class Secondaries {

  private Secondaries() {}

  /** The stack's object of this kind and name, from the reconciliation's caches. */
  public static <R extends HasMetadata> Optional<R> byName(
      Context<SuperNovaStack> context, Class<R> type, String name) {
    SuperNovaStack stack = context.getPrimaryResource();
    for (EventSource<R, SuperNovaStack> source :
        context.eventSourceRetriever().getEventSourcesFor(type)) {
      Optional<R> found = byName(source, stack, name);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  static <R extends HasMetadata> Optional<R> byName(
      EventSource<R, SuperNovaStack> source, SuperNovaStack stack, String name) {
    if (source instanceof InformerEventSource<R, SuperNovaStack> informer
        && informer.configuration().getPrimaryToSecondaryMapper() == null) {
      // Such an informer indexes its objects by the stacks its mapper maps them to.
      ResourceID stackId = ResourceID.fromResource(stack);
      return informer
          .get(new ResourceID(name, stack.getMetadata().getNamespace()))
          .filter(
              r ->
                  informer
                      .configuration()
                      .getSecondaryToPrimaryMapper()
                      .toPrimaryResourceIDs(r)
                      .contains(stackId));
    }
    return source.getSecondaryResources(stack).stream()
        .filter(r -> name.equals(r.getMetadata().getName()))
        .findFirst();
  }
}
