package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnAddFilter;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * An informer of a stack's objects whose list at start reconciles no stack a second time ({@link
 * ListedAtStart}). JOSDK holds this source's lock while its informer starts and while it handles
 * each event, so the list is remembered before the first of its adds is filtered.
 */
final class StackInformerEventSource<R extends HasMetadata>
    extends InformerEventSource<R, SuperNovaStack> {

  private final ListedAtStart<R> listedAtStart;
  private final InformerStarts starts;

  private StackInformerEventSource(
      InformerEventSourceConfiguration<R> configuration,
      EventSourceContext<SuperNovaStack> context,
      ListedAtStart<R> listedAtStart,
      InformerStarts starts) {
    super(configuration, context);
    this.listedAtStart = listedAtStart;
    this.starts = starts;
  }

  /**
   * The source of {@code configuration}, its adds passing {@code onAdd} (null: all) and not being
   * of the objects listed at start; it starts when {@code starts} lets it.
   */
  static <R extends HasMetadata> StackInformerEventSource<R> of(
      InformerEventSourceConfiguration.Builder<R> configuration,
      OnAddFilter<R> onAdd,
      EventSourceContext<SuperNovaStack> context,
      InformerStarts starts) {
    var listedAtStart = new ListedAtStart<R>();
    configuration.withOnAddFilter(onAdd == null ? listedAtStart : listedAtStart.and(onAdd));
    return new StackInformerEventSource<>(configuration.build(), context, listedAtStart, starts);
  }

  @Override
  public synchronized void start() {
    starts.oneAtATime(super::start);
    listedAtStart.remember(list(r -> true));
  }

  @Override
  public void onUpdate(R oldObject, R newObject) {
    listedAtStart.forget();
    super.onUpdate(oldObject, newObject);
  }

  @Override
  public void onDelete(R resource, boolean deletedFinalStateUnknown) {
    listedAtStart.forget();
    super.onDelete(resource, deletedFinalStateUnknown);
  }
}
