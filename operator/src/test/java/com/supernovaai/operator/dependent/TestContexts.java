package com.supernovaai.operator.dependent;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.RolloutSession;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A mocked JOSDK Context whose informer caches hold the given objects. */
public final class TestContexts {

  private TestContexts() {}

  public static Context<SuperNovaStack> with(HasMetadata... cached) {
    return with(Map.of(), cached);
  }

  @SuppressWarnings("unchecked")
  public static Context<SuperNovaStack> with(
      Map<String, Object> workflowValues, HasMetadata... cached) {
    List<HasMetadata> cache = new ArrayList<>(List.of(cached));
    Context<SuperNovaStack> context = mock(Context.class);
    // A cluster whose API discovery answers, without the Prometheus Operator's kinds.
    KubernetesClient client = mock(KubernetesClient.class);
    when(client.getApiResources(anyString())).thenReturn(new APIResourceList());
    when(context.getClient()).thenReturn(client);
    when(context.getSecondaryResourcesAsStream(any(Class.class)))
        .thenAnswer(
            inv -> {
              Class<?> type = inv.getArgument(0);
              return cache.stream().filter(type::isInstance).map(type::cast);
            });
    var values = new HashMap<>(workflowValues);
    ManagedWorkflowAndDependentResourceContext workflow =
        mock(ManagedWorkflowAndDependentResourceContext.class);
    when(workflow.get(anyString(), any(Class.class)))
        .thenAnswer(inv -> Optional.ofNullable(values.get(inv.getArgument(0, String.class))));
    when(workflow.put(anyString(), any()))
        .thenAnswer(inv -> values.put(inv.getArgument(0, String.class), inv.getArgument(1)));
    when(context.managedWorkflowAndDependentResourceContext()).thenReturn(workflow);
    // As the reconciler does before its workflow: the API dependents plan in a session.
    RolloutSession.begin(context, Instant.now());
    when(context.getSecondaryResource(any(Class.class), eq((String) null)))
        .thenReturn(Optional.empty());
    return context;
  }

  /** A Secret with the given string values, base64-encoded as the API server returns them. */
  public static Secret secret(String namespace, String name, String... keyValues) {
    var builder =
        new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata();
    for (int i = 0; i < keyValues.length; i += 2) {
      builder.addToData(
          keyValues[i],
          Base64.getEncoder().encodeToString(keyValues[i + 1].getBytes(StandardCharsets.UTF_8)));
    }
    return builder.build();
  }

  public static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
