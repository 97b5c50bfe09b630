package com.supernovaai.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.supernovaai.operator.ManualClock;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Discovery of monitoring.coreos.com/v1: asked at most every few seconds, 404 means absent. */
class MonitoringApiTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));

  @Test
  void answerIsKeptForAFewSecondsThenAskedAgain() {
    var api = new MonitoringApi(clock);
    AtomicInteger calls = new AtomicInteger();
    Function<String, APIResourceList> discovery =
        gv -> {
          calls.incrementAndGet();
          assertThat(gv).isEqualTo("monitoring.coreos.com/v1");
          return served("servicemonitors", "prometheusrules");
        };
    assertThat(api.served(discovery)).contains("servicemonitors", "prometheusrules");
    assertThat(api.served(discovery)).contains("servicemonitors");
    assertThat(calls).hasValue(1);
    clock.advance(MonitoringApi.FRESH_FOR);
    api.served(discovery);
    assertThat(calls).hasValue(2);
  }

  /**
   * One JVM may run operators against several API servers (the e2e suite does, one cluster after
   * another): one server's answer must not stand for another's. It did: a stack on a cluster
   * without the CRDs waited 2 minutes for a PrometheusRule informer that could never sync.
   */
  @Test
  void eachApiServerHasItsOwnAnswer() throws Exception {
    var api = new MonitoringApi(clock);
    KubernetesClient withCrds = client("https://10.0.0.1:6443", served("prometheusrules"));
    KubernetesClient without = client("https://10.0.0.2:6443", served());
    assertThat(api.serves(withCrds, MonitoringApi.PROMETHEUS_RULES)).isTrue();
    assertThat(api.serves(without, MonitoringApi.PROMETHEUS_RULES)).isFalse();
    assertThat(api.serves(withCrds, MonitoringApi.PROMETHEUS_RULES)).isTrue();
    verify(withCrds, times(1)).getApiResources(MonitoringApi.GROUP_VERSION);
  }

  private static KubernetesClient client(String url, APIResourceList answer) throws Exception {
    KubernetesClient client = mock(KubernetesClient.class);
    when(client.getMasterUrl()).thenReturn(new URL(url));
    when(client.getApiResources(MonitoringApi.GROUP_VERSION)).thenReturn(answer);
    return client;
  }

  @Test
  void notFoundMeansNotServedAndOtherErrorsKeepTheLastAnswer() {
    var api = new MonitoringApi(clock);
    assertThat(api.served(gv -> served("servicemonitors"))).containsExactly("servicemonitors");
    clock.advance(MonitoringApi.FRESH_FOR);
    assertThat(
            api.served(
                gv -> {
                  throw new KubernetesClientException("unavailable", 503, null);
                }))
        .containsExactly("servicemonitors");
    clock.advance(MonitoringApi.FRESH_FOR);
    assertThat(
            api.served(
                gv -> {
                  throw new KubernetesClientException("not found", 404, null);
                }))
        .isEmpty();
    clock.advance(Duration.ofSeconds(1).plus(MonitoringApi.FRESH_FOR));
    assertThat(api.served(gv -> null)).isEmpty();
  }

  private static APIResourceList served(String... names) {
    var list = new APIResourceListBuilder().withGroupVersion("monitoring.coreos.com/v1");
    for (String name : names) {
      list.addToResources(new APIResourceBuilder().withName(name).withNamespaced(true).build());
    }
    return list.build();
  }
}
