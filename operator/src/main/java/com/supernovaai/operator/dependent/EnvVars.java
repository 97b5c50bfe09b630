package com.supernovaai.operator.dependent;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;

/** Container environment variables, as every pod the operator runs sets them. */
final class EnvVars {

  private EnvVars() {}

  static EnvVar of(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  /** A variable read from a Secret's key: the value never appears in the pod spec. */
  static EnvVar fromSecret(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  /**
   * A variable from the pod's own fields (downward API), e.g. {@code metadata.name}. The API
   * version is written out: the API server defaults it, and a desired object without it never
   * matches the actual one (a patch on every reconcile).
   */
  static EnvVar fromField(String name, String fieldPath) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath(fieldPath)
        .endFieldRef()
        .endValueFrom()
        .build();
  }
}
