package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecondariesTest {

  private final SuperNovaStack stack = Stacks.minimal();

  /** As the operator's informers map objects to stacks: by the instance label. */
  private final InformerEventSourceConfiguration<Secret> byInstanceLabel =
      InformerEventSourceConfiguration.from(Secret.class, SuperNovaStack.class)
          .withSecondaryToPrimaryMapper(
              s ->
                  Set.of(
                      new ResourceID(
                          s.getMetadata().getLabels().get(Labels.INSTANCE),
                          s.getMetadata().getNamespace())))
          .build();

  @Test
  void theStacksObjectIsTakenFromTheCacheByItsKeyWithoutCollectingTheKind() {
    Secret own = secret("prod-jwt", "prod");
    InformerEventSource<Secret, SuperNovaStack> informer = informerHolding(own);

    assertThat(Secondaries.byName(informer, stack, "prod-jwt")).containsSame(own);
    assertThat(Secondaries.byName(informer, stack, "prod-redis")).isEmpty();
    verify(informer, never()).getSecondaryResources(any());
  }

  @Test
  void anObjectOfThatNameThatMapsToAnotherStackIsNotTheStacks() {
    InformerEventSource<Secret, SuperNovaStack> informer =
        informerHolding(secret("prod-jwt", "prod-old"));

    assertThat(Secondaries.byName(informer, stack, "prod-jwt")).isEmpty();
  }

  @Test
  void everyEventSourceOfTheKindIsAsked() {
    Secret own = secret("prod-jwt", "prod");
    InformerEventSource<Secret, SuperNovaStack> informer = informerHolding(own);
    @SuppressWarnings("unchecked")
    EventSource<Secret, SuperNovaStack> other = mock(EventSource.class);
    when(other.getSecondaryResources(stack)).thenReturn(Set.of());
    @SuppressWarnings("unchecked")
    EventSourceRetriever<SuperNovaStack> sources = mock(EventSourceRetriever.class);
    when(sources.getEventSourcesFor(Secret.class)).thenReturn(List.of(other, informer));
    @SuppressWarnings("unchecked")
    Context<SuperNovaStack> context = mock(Context.class);
    when(context.getPrimaryResource()).thenReturn(stack);
    when(context.eventSourceRetriever()).thenReturn(sources);

    assertThat(Secondaries.byName(context, Secret.class, "prod-jwt")).containsSame(own);
  }

  @SuppressWarnings("unchecked")
  private InformerEventSource<Secret, SuperNovaStack> informerHolding(Secret secret) {
    InformerEventSource<Secret, SuperNovaStack> informer = mock(InformerEventSource.class);
    when(informer.configuration()).thenReturn(byInstanceLabel);
    when(informer.get(any())).thenReturn(Optional.empty());
    when(informer.get(ResourceID.fromResource(secret))).thenReturn(Optional.of(secret));
    return informer;
  }

  private static Secret secret(String name, String instance) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("supernova")
        .addToLabels(Labels.INSTANCE, instance)
        .endMetadata()
        .build();
  }
}
