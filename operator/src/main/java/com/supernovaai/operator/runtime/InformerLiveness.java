package com.supernovaai.operator.runtime;

import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness from the informers. An operator whose informers cannot list or watch (a CRD that is not
 * installed, RBAC that is missing) would otherwise sit unready for ever: after {@code grace} it
 * reports itself not live, so that Kubernetes restarts it, and logs the cause once, in one line, in
 * the API server's words.
 */
final class InformerLiveness {

  private static final Logger LOG = LoggerFactory.getLogger(InformerLiveness.class);

  /** An informer that is not running, not synced or not watching; namespace null for all. */
  record Failing(Class<? extends HasMetadata> type, String namespace) {
    /** e.g. supernovastacks.ops.supernova-ai.com, deployments.apps, configmaps */
    String resource() {
      return HasMetadata.getFullResourceName(type);
    }
  }

  private final Duration grace;
  private final Clock clock;
  private final Supplier<List<Failing>> failing;
  private final Function<Failing, String> diagnose;
  private Instant failingSince;
  private String reported;

  /**
   * @param failing the informers failing now
   * @param diagnose asks the API server why one of them fails: a sentence naming it and the cause
   */
  InformerLiveness(
      Duration grace,
      Clock clock,
      Supplier<List<Failing>> failing,
      Function<Failing, String> diagnose) {
    this.grace = grace;
    this.clock = clock;
    this.failing = failing;
    this.diagnose = diagnose;
  }

  /** Counts the grace period from {@code start} until the informers are first seen healthy. */
  synchronized void failingSince(Instant start) {
    if (failingSince == null) {
      failingSince = start;
    }
  }

  /** False once some informer has been failing for longer than the grace period. */
  synchronized boolean live() {
    List<Failing> now = failing.get();
    if (now.isEmpty()) {
      if (reported != null) {
        LOG.info("Informers are healthy again");
      }
      failingSince = null;
      reported = null;
      return true;
    }
    Instant time = clock.instant();
    if (failingSince == null) {
      failingSince = time;
    }
    if (Duration.between(failingSince, time).compareTo(grace) < 0) {
      return true;
    }
    if (reported == null) {
      reported = cause(now);
      LOG.error("Not live, so that Kubernetes restarts the operator: {}", reported);
    }
    return false;
  }

  /** The cause once reported, or null while live. */
  synchronized String cause() {
    return reported;
  }

  /** The first failing informer's cause, and how many more fail (they usually share it). */
  private String cause(List<Failing> now) {
    List<Failing> sorted =
        now.stream()
            .sorted(
                // The stack's own kind first: a missing CRD is the likeliest cause.
                Comparator.comparing((Failing f) -> !f.type().equals(SuperNovaStack.class))
                    .thenComparing(Failing::resource)
                    .thenComparing(f -> String.valueOf(f.namespace())))
            .toList();
    String first = diagnose.apply(sorted.get(0));
    return sorted.size() == 1
        ? first
        : first + " (and " + (sorted.size() - 1) + " more informers are failing)";
  }
}
