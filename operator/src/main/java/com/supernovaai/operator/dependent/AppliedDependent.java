package com.supernovaai.operator.dependent;

import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * A child object the operator creates and keeps in its desired shape with server-side apply,
 * compared with the cluster by {@link AppliedState} instead of JOSDK's SSA matcher: that one reads
 * the operator's managedFields entry, which the informer caches no longer keep. An object version
 * already found matching the same desired object is not compared again ({@link AppliedMatches}).
 */
public abstract class AppliedDependent<R extends HasMetadata>
    extends KubernetesDependentResource<R, SuperNovaStack>
    implements Creator<R, SuperNovaStack>, Updater<R, SuperNovaStack> {

  protected AppliedDependent(Class<R> type) {
    super(type);
  }

  @Override
  public Result<R> match(
      R actual, R desired, SuperNovaStack stack, Context<SuperNovaStack> context) {
    addMetadata(true, actual, desired, stack, context);
    return Result.computed(AppliedMatches.shared().matches(stack, actual, desired), desired);
  }

  @Override
  public R create(R desired, SuperNovaStack stack, Context<SuperNovaStack> context) {
    return super.create(asCreated(AppliedState.stamped(desired), stack, context), stack, context);
  }

  /**
   * What the creating apply sends: the stamped desired state, and for some kinds a field set at
   * creation only, which is no part of the desired state (nor of its hash) after that.
   */
  protected R asCreated(R stamped, SuperNovaStack stack, Context<SuperNovaStack> context) {
    return stamped;
  }

  @Override
  public R update(R actual, R desired, SuperNovaStack stack, Context<SuperNovaStack> context) {
    return super.update(actual, AppliedState.stamped(desired), stack, context);
  }
}
