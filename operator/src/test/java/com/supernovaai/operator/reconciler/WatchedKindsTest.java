package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.supernovaai.operator.cache.OperatorSerialization;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The operator's serialization knows only the kinds registered with it (OperatorSerialization): a
 * watch event of any other kind is read as a generic resource and converted again, at twice the
 * cost. Every informer's kind must be registered when the informer is configured.
 */
class WatchedKindsTest {

  @Test
  void aWatchEventOfEveryKindTheOperatorWatchesIsReadIntoItsClass() {
    KubernetesSerialization serialization = OperatorSerialization.create();
    List<EventSource<?, SuperNovaStack>> sources = EventSources.all(context(serialization));
    List<Class<?>> kinds =
        new ArrayList<>(sources.stream().map(s -> (Class<?>) s.resourceType()).toList());
    // the informers JOSDK configures: the controllers' and those of annotated dependents
    kinds.addAll(List.of(SuperNovaStack.class, ServiceMonitor.class, PrometheusRule.class));
    assertThat(kinds).hasSizeGreaterThan(15);

    for (Class<?> kind : kinds) {
      var object = readWatchEvent(serialization, kind);
      assertThat(object).as(kind.getSimpleName()).isInstanceOf(kind);
    }
  }

  @Test
  void aKindNotRegisteredIsStillReadAsAGenericResource() {
    var object =
        readWatchEvent(
            OperatorSerialization.create(),
            io.fabric8.kubernetes.api.model.storage.StorageClass.class);
    assertThat(object).isInstanceOf(GenericKubernetesResource.class);
  }

  /**
   * A watch the API server can no longer continue (410 Gone: the resource version it was to resume
   * from is older than its watch cache) ends with an ERROR event whose object is a Status. fabric8
   * closes the watch on a Status of 410 and the informer lists again; an object read as a generic
   * resource is "not a status" to it: it logs an error and resumes from the same version, is
   * refused the same way, and the informer's cache never changes again.
   */
  @Test
  void anExpiredWatchsErrorIsReadAsAStatusSoThatTheInformerListsAgain() {
    String json =
        """
        {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",\
        "message":"too old resource version: 120 (4711)","reason":"Expired","code":410}}""";
    var object = OperatorSerialization.create().unmarshal(json, WatchEvent.class).getObject();
    assertThat(object)
        .isInstanceOfSatisfying(
            Status.class, status -> assertThat(status.getCode()).isEqualTo(410));
  }

  private static Object readWatchEvent(KubernetesSerialization serialization, Class<?> kind) {
    String apiVersion = HasMetadata.getApiVersion(kind.asSubclass(HasMetadata.class));
    String json =
        "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"%s\",\"kind\":\"%s\",\"metadata\":{\"name\":\"x\",\"namespace\":\"prod\"}}}"
            .formatted(apiVersion, HasMetadata.getKind(kind.asSubclass(HasMetadata.class)));
    return serialization.unmarshal(json, WatchEvent.class).getObject();
  }

  @SuppressWarnings("unchecked")
  private static EventSourceContext<SuperNovaStack> context(KubernetesSerialization serialization) {
    KubernetesClient client = mock(KubernetesClient.class, RETURNS_DEEP_STUBS);
    when(client.getKubernetesSerialization()).thenReturn(serialization);
    EventSourceContext<SuperNovaStack> context = mock(EventSourceContext.class, RETURNS_DEEP_STUBS);
    when(context.getClient()).thenReturn(client);
    when(context.getControllerConfiguration().getEffectiveNamespaces()).thenReturn(Set.of("prod"));
    return context;
  }
}
