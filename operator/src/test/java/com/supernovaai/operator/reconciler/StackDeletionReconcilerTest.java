package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.DeletionPolicy;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.reconciler.StackDeletionReconciler.Step;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackDeletionReconcilerTest {

  private static SuperNovaStack stack(DeletionPolicy policy, boolean finalizer, boolean deleted) {
    SuperNovaStack stack = Stacks.minimal();
    stack.getSpec().setDeletionPolicy(policy);
    if (finalizer) {
      stack.addFinalizer(StackDeletionReconciler.FINALIZER);
    }
    if (deleted) {
      stack.getMetadata().setDeletionTimestamp("2026-12-04T22:00:00Z");
    }
    return stack;
  }

  private static SuperNovaStack copy(SuperNovaStack stack) {
    return Serialization.unmarshal(Serialization.asJson(stack), SuperNovaStack.class);
  }

  @Test
  void aRetainStackCarriesNoFinalizer() {
    assertThat(StackDeletionReconciler.next(stack(DeletionPolicy.Retain, false, false), false))
        .isEqualTo(Step.NONE);
  }

  @Test
  void aDeleteStackGetsTheFinalizerAndKeepsIt() {
    assertThat(StackDeletionReconciler.next(stack(DeletionPolicy.Delete, false, false), false))
        .isEqualTo(Step.ADD_FINALIZER);
    assertThat(StackDeletionReconciler.next(stack(DeletionPolicy.Delete, true, false), false))
        .isEqualTo(Step.NONE);
  }

  @Test
  void aStackWithoutASpecIsRetain() {
    SuperNovaStack stack = stack(DeletionPolicy.Retain, true, false);
    stack.setSpec(null);
    assertThat(StackDeletionReconciler.next(stack, false)).isEqualTo(Step.REMOVE_FINALIZER);
  }

  /** A stack switched to Retain, or made by an operator that put the finalizer on every stack. */
  @Test
  void aRetainStackCarryingTheFinalizerLosesIt() {
    assertThat(StackDeletionReconciler.next(stack(DeletionPolicy.Retain, true, false), false))
        .isEqualTo(Step.REMOVE_FINALIZER);
  }

  @Test
  void aDeletedDeleteStackLosesItsDataThenTheFinalizer() {
    assertThat(StackDeletionReconciler.next(stack(DeletionPolicy.Delete, true, true), false))
        .isEqualTo(Step.DELETE_DATA);
  }

  /** The policy at the deletion counts: switched to Retain, nothing is deleted. */
  @Test
  void aDeletedStackSwitchedToRetainKeepsItsData() {
    assertThat(StackDeletionReconciler.next(stack(DeletionPolicy.Retain, true, true), false))
        .isEqualTo(Step.REMOVE_FINALIZER);
  }

  /** Its finalizer already removed, the stack waits only for others' finalizers. */
  @Test
  void aDeletedStackWithoutTheFinalizerIsLeftAlone() {
    assertThat(StackDeletionReconciler.next(stack(DeletionPolicy.Delete, false, true), false))
        .isEqualTo(Step.NONE);
  }

  @Test
  void aStackThatIsGoneIsForgottenWithoutACallToTheApiServer() {
    List<SuperNovaStack> forgotten = new ArrayList<>();
    @SuppressWarnings("unchecked")
    Context<SuperNovaStack> context = mock(Context.class);
    when(context.isPrimaryResourceDeleted()).thenReturn(true);
    SuperNovaStack stack = stack(DeletionPolicy.Retain, false, true);

    new StackDeletionReconciler(forgotten::add).reconcile(stack, context);

    assertThat(forgotten).containsExactly(stack);
    assertThat(StackDeletionReconciler.next(stack, true)).isEqualTo(Step.FORGET);
  }

  /** The finalizer stacks carried before is the one kept: a Delete stack needs no new write. */
  @Test
  void theFinalizerIsTheOneEveryStackCarriedBefore() {
    assertThat(StackDeletionReconciler.FINALIZER)
        .isEqualTo("supernovastacks.ops.supernova-ai.com/finalizer");
  }

  /** A stack's status writes while it comes up wake nothing; what changes the answer does. */
  @Test
  void onlySpecFinalizerOrDeletionChangesWakeIt() {
    var filter = new StackDeletionReconciler.FinalizerSpecOrDeletion();
    SuperNovaStack before = stack(DeletionPolicy.Retain, false, false);
    before.getMetadata().setGeneration(1L);

    SuperNovaStack statusWritten = copy(before);
    statusWritten.setStatus(new SuperNovaStackStatus());
    statusWritten.getMetadata().setResourceVersion("2");
    assertThat(filter.accept(statusWritten, before)).isFalse();

    SuperNovaStack specChanged = copy(before);
    specChanged.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
    specChanged.getMetadata().setGeneration(2L);
    assertThat(filter.accept(specChanged, before)).isTrue();

    SuperNovaStack finalized = copy(before);
    finalized.addFinalizer(StackDeletionReconciler.FINALIZER);
    assertThat(filter.accept(finalized, before)).isTrue();

    SuperNovaStack deleted = copy(before);
    deleted.getMetadata().setDeletionTimestamp("2026-12-04T22:00:00Z");
    assertThat(filter.accept(deleted, before)).isTrue();
  }
}
