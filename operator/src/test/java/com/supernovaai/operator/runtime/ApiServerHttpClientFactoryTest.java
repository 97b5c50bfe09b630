package com.supernovaai.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.TlsVersion;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** What the operator's client offers the API server (the handshake itself: ApiServerTlsIT). */
class ApiServerHttpClientFactoryTest {

  @Test
  void chaChaSuitesComeFirstAndTheOthersKeepTheirOrder() {
    String[] suites = {
      "TLS_AES_256_GCM_SHA384",
      "TLS_AES_128_GCM_SHA256",
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    };

    assertThat(ApiServerHttpClientFactory.chaChaFirst(suites))
        .containsExactly(
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
  }

  @Test
  void theParametersOfferTheJdksSuitesAndTheConfiguredVersions() throws Exception {
    var parameters =
        ApiServerHttpClientFactory.sslParameters(
            new TlsVersion[] {TlsVersion.TLS_1_3, TlsVersion.TLS_1_2});
    String[] defaults = SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites();

    assertThat(parameters.getCipherSuites()).containsExactlyInAnyOrder(defaults);
    assertThat(parameters.getCipherSuites()[0]).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
    assertThat(parameters.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
  }

  @Test
  void withoutConfiguredVersionsTheJdksDefaultsStay() throws Exception {
    var parameters = ApiServerHttpClientFactory.sslParameters(new TlsVersion[0]);

    assertThat(Arrays.asList(parameters.getProtocols()))
        .isEqualTo(Arrays.asList(SSLContext.getDefault().getDefaultSSLParameters().getProtocols()));
  }
}
