package com.supernovaai.operator.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.dependent.DatabaseConfigMapDependent;
import com.supernovaai.operator.dependent.Rendered;
import com.supernovaai.testsupport.LocalPostgres;
import java.sql.DriverManager;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The postgresql.conf and pg_hba.conf the operator renders start a real PostgreSQL, and every
 * setting in them is accepted and applied.
 */
class PostgresConfigIT {

  @Test
  void renderedConfigurationStartsPostgresAndEverySettingApplies() throws Exception {
    var stack = ProofStacks.stack();
    var config = Rendered.databaseConfig(stack, ProofStacks.context(stack));
    String rendered = config.getData().get(DatabaseConfigMapDependent.POSTGRESQL_CONF);
    String hba = config.getData().get(DatabaseConfigMapDependent.PG_HBA_CONF);
    assertThat(rendered).contains("shared_preload_libraries = 'timescaledb'");

    // The one change: the timescaledb library is not installed on this machine (Debian's plain
    // PostgreSQL), so preloading it would stop the server. The timescaledb.* settings stay: without
    // the library they are placeholders, which PostgreSQL accepts. The launcher appends
    // listen_addresses, port, unix_socket_directories and hba_file (the pod's /etc/postgresql path
    // does not exist here); everything else is exactly as rendered.
    String conf =
        rendered
            .lines()
            .filter(line -> !line.startsWith("shared_preload_libraries"))
            .collect(Collectors.joining("\n", "", "\n"));

    try (LocalPostgres postgres =
        LocalPostgres.builder().postgresqlConf(conf).hbaConf(hba).start()) {
      // pg_file_settings lists every line of the configuration files: none may be in error, and
      // each rendered setting is applied unless the launcher's own line overrides it.
      String problems =
          postgres.psql(
              "postgres",
              "SELECT coalesce(string_agg(name || ': ' || coalesce(error, 'not applied'), '; '), '')"
                  + " FROM pg_file_settings WHERE error IS NOT NULL OR (NOT applied AND name NOT IN"
                  + " ('listen_addresses', 'port', 'hba_file'))");
      assertThat(problems).as("rejected or ignored settings").isEmpty();

      // Sized from the 1Gi limit as the guide says: a quarter for shared_buffers, three quarters
      // for the planner's cache estimate.
      assertThat(setting(postgres, "shared_buffers")).isEqualTo("256MB");
      assertThat(setting(postgres, "effective_cache_size")).isEqualTo("768MB");
      assertThat(setting(postgres, "maintenance_work_mem")).isEqualTo("64MB");
      assertThat(setting(postgres, "work_mem")).isEqualTo("4MB");
      assertThat(setting(postgres, "max_connections")).isEqualTo("200");
      assertThat(setting(postgres, "max_parallel_workers")).isEqualTo("2");
      assertThat(setting(postgres, "password_encryption")).isEqualTo("scram-sha-256");
      assertThat(setting(postgres, "TimeZone")).isEqualTo("UTC");
      assertThat(setting(postgres, "timescaledb.telemetry_level")).isEqualTo("off");
      assertThat(setting(postgres, "hba_file")).endsWith("pg_hba.conf");

      // The rendered pg_hba.conf is in force: its rules are the ones loaded.
      assertThat(
              postgres.psql(
                  "postgres",
                  "SELECT count(*) FROM pg_hba_file_rules WHERE error IS NULL AND auth_method IN"
                      + " ('trust', 'scram-sha-256')"))
          .isEqualTo("5");

      // And it serves SQL over TCP.
      try (var connection =
              DriverManager.getConnection(
                  postgres.jdbcUrl("postgres"), postgres.user(), postgres.password());
          var statement = connection.createStatement();
          var rows = statement.executeQuery("SELECT current_setting('shared_buffers')")) {
        rows.next();
        assertThat(rows.getString(1)).isEqualTo("256MB");
      }
    }
  }

  private static String setting(LocalPostgres postgres, String name) {
    return postgres.psql("postgres", "SELECT current_setting('" + name + "')");
  }
}
