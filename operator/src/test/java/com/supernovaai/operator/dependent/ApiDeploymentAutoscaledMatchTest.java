package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.junit.jupiter.api.Test;

/**
 * What the operator's server-side apply of an autoscaled API Deployment carries, decided by its
 * match ({@link AppliedState}): once the HPA owns spec.replicas, a count the HPA set is no reason
 * for a write, and no apply of the operator's carries it, or it would write back a count its cache
 * held.
 */
class ApiDeploymentAutoscaledMatchTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final ApiDeploymentDependent blue = new ApiDeploymentDependent.Blue();

  @Test
  void anHpaScaleIsNoReasonForAWrite() {
    SuperNovaStack stack = Stacks.minimal();
    Deployment scaled = scaledByTheHpa(stack, 6);
    Context<SuperNovaStack> context = TestContexts.with(scaled);

    var result = blue.match(scaled, blue.desired(stack, context), stack, context);

    assertThat(result.matched()).as("nothing of the operator's changed").isTrue();
  }

  @Test
  void aChangeOfTheOperatorsIsAppliedWithoutReplicas() {
    SuperNovaStack stack = Stacks.minimal();
    Deployment scaled = scaledByTheHpa(stack, 6);
    stack.getSpec().getApi().getRollout().setMinReadySeconds(17);
    Context<SuperNovaStack> context = TestContexts.with(scaled);

    var result = blue.match(scaled, blue.desired(stack, context), stack, context);

    assertThat(result.matched()).isFalse();
    Deployment applied = result.computedDesired().orElseThrow();
    assertThat(applied.getSpec().getMinReadySeconds()).isEqualTo(17);
    assertThat(applied.getSpec().getReplicas()).as("spec.replicas in the apply").isNull();
  }

  @Test
  void theFirstApplyAfterTheHandOverOfAnEarlierVersionsDeploymentLeavesReplicasOut() {
    SuperNovaStack stack = Stacks.minimal();
    // Created at the HPA's minimum by an earlier operator version's apply (spec.replicas in it);
    // the plan leaves the count to the HPA: the next apply leaves it out, which releases the
    // operator's share.
    Deployment created = blue.desired(stack, TestContexts.with());
    assertThat(created.getSpec().getReplicas()).as("this version's first apply").isNull();
    created.getSpec().setReplicas(2);
    Deployment stored = stored(stack, created, 2);
    Context<SuperNovaStack> context = TestContexts.with(stored);

    var result = blue.match(stored, blue.desired(stack, context), stack, context);

    assertThat(result.matched()).isFalse();
    assertThat(result.computedDesired().orElseThrow().getSpec().getReplicas())
        .as("spec.replicas in the apply")
        .isNull();
  }

  /** The blue Deployment as applied by the operator after the hand-over, then scaled by the HPA. */
  private Deployment scaledByTheHpa(SuperNovaStack stack, int replicas) {
    Deployment created = blue.desired(stack, TestContexts.with());
    Deployment rendered = blue.desired(stack, TestContexts.with(created));
    assertThat(rendered.getSpec().getReplicas()).as("the HPA's from now on").isNull();
    return stored(stack, rendered, replicas);
  }

  /** What the API server holds after the operator applied {@code applied}, at {@code replicas}. */
  private static Deployment stored(SuperNovaStack stack, Deployment applied, int replicas) {
    Deployment stored = AppliedState.stamped(JSON.clone(applied));
    stored.addOwnerReference(stack);
    stored.getSpec().setReplicas(replicas);
    stored.getMetadata().setResourceVersion("12");
    return stored;
  }
}
