package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;

/**
 * An object owned by the stack (garbage collected with it) and kept in its desired shape with
 * server-side apply ({@link AppliedDependent}). Its name is known without rendering it, so picking
 * it out of the shared informer cache is cheap.
 */
public abstract class StackDependent<R extends HasMetadata> extends AppliedDependent<R>
    implements GarbageCollected<SuperNovaStack> {

  protected StackDependent(Class<R> type) {
    super(type);
  }

  /** Name of the object for this stack. */
  protected abstract String name(SuperNovaStack stack);

  /** The object's name (from {@link #name}), the stack's namespace, and {@code labels}. */
  protected ObjectMeta metadata(SuperNovaStack stack, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(name(stack))
        .withNamespace(StackNames.namespace(stack))
        .withLabels(labels)
        .build();
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      SuperNovaStack primary, Context<SuperNovaStack> context) {
    return new ResourceID(name(primary), primary.getMetadata().getNamespace());
  }
}
