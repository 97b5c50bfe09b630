package com.supernovaai.operator.dependent;

import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hashes of Secret and ConfigMap contents for pod template annotations: a changed Secret changes
 * the template and so restarts its consumers. The hash reveals nothing of the values.
 */
public final class Hashes {

  /** Annotation prefix; the Secret's name follows. */
  public static final String SECRET_ANNOTATION_PREFIX = "secret." + SuperNovaStack.GROUP + "/";

  public static final String CONFIG_ANNOTATION = SuperNovaStack.GROUP + "/config-hash";

  private Hashes() {}

  public static String of(Secret secret) {
    Map<String, String> data = new TreeMap<>();
    if (secret.getData() != null) {
      data.putAll(secret.getData());
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> data.put(k, "s:" + v));
    }
    return of(data);
  }

  public static String of(ConfigMap configMap) {
    return configMap.getData() == null ? of(Map.of()) : of(configMap.getData());
  }

  /** Short SHA-256 of a map, independent of its iteration order. */
  public static String of(Map<String, String> data) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (var entry : new TreeMap<>(data).entrySet()) {
        digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(String.valueOf(entry.getValue()).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
