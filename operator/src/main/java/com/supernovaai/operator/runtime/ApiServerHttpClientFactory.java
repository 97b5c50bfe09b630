package com.supernovaai.operator.runtime;

import io.fabric8.kubernetes.client.http.TlsVersion;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The Kubernetes client's HTTP: the JDK client, offering TLS's ChaCha20-Poly1305 suites before
 * AES-GCM. The operator runs with C1 only (the chart's flags, for memory), and the JDK's AES-GCM is
 * fast only through C2's intrinsics: in pure Java it decrypted 32 MB/s here against
 * ChaCha20-Poly1305's 130, and decrypting the watch streams took 11 % of the operator's CPU samples
 * at 100 stacks, 2 % with ChaCha20-Poly1305 (e2e/bench/HISTORY.md). Go's TLS server, the API
 * server's, takes ChaCha20-Poly1305 when the client lists it first; other servers still choose.
 * Both are TLS 1.3's standard AEADs; nothing else of the defaults changes, and a JDK without
 * ChaCha20 (a FIPS provider) keeps its own order.
 */
public final class ApiServerHttpClientFactory extends JdkHttpClientFactory {

  private final TlsVersion[] tlsVersions;

  /** {@code tlsVersions}: the client configuration's, which this factory's parameters replace. */
  public ApiServerHttpClientFactory(TlsVersion[] tlsVersions) {
    this.tlsVersions = tlsVersions == null ? new TlsVersion[0] : tlsVersions.clone();
  }

  @Override
  protected void additionalConfig(HttpClient.Builder builder) {
    builder.sslParameters(sslParameters(tlsVersions));
  }

  /** The JDK's default cipher suites, ChaCha20-Poly1305 first, with {@code tlsVersions}. */
  public static SSLParameters sslParameters(TlsVersion[] tlsVersions) {
    SSLParameters defaults;
    try {
      defaults = SSLContext.getDefault().getDefaultSSLParameters();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no default TLS context", e);
    }
    String[] protocols =
        tlsVersions.length == 0
            ? defaults.getProtocols()
            : Arrays.stream(tlsVersions).map(TlsVersion::javaName).toArray(String[]::new);
    return new SSLParameters(chaChaFirst(defaults.getCipherSuites()), protocols);
  }

  /** {@code suites} in their order, except that ChaCha20-Poly1305 ones come first. */
  static String[] chaChaFirst(String[] suites) {
    return Arrays.stream(suites)
        .sorted(Comparator.comparing(suite -> !suite.contains("CHACHA20_POLY1305")))
        .toArray(String[]::new);
  }
}
