package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.RedisMode;
import com.supernovaai.operator.model.RedisStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The sentinel-mode Redis's series, as Prometheus scrapes them from the operator. */
class RedisMetricsTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final StackMetrics metrics = new StackMetrics(registry);

  @Test
  void replicasAgainstExpectedAndTheLastFailover() {
    metrics.record(stack("prod", new RedisStatus("prod-redis-1", "2026-12-02T10:00:00Z", 1)));
    assertThat(registry.scrape())
        .contains(
            "supernova_redis_replicas{name=\"prod\",namespace=\"supernova\"} 1.0",
            "supernova_redis_replicas_expected{name=\"prod\",namespace=\"supernova\"} 2.0",
            "supernova_redis_last_failover_timestamp_seconds{name=\"prod\",namespace=\"supernova\"} 1.7962056E9");
  }

  @Test
  void noFailoverYetHasNoFailoverSeriesAndADeletedStackNone() {
    var prod = stack("prod", new RedisStatus("prod-redis-0", null, 2));
    metrics.record(prod);
    metrics.record(stack("other", new RedisStatus("other-redis-0", null, 1)));
    assertThat(registry.scrape())
        .contains("supernova_redis_replicas{name=\"prod\",namespace=\"supernova\"} 2.0")
        .doesNotContain("supernova_redis_last_failover_timestamp_seconds{");
    metrics.remove(prod);
    assertThat(registry.scrape())
        .doesNotContain("name=\"prod\"")
        .contains("supernova_redis_replicas{name=\"other\",namespace=\"supernova\"} 1.0");
  }

  @Test
  void standaloneRedisHasNoRedisSeries() {
    var stack = Stacks.minimal();
    var status = new SuperNovaStackStatus();
    status.setRedis(new RedisStatus("prod-redis-0", null, 0));
    stack.setStatus(status);
    metrics.record(stack);
    assertThat(registry.scrape()).doesNotContain("supernova_redis_replicas");
  }

  private static SuperNovaStack stack(String name, RedisStatus redis) {
    var stack = Stacks.minimal();
    stack.getMetadata().setName(name);
    stack.getSpec().getRedis().setMode(RedisMode.SENTINEL);
    var status = new SuperNovaStackStatus();
    status.setRedis(redis);
    stack.setStatus(status);
    return stack;
  }
}
