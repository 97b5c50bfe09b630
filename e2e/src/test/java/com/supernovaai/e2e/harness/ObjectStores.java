package com.supernovaai.e2e.harness;

import com.supernovaai.operator.model.CaSecretReference;
import com.supernovaai.operator.model.ObjectStoreCredentials;
import com.supernovaai.operator.model.ObjectStoreSpec;
import com.supernovaai.testsupport.LocalObjectStore;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * A stack's {@code backup.objectStore} for a {@link LocalObjectStore}, the way a user writes it:
 * the access keys in one Secret ({@code s3}, keys {@code id} and {@code key}), the store's CA in
 * another ({@code s3-ca}), both made in the stack's namespace.
 */
public final class ObjectStores {

  public static final String CREDENTIALS_SECRET = "s3";
  public static final String CA_SECRET = "s3-ca";

  private ObjectStores() {}

  /** Creates the two Secrets in {@code namespace} and returns the spec that names them. */
  public static ObjectStoreSpec spec(
      KubernetesClient client, String namespace, LocalObjectStore store) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(CREDENTIALS_SECRET)
                .withNamespace(namespace)
                .endMetadata()
                .addToStringData("id", store.accessKey())
                .addToStringData("key", store.secretKey())
                .build())
        .create();
    String ca;
    try {
      ca = Files.readString(store.caFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(CA_SECRET)
                .withNamespace(namespace)
                .endMetadata()
                .addToStringData("ca.crt", ca)
                .build())
        .create();
    var objectStore = new ObjectStoreSpec();
    objectStore.setEndpoint("https://" + store.endpoint());
    objectStore.setBucket(store.bucket());
    var credentials = new ObjectStoreCredentials();
    credentials.setName(CREDENTIALS_SECRET);
    credentials.setAccessKeyIdKey("id");
    credentials.setSecretAccessKeyKey("key");
    objectStore.setCredentialsSecret(credentials);
    var caSecret = new CaSecretReference();
    caSecret.setName(CA_SECRET);
    objectStore.setCaSecret(caSecret);
    return objectStore;
  }
}
