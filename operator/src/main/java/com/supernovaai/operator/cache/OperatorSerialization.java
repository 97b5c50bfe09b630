package com.supernovaai.operator.cache;

import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * How the operator's client reads objects from the API server: fabric8's serialization, with equal
 * strings read as one instance ({@link SharedStrings}) and empty additionalProperties maps as one
 * ({@link SharedEmptyMaps}). Most of what the operator holds is the informer caches' objects, and
 * most of those are the same from stack to stack.
 *
 * <p>A watch event's object is read by its kind, from the kinds registered with the serialization.
 * fabric8 would register every kind on the class path, loading and instantiating each of the 348 (6
 * MiB of classes, most of them kinds the operator never sees); here only the operator's own kind
 * and those of its informers are registered ({@code reconciler.EventSources}). An object of a kind
 * not registered is still read, as a generic resource fabric8 then converts to the watch's type.
 * The object of a registered kind is read in one pass ({@link KindFirstReading}). The fabric8
 * model's properties are read and written through their fields ({@link ModelFieldAccess}), and what
 * Jackson collected about a class's methods is released once it has built the class's serializer or
 * deserializer ({@link ReleasedIntrospection}).
 */
public final class OperatorSerialization {

  private OperatorSerialization() {}

  /**
   * The one instance the operator uses: its client's, and its own writing of objects as JSON
   * (applied-state hashes, pod template hashes, status comparisons). Jackson builds a serializer
   * and a deserializer per class per mapper, with the class's reflected methods and annotations;
   * for the fabric8 model that was 2-3 MiB more live heap for each further mapper
   * (e2e/bench/HISTORY.md, twenty-fourth slice).
   */
  public static KubernetesSerialization shared() {
    return Shared.INSTANCE;
  }

  /** A new instance, configured as {@link #shared()} is. */
  public static KubernetesSerialization create() {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(SharedStrings.module())
            .registerModule(SharedEmptyMaps.module())
            .registerModule(ReleasedIntrospection.module());
    var serialization = new KubernetesSerialization(mapper, false);
    mapper.setAnnotationIntrospector(
        AnnotationIntrospector.pair(
            new ModelFieldAccess(), mapper.getSerializationConfig().getAnnotationIntrospector()));
    KindFirstReading.install(mapper, serialization);
    // the object of a watch's ERROR event: a 410 (Expired) must reach fabric8 as a Status to relist
    serialization.registerKubernetesResource(Status.class);
    serialization.registerKubernetesResource(SuperNovaStack.class);
    serialization.registerKubernetesResource(ServiceMonitor.class);
    serialization.registerKubernetesResource(PrometheusRule.class);
    return serialization;
  }

  private static final class Shared {
    static final KubernetesSerialization INSTANCE = create();
  }
}
