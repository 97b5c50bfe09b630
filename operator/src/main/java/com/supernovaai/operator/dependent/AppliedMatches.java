package com.supernovaai.operator.dependent;

import com.supernovaai.operator.cache.OperatorSerialization;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * The child objects last found as the operator would apply them ({@link AppliedState#matches}),
 * each with the version of the object and the fingerprint of the desired object it matched. Most
 * reconciles build every desired object as the last one did and find the objects unchanged; they
 * get the answer from here instead of hashing the desired state with SHA-256 and reading the object
 * into a tree again (at 100 stacks that was 16 % of the operator's CPU, e2e/bench/HISTORY.md).
 *
 * <p>A remembered answer is given only for the same version of the object and for a desired object
 * whose JSON has the same 128-bit MurmurHash3. The version is the object's uid and resourceVersion
 * (any change, one made by hand included, is checked in full again), except for the workloads whose
 * status controllers rewrite while a stack comes up ({@link #BY_GENERATION}): for those it is the
 * uid, the generation, which the API server raises with every change of the spec, and a fingerprint
 * of the labels, annotations and owner references, the rest of what a desired object sets. An
 * accidental collision of a fingerprint is out of reach; a crafted one needs a spec or an edit
 * written for it and would only keep one change from being applied or put back, which whoever can
 * write the spec or the object can do anyway. Only matches are kept: an object that does not match
 * is applied, and its next version is checked in full.
 *
 * <p>Memory: one small entry per child object, dropped with its stack ({@link #forget}).
 */
public final class AppliedMatches {

  private static final AppliedMatches SHARED = new AppliedMatches(AppliedState::matches);

  /**
   * The kinds whose metadata.generation the API server raises with every change of the spec (their
   * update strategies; GenerationIT checks it) and not with a status write. Not the
   * HorizontalPodAutoscaler: its generation stays as created.
   */
  public static final Set<Class<? extends HasMetadata>> BY_GENERATION =
      Set.of(Deployment.class, StatefulSet.class, PodDisruptionBudget.class, CronJob.class);

  private final BiPredicate<HasMetadata, HasMetadata> check;

  /** By stack uid, then by the child's kind and name. */
  private final Map<String, Map<String, Matched>> byStack = new ConcurrentHashMap<>();

  private record Matched(String uid, String version, long high, long low) {}

  /** What, besides the spec, a desired object sets, and so what it is compared with. */
  private record SetBesidesTheSpec(
      Map<String, String> labels,
      Map<String, String> annotations,
      List<OwnerReference> ownerReferences) {}

  /** {@code check}: the full decision, {@link AppliedState#matches} outside tests. */
  AppliedMatches(BiPredicate<HasMetadata, HasMetadata> check) {
    this.check = check;
  }

  /** The one the dependents use. */
  public static AppliedMatches shared() {
    return SHARED;
  }

  /** {@link AppliedState#matches}, remembered for this version of {@code actual}. */
  boolean matches(SuperNovaStack stack, HasMetadata actual, HasMetadata desired) {
    String stackUid = stack.getMetadata().getUid();
    String uid = actual.getMetadata().getUid();
    String version = version(actual);
    if (stackUid == null || uid == null || version == null) {
      return check.test(actual, desired); // nothing to tell one version from another
    }
    long[] fingerprint = fingerprint(desired);
    String child = desired.getKind() + "/" + desired.getMetadata().getName();
    Map<String, Matched> children =
        byStack.computeIfAbsent(stackUid, key -> new ConcurrentHashMap<>());
    Matched last = children.get(child);
    if (last != null
        && last.uid().equals(uid)
        && last.version().equals(version)
        && last.high() == fingerprint[0]
        && last.low() == fingerprint[1]) {
      return true;
    }
    boolean matches = check.test(actual, desired);
    if (matches) {
      children.put(child, new Matched(uid, version, fingerprint[0], fingerprint[1]));
    } else if (last != null) {
      children.remove(child, last);
    }
    return matches;
  }

  /** What tells apart the versions of {@code actual} that {@link AppliedState#matches} could. */
  private static String version(HasMetadata actual) {
    ObjectMeta meta = actual.getMetadata();
    if (meta.getGeneration() == null || !BY_GENERATION.contains(actual.getClass())) {
      return meta.getResourceVersion();
    }
    long[] rest =
        fingerprint(
            new SetBesidesTheSpec(
                meta.getLabels(), meta.getAnnotations(), meta.getOwnerReferences()));
    return meta.getGeneration() + "/" + Long.toHexString(rest[0]) + "/" + Long.toHexString(rest[1]);
  }

  private static long[] fingerprint(Object value) {
    return MurmurHash3.hash128x64(
        OperatorSerialization.shared().asJson(value).getBytes(StandardCharsets.UTF_8));
  }

  /** The stack is gone: drop what was remembered of its objects. */
  public void forget(SuperNovaStack stack) {
    String stackUid = stack.getMetadata().getUid();
    if (stackUid != null) {
      byStack.remove(stackUid);
    }
  }

  /** How many child objects are remembered, for tests. */
  int remembered() {
    return byStack.values().stream().mapToInt(Map::size).sum();
  }
}
