package com.supernovaai.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.operator.runtime.ApiServerHttpClientFactory;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cipher the API server (Go's TLS) chooses for the operator's client: ChaCha20-Poly1305, which
 * the client offers first, where the JDK's own order gets AES-GCM (slow without C2, see {@link
 * ApiServerHttpClientFactory}).
 */
@ExtendWith(KubernetesClusterExtension.class)
class ApiServerTlsIT {

  @Test
  void theApiServerTakesChaChaFromTheOperatorsClient(TestCluster cluster) throws Exception {
    Config config = Config.fromKubeconfig(cluster.kubeconfigYaml());

    assertThat(cipher(config, ApiServerHttpClientFactory.sslParameters(config.getTlsVersions())))
        .isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
  }

  @Test
  void withTheJdksOwnOrderTheApiServerTakesAesGcm(TestCluster cluster) throws Exception {
    Config config = Config.fromKubeconfig(cluster.kubeconfigYaml());

    assertThat(cipher(config, null)).startsWith("TLS_AES_").contains("_GCM_");
  }

  /** The cipher suite of a GET /version to the cluster's API server, with {@code parameters}. */
  private static String cipher(Config config, SSLParameters parameters) throws Exception {
    var builder =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .sslContext(
                SSLUtils.sslContext(SSLUtils.keyManagers(config), SSLUtils.trustManagers(config)));
    if (parameters != null) {
      builder.sslParameters(parameters);
    }
    HttpClient http = builder.build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(config.getMasterUrl()).resolve("/version"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.sslSession().orElseThrow().getCipherSuite();
  }
}
