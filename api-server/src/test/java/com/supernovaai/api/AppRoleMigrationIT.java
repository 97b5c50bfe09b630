package com.supernovaai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * In a stack the API server connects as the application role db-init.sh creates (LOGIN, owner of
 * its database, no superuser, no pg_read_all_settings), not as the superuser the other ITs use: its
 * migrations must run with exactly those rights.
 */
class AppRoleMigrationIT {

  private static final String ROLE = "supernova_app";
  private static final String DATABASE = "supernova_app_db";
  private static final String PASSWORD = "app-role-test-password";

  @Test
  void migrationsRunAsTheApplicationRoleTheOperatorCreates() {
    TestStack stack = TestStack.shared();
    var postgres = stack.postgres;
    if (!postgres.psql("postgres", "SELECT rolname FROM pg_roles").contains(ROLE)) {
      postgres.psql("postgres", "CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
      postgres.psql("postgres", "CREATE DATABASE " + DATABASE + " OWNER " + ROLE);
    }

    try (ApiServer server =
        stack.startServer(
            Map.of(
                "DATABASE_URL",
                "postgresql://127.0.0.1:" + postgres.port() + "/" + DATABASE,
                "DATABASE_USER",
                ROLE,
                "DATABASE_PASSWORD",
                PASSWORD))) {
      assertThat(server).isNotNull();
    }
    assertThat(
            postgres.psql(
                DATABASE,
                "SELECT string_agg(version, ',' ORDER BY installed_rank) FROM flyway_schema_history"
                    + " WHERE success"))
        .as("every migration applied by the application role")
        .contains("1")
        .contains("2");
  }
}
