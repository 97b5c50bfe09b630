package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.model.DeletionPolicy;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.ReconcilerUtils;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What deleting a stack does beyond garbage collection. The stack's own objects carry owner
 * references and go with it; its volumes and generated Secrets deliberately do not, and are deleted
 * only for {@code deletionPolicy: Delete}. Only such a stack carries a finalizer, so that its
 * deletion waits for that cleanup: a {@code Retain} stack (the default) is deleted at once and
 * costs no write for a finalizer it would never need.
 *
 * <p>A controller of its own because java-operator-sdk adds a finalizer to every resource of a
 * controller that cleans up, and allows choosing per resource only in its all-events mode, which
 * excludes the managed workflow {@link SuperNovaStackReconciler} runs. It sees every stack when it
 * starts, then a stack's spec, finalizer and deletion changes ({@link FinalizerSpecOrDeletion}: a
 * finalizer removed or added by hand is put right at once, the status writes of a stack coming up
 * wake nothing), and a stack gone.
 *
 * <p>The finalizer is the one java-operator-sdk put on every stack before this controller existed,
 * so a {@code Delete} stack keeps it and a {@code Retain} stack has it removed once.
 */
@ControllerConfiguration(
    name = StackDeletionReconciler.NAME,
    generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true,
    informer = @Informer(onUpdateFilter = StackDeletionReconciler.FinalizerSpecOrDeletion.class))
public class StackDeletionReconciler implements Reconciler<SuperNovaStack> {

  public static final String NAME = "supernova-stack-deletion";

  /** Java-operator-sdk's default for the stacks' controller, on every stack until now. */
  public static final String FINALIZER =
      ReconcilerUtils.getDefaultFinalizerName(SuperNovaStack.class);

  private static final Logger LOG = LoggerFactory.getLogger(StackDeletionReconciler.class);

  /** What to do next about a stack's deletion. */
  enum Step {
    /** Nothing: the finalizer is as the policy wants it. */
    NONE,
    /** A {@code Delete} stack without the finalizer. */
    ADD_FINALIZER,
    /** A stack that no longer needs it (Retain), or a deleted one whose cleanup is done. */
    REMOVE_FINALIZER,
    /** A deleted {@code Delete} stack: its volumes and generated Secrets go, then the finalizer. */
    DELETE_DATA,
    /** The stack is gone: what the operator remembers of it goes too. */
    FORGET
  }

  /** Update filter: what can change {@link #next}'s answer (not the status, not annotations). */
  public static final class FinalizerSpecOrDeletion implements OnUpdateFilter<SuperNovaStack> {
    @Override
    public boolean accept(SuperNovaStack now, SuperNovaStack before) {
      return !Objects.equals(
              now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
          || !Objects.equals(
              now.getMetadata().getFinalizers(), before.getMetadata().getFinalizers())
          || !Objects.equals(
              now.getMetadata().getDeletionTimestamp(),
              before.getMetadata().getDeletionTimestamp());
    }
  }

  private final Consumer<SuperNovaStack> forget;

  /** {@code forget}: drops what the operator keeps in memory about a stack that is gone. */
  public StackDeletionReconciler(Consumer<SuperNovaStack> forget) {
    this.forget = forget;
  }

  static Step next(SuperNovaStack stack, boolean gone) {
    if (gone) {
      return Step.FORGET;
    }
    boolean finalizer = stack.hasFinalizer(FINALIZER);
    // No spec (the schema does not require one) is the default policy, Retain.
    boolean deletesData =
        stack.getSpec() != null && stack.getSpec().getDeletionPolicy() == DeletionPolicy.Delete;
    if (stack.isMarkedForDeletion()) {
      // The policy read now, at the deletion: a change to Retain made just before still counts.
      return !finalizer ? Step.NONE : deletesData ? Step.DELETE_DATA : Step.REMOVE_FINALIZER;
    }
    if (deletesData != finalizer) {
      return deletesData ? Step.ADD_FINALIZER : Step.REMOVE_FINALIZER;
    }
    return Step.NONE;
  }

  @Override
  public UpdateControl<SuperNovaStack> reconcile(
      SuperNovaStack stack, Context<SuperNovaStack> context) {
    switch (next(stack, context.isPrimaryResourceDeleted())) {
      case FORGET -> forget.accept(stack);
      case ADD_FINALIZER -> PrimaryUpdateAndCacheUtils.addFinalizer(context, FINALIZER);
      case REMOVE_FINALIZER -> PrimaryUpdateAndCacheUtils.removeFinalizer(context, FINALIZER);
      case DELETE_DATA -> {
        deleteData(context.getClient(), stack);
        PrimaryUpdateAndCacheUtils.removeFinalizer(context, FINALIZER);
      }
      case NONE -> {}
    }
    return UpdateControl.noUpdate();
  }

  /**
   * One delete per object: a delete by label selector is a "deletecollection", a verb the chart's
   * RBAC does not grant (and should not: it would reach objects the operator never made), and a
   * refused cleanup would leave the stack Terminating for ever.
   */
  private static void deleteData(KubernetesClient client, SuperNovaStack stack) {
    String ns = stack.getMetadata().getNamespace();
    String selector = Labels.stackSelector(stack);
    for (var claim :
        client
            .persistentVolumeClaims()
            .inNamespace(ns)
            .withLabelSelector(selector)
            .list()
            .getItems()) {
      client.resource(claim).delete();
    }
    for (var secret :
        client.secrets().inNamespace(ns).withLabelSelector(selector).list().getItems()) {
      client.resource(secret).delete();
    }
    LOG.info(
        "Deleted volumes and generated Secrets of {}/{} (deletionPolicy Delete)",
        ns,
        stack.getMetadata().getName());
  }
}
