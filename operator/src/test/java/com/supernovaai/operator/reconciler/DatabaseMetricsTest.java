package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.DatabaseInstanceStatus;
import com.supernovaai.operator.model.DatabaseStatus;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replicated database's series, as Prometheus scrapes them from the operator. */
class DatabaseMetricsTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final StackMetrics metrics = new StackMetrics(registry);

  @Test
  void lagRoleReplicasTimelineAndLastFailoverOfEachMember() {
    metrics.record(
        stack(
            "prod",
            3,
            "2026-12-02T10:00:00Z",
            new DatabaseInstanceStatus("prod-db-0", "replica", 0L),
            new DatabaseInstanceStatus("prod-db-1", "primary", null),
            new DatabaseInstanceStatus("prod-db-2", "replica", 5_000_000L)));
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains(
            "supernova_database_replica_lag_bytes{instance=\"prod-db-0\",name=\"prod\",namespace=\"supernova\"} 0.0",
            "supernova_database_replica_lag_bytes{instance=\"prod-db-2\",name=\"prod\",namespace=\"supernova\"} 5000000.0",
            "supernova_database_member_role{instance=\"prod-db-1\",name=\"prod\",namespace=\"supernova\",role=\"primary\"} 1.0",
            "supernova_database_member_role{instance=\"prod-db-0\",name=\"prod\",namespace=\"supernova\",role=\"replica\"} 1.0",
            "supernova_database_replicas{name=\"prod\",namespace=\"supernova\"} 2.0",
            "supernova_database_replicas_expected{name=\"prod\",namespace=\"supernova\"} 2.0",
            "supernova_database_timeline{name=\"prod\",namespace=\"supernova\"} 2.0",
            "supernova_database_last_failover_timestamp_seconds{name=\"prod\",namespace=\"supernova\"} 1.7962056E9")
        // The primary has no lag series.
        .doesNotContain("supernova_database_replica_lag_bytes{instance=\"prod-db-1\"");
  }

  @Test
  void aMemberWithoutAReportedPositionIsNotCountedAsReplicating() {
    metrics.record(
        stack(
            "prod",
            3,
            null,
            new DatabaseInstanceStatus("prod-db-0", "primary", null),
            new DatabaseInstanceStatus("prod-db-1", "replica", 0L),
            // Being rebuilt: labelled, but no position reported yet.
            new DatabaseInstanceStatus("prod-db-2", "replica", null)));
    assertThat(registry.scrape())
        .contains("supernova_database_replicas{name=\"prod\",namespace=\"supernova\"} 1.0")
        .doesNotContain("supernova_database_last_failover_timestamp_seconds{");
  }

  @Test
  void noSeriesLeftForAMemberThatWentOrAStackThatWasDeleted() {
    var stack =
        stack(
            "prod",
            3,
            null,
            new DatabaseInstanceStatus("prod-db-0", "primary", null),
            new DatabaseInstanceStatus("prod-db-1", "replica", 10L),
            new DatabaseInstanceStatus("prod-db-2", "replica", 20L));
    metrics.record(stack);
    metrics.record(
        stack(
            "other",
            2,
            null,
            new DatabaseInstanceStatus("other-db-0", "primary", null),
            new DatabaseInstanceStatus("other-db-1", "replica", 0L)));
    stack
        .getStatus()
        .getDatabase()
        .setInstances(stack.getStatus().getDatabase().getInstances().subList(0, 2));
    metrics.record(stack);
    assertThat(registry.scrape()).doesNotContain("prod-db-2").contains("prod-db-1");

    metrics.remove(stack);
    assertThat(registry.scrape())
        .doesNotContain("name=\"prod\"")
        .contains("supernova_database_replicas{name=\"other\",namespace=\"supernova\"} 1.0");
  }

  @Test
  void aSingleInstanceHasNoDatabaseSeries() {
    var stack = Stacks.minimal();
    stack.setStatus(new SuperNovaStackStatus());
    metrics.record(stack);
    assertThat(registry.scrape()).doesNotContain("supernova_database_");
  }

  private static SuperNovaStack stack(
      String name, int instances, String lastFailover, DatabaseInstanceStatus... members) {
    var stack = Stacks.minimal();
    stack.getMetadata().setName(name);
    stack.getSpec().getDatabase().setInstances(instances);
    var database = new DatabaseStatus();
    database.setPrimary(
        List.of(members).stream()
            .filter(m -> "primary".equals(m.getRole()))
            .map(DatabaseInstanceStatus::getName)
            .findFirst()
            .orElse(null));
    database.setTimeline(lastFailover == null ? 1L : 2L);
    database.setLastFailoverTime(lastFailover);
    database.setInstances(new java.util.ArrayList<>(List.of(members)));
    var status = new SuperNovaStackStatus();
    status.setDatabase(database);
    stack.setStatus(status);
    return stack;
  }
}
