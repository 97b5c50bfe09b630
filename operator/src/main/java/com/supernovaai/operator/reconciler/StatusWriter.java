package com.supernovaai.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.supernovaai.operator.cache.OperatorSerialization;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The one path a new status takes, from a successful reconciliation and from an error alike: the
 * Events of its transitions, the metrics, then the status patch unless nothing changed or it is
 * only progress written too recently ({@link StatusWrites}).
 */
final class StatusWriter {

  /** Writes a status to the API server (and the operator's cache). */
  @FunctionalInterface
  interface Patch {
    void apply(SuperNovaStack stack, SuperNovaStack fresh, Context<SuperNovaStack> context);
  }

  // Patched here rather than through UpdateControl.patchStatus, whose response JOSDK does not
  // cache: the next reconciliation would then compare against the stale status and patch the
  // same status again. This one caches the response (optimistic locking, retried on conflict).
  static final Patch CACHED_SSA = PrimaryUpdateAndCacheUtils::ssaPatchStatusAndCacheResource;

  private final StackMetrics metrics;
  private final Patch patch;
  private final StatusWrites throttle = new StatusWrites();

  StatusWriter(StackMetrics metrics, Patch patch) {
    this.metrics = metrics;
    this.patch = patch;
  }

  /**
   * Records and writes {@code status}; returns when to look again for a deferred write, or null.
   */
  Duration write(
      SuperNovaStack stack,
      SuperNovaStackStatus status,
      Context<SuperNovaStack> context,
      Instant now) {
    var previous = stack.getStatus();
    StackEvents.onTransition(context.getClient(), stack, previous, status, now);
    var fresh = withStatus(stack, status);
    metrics.record(fresh);
    if (sameJson(previous, status)) {
      return null;
    }
    String uid = stack.getMetadata().getUid();
    Duration deferral = throttle.deferral(uid, previous, status, now);
    if (deferral != null) {
      return deferral;
    }
    patch.apply(stack, fresh, context);
    throttle.written(uid, now);
    return null;
  }

  /** The stack is gone: forget what was remembered about it. */
  void forget(SuperNovaStack stack) {
    throttle.forget(stack.getMetadata().getUid());
    metrics.remove(stack);
  }

  /** A fresh object with only name, namespace and status: what a status patch should carry. */
  static SuperNovaStack withStatus(SuperNovaStack stack, SuperNovaStackStatus status) {
    var fresh = new SuperNovaStack();
    fresh.getMetadata().setName(stack.getMetadata().getName());
    fresh.getMetadata().setNamespace(stack.getMetadata().getNamespace());
    fresh.setSpec(null);
    fresh.setStatus(status);
    return fresh;
  }

  static boolean sameJson(Object a, Object b) {
    JsonNode left =
        a == null ? null : OperatorSerialization.shared().convertValue(a, JsonNode.class);
    JsonNode right =
        b == null ? null : OperatorSerialization.shared().convertValue(b, JsonNode.class);
    return Objects.equals(left, right);
  }
}
