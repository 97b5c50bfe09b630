package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.model.SuperNovaStack;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The latest values of each stack's series (by namespace/name), taken from its status by a pure
 * function, and published whole whenever one stack's changed: a stack whose snapshot becomes null,
 * or that is deleted, leaves no series.
 */
final class StackSnapshots<S> {

  private final Map<String, S> byStack = new HashMap<>();
  private final Function<SuperNovaStack, S> snapshot;
  private final Consumer<Collection<S>> publish;

  StackSnapshots(Function<SuperNovaStack, S> snapshot, Consumer<Collection<S>> publish) {
    this.snapshot = snapshot;
    this.publish = publish;
  }

  synchronized void record(SuperNovaStack stack) {
    S value = snapshot.apply(stack);
    S before = value == null ? byStack.remove(key(stack)) : byStack.put(key(stack), value);
    if (value != null || before != null) {
      publish.accept(List.copyOf(byStack.values()));
    }
  }

  synchronized void remove(SuperNovaStack stack) {
    if (byStack.remove(key(stack)) != null) {
      publish.accept(List.copyOf(byStack.values()));
    }
  }

  /** Unix seconds of a status timestamp; null when absent or unreadable. */
  static Long epochSeconds(String time) {
    if (time == null) {
      return null;
    }
    try {
      return Instant.parse(time).getEpochSecond();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String key(SuperNovaStack stack) {
    return stack.getMetadata().getNamespace() + "/" + stack.getMetadata().getName();
  }
}
