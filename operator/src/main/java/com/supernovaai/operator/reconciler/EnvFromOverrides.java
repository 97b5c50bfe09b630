package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.dependent.ApiPodTemplate;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.Fault;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The ConfigMaps and Secrets of {@code spec.api.envFrom}: admission cannot see their keys, the
 * operator can. A key that (after its prefix) names a variable the operator sets would replace the
 * database or Redis address, a port or the JWT key of the API server without anyone noticing, so
 * the stack stops short: Degraded naming the object and the variables, never a value.
 */
public final class EnvFromOverrides {

  private EnvFromOverrides() {}

  /** Reads the referenced objects' keys (only the keys) and checks them. */
  static Optional<Fault> check(SuperNovaStack stack, KubernetesClient client) {
    var envFrom = stack.getSpec().getApi().getEnvFrom();
    if (envFrom == null || envFrom.isEmpty()) {
      return Optional.empty();
    }
    String ns = stack.getMetadata().getNamespace();
    return check(
        envFrom, source -> keys(client, ns, source), ApiPodTemplate.operatorVariables(stack));
  }

  /**
   * Pure: the first envFrom source that is missing (and not optional) or whose keys, with its
   * prefix, name a reserved variable. {@code keys} gives a source's keys, empty when it is absent.
   */
  static Optional<Fault> check(
      List<EnvFromSource> envFrom,
      Function<EnvFromSource, Optional<Set<String>>> keys,
      Set<String> reserved) {
    for (int i = 0; i < envFrom.size(); i++) {
      EnvFromSource source = envFrom.get(i);
      String object = describe(source);
      if (object == null) {
        continue;
      }
      String field = "spec.api.envFrom[" + i + "]";
      var found = keys.apply(source);
      if (found.isEmpty()) {
        if (!optional(source)) {
          return Optional.of(
              new Fault(
                  Reasons.ENV_FROM_SOURCE_MISSING, object + " (" + field + ") does not exist"));
        }
        continue;
      }
      String prefix = source.getPrefix() == null ? "" : source.getPrefix();
      Set<String> clashes = new TreeSet<>();
      for (String key : found.get()) {
        if (reserved.contains(prefix + key)) {
          clashes.add(prefix + key);
        }
      }
      if (!clashes.isEmpty()) {
        return Optional.of(
            new Fault(
                Reasons.ENV_FROM_OVERRIDES_OPERATOR_VARIABLES,
                object
                    + " ("
                    + field
                    + ") sets "
                    + String.join(", ", clashes)
                    + ", which the operator sets on the API server; remove "
                    + (clashes.size() == 1 ? "that key" : "those keys")
                    + " or give the source a prefix"));
      }
    }
    return Optional.empty();
  }

  private static String describe(EnvFromSource source) {
    if (source.getConfigMapRef() != null && source.getConfigMapRef().getName() != null) {
      return "ConfigMap " + source.getConfigMapRef().getName();
    }
    if (source.getSecretRef() != null && source.getSecretRef().getName() != null) {
      return "Secret " + source.getSecretRef().getName();
    }
    return null;
  }

  private static boolean optional(EnvFromSource source) {
    Boolean optional =
        source.getConfigMapRef() != null
            ? source.getConfigMapRef().getOptional()
            : source.getSecretRef().getOptional();
    return Boolean.TRUE.equals(optional);
  }

  private static Optional<Set<String>> keys(
      KubernetesClient client, String ns, EnvFromSource source) {
    List<String> keys = new ArrayList<>();
    if (source.getConfigMapRef() != null) {
      ConfigMap map =
          client.configMaps().inNamespace(ns).withName(source.getConfigMapRef().getName()).get();
      if (map == null) {
        return Optional.empty();
      }
      if (map.getData() != null) {
        keys.addAll(map.getData().keySet());
      }
      if (map.getBinaryData() != null) {
        keys.addAll(map.getBinaryData().keySet());
      }
    } else {
      Secret secret =
          client.secrets().inNamespace(ns).withName(source.getSecretRef().getName()).get();
      if (secret == null) {
        return Optional.empty();
      }
      if (secret.getData() != null) {
        keys.addAll(secret.getData().keySet());
      }
      if (secret.getStringData() != null) {
        keys.addAll(secret.getStringData().keySet());
      }
    }
    return Optional.of(Set.copyOf(keys));
  }
}
