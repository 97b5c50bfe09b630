package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reconcile that builds the same desired object as the last one, for the same version of the
 * object, is not compared in full again; any other is, so a change of either side is still seen.
 */
class AppliedMatchesTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final SuperNovaStack stack = Stacks.minimal();
  private final ApiDeploymentDependent blue = new ApiDeploymentDependent.Blue();

  /** The full decisions taken, in order. */
  private final List<Boolean> checks = new ArrayList<>();

  private final AppliedMatches matches =
      new AppliedMatches(
          (actual, desired) -> {
            boolean result = AppliedState.matches(actual, desired);
            checks.add(result);
            return result;
          });

  @Test
  void theSameDesiredObjectForTheSameVersionIsComparedOnce() {
    Deployment stored = AppliedStateTest.stored(stack, desired());

    assertThat(matches.matches(stack, stored, desired())).isTrue();
    assertThat(matches.matches(stack, JSON.clone(stored), desired())).isTrue();
    assertThat(matches.matches(stack, stored, desired())).isTrue();

    assertThat(checks).containsExactly(true);
  }

  @Test
  void aChangeByHandMakesANewVersionWhichIsComparedAndPutBack() {
    Deployment stored = AppliedStateTest.stored(stack, desired());
    assertThat(matches.matches(stack, stored, desired())).isTrue();

    Deployment edited = JSON.clone(stored);
    edited.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil:latest");
    edited.getMetadata().setResourceVersion("4712");

    assertThat(matches.matches(stack, edited, desired())).isFalse();
    assertThat(matches.matches(stack, edited, desired())).isFalse();
    assertThat(checks).containsExactly(true, false, false);
  }

  @Test
  void aChangedDesiredObjectIsComparedAgainstTheSameVersion() {
    Deployment stored = AppliedStateTest.stored(stack, desired());
    assertThat(matches.matches(stack, stored, desired())).isTrue();

    Deployment upgraded = desired();
    upgraded.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("supernova/api:2.0");

    assertThat(matches.matches(stack, stored, upgraded)).isFalse();
    assertThat(checks).containsExactly(true, false);
  }

  @Test
  void aRecreatedObjectWithTheSameVersionStringIsComparedAgain() {
    Deployment stored = AppliedStateTest.stored(stack, desired());
    assertThat(matches.matches(stack, stored, desired())).isTrue();

    Deployment recreated = JSON.clone(stored);
    recreated.getMetadata().setUid("a-new-uid");

    assertThat(matches.matches(stack, recreated, desired())).isTrue();
    assertThat(checks).containsExactly(true, true);
  }

  @Test
  void whatAGoneStackLeftIsForgotten() {
    Deployment stored = AppliedStateTest.stored(stack, desired());
    SuperNovaStack other = Stacks.minimal();
    other.getMetadata().setUid("uid-2");
    matches.matches(stack, stored, desired());
    matches.matches(other, AppliedStateTest.stored(other, desired()), desired());
    assertThat(matches.remembered()).isEqualTo(2);

    matches.forget(stack);

    assertThat(matches.remembered()).isEqualTo(1);
    assertThat(matches.matches(stack, stored, desired())).isTrue();
    assertThat(checks).containsExactly(true, true, true);
  }

  @Test
  void anObjectWithoutAVersionIsAlwaysComparedInFull() {
    HasMetadata unversioned = AppliedStateTest.stored(stack, desired());
    unversioned.getMetadata().setResourceVersion(null);

    matches.matches(stack, unversioned, desired());
    matches.matches(stack, unversioned, desired());

    assertThat(checks).containsExactly(true, true);
    assertThat(matches.remembered()).isZero();
  }

  @Test
  void aWorkloadsStatusWriteIsNotComparedAgain() {
    Deployment stored = rememberedWorkload();

    Deployment statusWritten = JSON.clone(stored);
    statusWritten.getMetadata().setResourceVersion("4712");
    statusWritten.setStatus(
        new DeploymentStatusBuilder().withReplicas(2).withReadyReplicas(1).build());

    assertThat(matches.matches(stack, statusWritten, desired())).isTrue();
    assertThat(checks).containsExactly(true);
  }

  @Test
  void aWorkloadsSpecChangedByHandRaisesItsGenerationAndIsPutBack() {
    Deployment stored = rememberedWorkload();

    Deployment edited = JSON.clone(stored);
    edited.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil:latest");
    edited.getMetadata().setGeneration(2L);
    edited.getMetadata().setResourceVersion("4712");

    assertThat(matches.matches(stack, edited, desired())).isFalse();
    assertThat(checks).containsExactly(true, false);
  }

  @Test
  void aWorkloadsLabelRemovedByHandKeepsItsGenerationAndIsPutBack() {
    Deployment stored = rememberedWorkload();

    Deployment edited = JSON.clone(stored);
    edited.getMetadata().getLabels().remove("app.kubernetes.io/part-of");
    edited.getMetadata().setResourceVersion("4712");

    assertThat(matches.matches(stack, edited, desired())).isFalse();
    assertThat(checks).containsExactly(true, false);
  }

  @Test
  void anAutoscalerIsRememberedByResourceVersionAsItsGenerationStaysAsCreated() {
    HorizontalPodAutoscaler desired = autoscaler();
    HorizontalPodAutoscaler stored = AppliedState.stamped(JSON.clone(desired));
    stored.addOwnerReference(stack);
    stored.getMetadata().setUid("5e1f");
    stored.getMetadata().setGeneration(1L);
    stored.getMetadata().setResourceVersion("10");
    assertThat(matches.matches(stack, stored, autoscaler())).isTrue();

    HorizontalPodAutoscaler edited = JSON.clone(stored);
    edited.getSpec().setMaxReplicas(50);
    edited.getMetadata().setResourceVersion("11");

    assertThat(matches.matches(stack, edited, autoscaler())).isFalse();
    assertThat(checks).containsExactly(true, false);
  }

  /** The API Deployment as stored at generation 1, already found matching. */
  private Deployment rememberedWorkload() {
    Deployment stored = AppliedStateTest.stored(stack, desired());
    stored.getMetadata().setGeneration(1L);
    assertThat(matches.matches(stack, stored, desired())).isTrue();
    return stored;
  }

  private HorizontalPodAutoscaler autoscaler() {
    return new ApiAutoscalerDependent().desired(stack, TestContexts.with());
  }

  private Deployment desired() {
    return blue.desired(stack, TestContexts.with());
  }
}
