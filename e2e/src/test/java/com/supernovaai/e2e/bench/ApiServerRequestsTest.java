package com.supernovaai.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiServerRequestsTest {

  @Test
  void theRequestCounterIsSummedOverCodesAndGroupsByVerbAndResourceAndWatchEventsByResource() {
    String metrics =
        """
        # HELP apiserver_request_total [STABLE] Counter of apiserver requests
        # TYPE apiserver_request_total counter
        apiserver_request_total{code="200",component="apiserver",dry_run="",group="apps",resource="deployments",scope="resource",subresource="status",verb="PUT",version="v1"} 40
        apiserver_request_total{code="409",component="apiserver",dry_run="",group="apps",resource="deployments",scope="resource",subresource="status",verb="PUT",version="v1"} 2
        apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="cluster",subresource="",verb="WATCH",version="v1"} 7
        apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="",scope="",subresource="/healthz",verb="GET",version=""} 1e+03
        apiserver_request_duration_seconds_count{resource="pods",verb="LIST"} 99
        apiserver_watch_events_total{group="",resource="pods",version="v1"} 120
        apiserver_watch_events_total{group="apps",resource="deployments",version="v1"} 30
        apiserver_watch_events_sizes_sum{group="",resource="pods",version="v1"} 480000
        apiserver_watch_events_sizes_count{group="",resource="pods",version="v1"} 120
        apiserver_watch_events_sizes_bucket{group="",resource="pods",version="v1",le="1024"} 7
        """;

    assertThat(ApiServerRequests.parse(metrics).requests())
        .containsOnly(
            Map.entry("PUT deployments/status", 42L),
            Map.entry("WATCH pods", 7L),
            Map.entry("GET /healthz", 1000L));
    assertThat(ApiServerRequests.parse(metrics).watchEvents())
        .containsOnly(Map.entry("pods", 120L), Map.entry("deployments", 30L));
    assertThat(ApiServerRequests.parse(metrics).watchBytes())
        .containsOnly(Map.entry("pods", 480000L));
  }

  @Test
  void anIntervalIsWhatTheCounterGrewBy() {
    var before =
        new ApiServerRequests(
            Map.of("LIST pods", 10L, "GET secrets", 5L),
            Map.of("pods", 100L),
            Map.of("pods", 4000L));
    var after =
        new ApiServerRequests(
            Map.of("LIST pods", 25L, "GET secrets", 5L, "PUT pods", 3L),
            Map.of("pods", 160L, "secrets", 4L),
            Map.of("pods", 6000L, "secrets", 400L));

    assertThat(before.until(after).requests())
        .containsOnly(Map.entry("LIST pods", 15L), Map.entry("PUT pods", 3L));
    assertThat(before.until(after).total()).isEqualTo(18);
    assertThat(before.until(after).watchEvents())
        .containsOnly(Map.entry("pods", 60L), Map.entry("secrets", 4L));
    assertThat(before.until(after).watchEventsTotal()).isEqualTo(64);
    assertThat(before.until(after).watchBytes())
        .containsOnly(Map.entry("pods", 2000L), Map.entry("secrets", 400L));
  }
}
