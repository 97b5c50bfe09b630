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

  public static KubernetesSerialization create() {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(SharedStrings.module())
            .registerModule(SharedEmptyMaps.module());
    return new KubernetesSerialization(mapper, true);
  }
}
