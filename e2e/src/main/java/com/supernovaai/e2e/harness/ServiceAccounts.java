package com.supernovaai.e2e.harness;

import com.supernovaai.operator.cache.OperatorSerialization;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Clients that act as a ServiceAccount, the way a pod running as it does. */
public final class ServiceAccounts {

  private ServiceAccounts() {}

  /**
   * A client that authenticates as {@code namespace/serviceAccount} with a short-lived token: the
   * API server sees (and audits) the ServiceAccount itself, with its groups, not an impersonation.
   */
  public static KubernetesClient client(
      KubernetesClient admin, String namespace, String serviceAccount) {
    TokenRequest request =
        admin
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(serviceAccount)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build());
    Config config =
        new ConfigBuilder(admin.getConfiguration())
            .withClientCertData(null)
            .withClientKeyData(null)
            .withClientCertFile(null)
            .withClientKeyFile(null)
            .withOauthToken(request.getStatus().getToken())
            .withNamespace(namespace)
            .build();
    // Read as the operator's Main reads, in case the client is an operator's.
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withKubernetesSerialization(OperatorSerialization.shared())
        .build();
  }

  /** The user name the API server gives a ServiceAccount. */
  public static String userName(String namespace, String serviceAccount) {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount;
  }
}
