package com.supernovaai.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresConfigTest {

  private static final long GI = 1024L * 1024 * 1024;

  @Test
  void sizedFromSixteenGigabytes() {
    var p = PostgresConfig.parameters(16 * GI, 4, null);
    assertThat(p)
        .containsEntry("shared_buffers", "4GB")
        .containsEntry("effective_cache_size", "12GB")
        .containsEntry("maintenance_work_mem", "1GB")
        .containsEntry("max_connections", "200")
        .containsEntry("work_mem", "20MB")
        .containsEntry("wal_buffers", "16MB")
        .containsEntry("max_parallel_workers", "4")
        .containsEntry("shared_preload_libraries", "'timescaledb'");
  }

  @Test
  void sizedFromOneGigabyte() {
    var p = PostgresConfig.parameters(GI, 1, null);
    assertThat(p)
        .containsEntry("shared_buffers", "256MB")
        .containsEntry("effective_cache_size", "768MB")
        .containsEntry("maintenance_work_mem", "64MB")
        .containsEntry("work_mem", "4MB")
        .containsEntry("wal_buffers", "8MB");
  }

  @Test
  void maintenanceWorkMemIsCapped() {
    assertThat(PostgresConfig.parameters(64 * GI, 16, null))
        .containsEntry("maintenance_work_mem", "2GB");
  }

  @Test
  void userParametersWinAndMaxConnectionsResizesWorkMem() {
    var p =
        PostgresConfig.parameters(
            16 * GI, 4, Map.of("max_connections", "400", "shared_buffers", "2GB"));
    assertThat(p).containsEntry("shared_buffers", "2GB").containsEntry("max_connections", "400");
    assertThat(p.get("work_mem")).isEqualTo("10MB");
  }

  @Test
  void renderIsStableAndSorted() {
    String conf = PostgresConfig.render(16 * GI, 4, null);
    assertThat(conf).isEqualTo(PostgresConfig.render(16 * GI, 4, null));
    assertThat(conf.indexOf("checkpoint_completion_target")).isLessThan(conf.indexOf("work_mem"));
    assertThat(conf).contains("hba_file = '/etc/postgresql/pg_hba.conf'");
  }
}
