package com.supernovaai.operator.dependent;

import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/** Looks up a stack's objects in the informer caches by kind and name. */
public final class Secondaries {

  private Secondaries() {}

  public static <R extends HasMetadata> Optional<R> byName(
      Context<SuperNovaStack> context, Class<R> type, String name) {
    return context
        .getSecondaryResourcesAsStream(type)
        .filter(r -> name.equals(r.getMetadata().getName()))
        .findFirst();
  }
}
