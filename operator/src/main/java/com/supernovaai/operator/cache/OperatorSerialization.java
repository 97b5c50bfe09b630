package com.supernovaai.operator.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * How the operator's client reads objects from the API server: fabric8's serialization, with equal
 * strings read as one instance ({@link SharedStrings}) and empty additionalProperties maps as one
 * ({@link SharedEmptyMaps}). Most of what the operator holds is the informer caches' objects, and
 * most of those are the same from stack to stack.
 */
public final class OperatorSerialization {

  private OperatorSerialization() {}

  /**
   * The one instance the operator uses: its client's, and its own writing of objects as JSON
   * (applied-state hashes, pod template hashes, status comparisons). Jackson builds a serializer
   * and a deserializer per class per mapper, with the class's reflected methods and annotations;
   * for the fabric8 model that was 2-3 MiB more live heap for each further mapper
   * (e2e/bench/README.md, twenty-fourth slice).
   */
  public static KubernetesSerialization shared() {
    return Shared.INSTANCE;
  }

  /** A new instance, configured as {@link #shared()} is. */
  public static KubernetesSerialization create() {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(SharedStrings.module())
            .registerModule(SharedEmptyMaps.module());
    return new KubernetesSerialization(mapper, true);
  }

  private static final class Shared {
    static final KubernetesSerialization INSTANCE = create();
  }
}
