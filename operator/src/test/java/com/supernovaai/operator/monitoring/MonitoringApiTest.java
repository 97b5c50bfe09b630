package com.supernovaai.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.ManualClock;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
