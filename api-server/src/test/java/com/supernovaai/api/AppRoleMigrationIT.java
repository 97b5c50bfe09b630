package com.supernovaai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The API server starts, migrates and serves as the application role db-init.sh creates (LOGIN,
 * owner of its database, no superuser, no pg_read_all_settings or other predefined roles), which is
 * the role every IT's {@link TestStack} hands it: nothing in start-up may need more.
 */
class AppRoleMigrationIT {

  @Test
  void theRoleTheServerGetsIsAnOrdinaryOwnerWithoutPredefinedRoles() {
    var postgres = TestStack.shared().postgres;
    assertThat(
            postgres.psql(
                "postgres",
                "SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls,"
                    + " (SELECT count(*) FROM pg_auth_members WHERE member = r.oid)"
                    + " FROM pg_roles r WHERE rolname = '"
                    + TestStack.APP_ROLE
                    + "'"))
        .as("superuser, createdb, createrole, replication, bypassrls, memberships")
        .isEqualTo("f|f|f|f|f|0");
    assertThat(
            postgres.psql(
                "postgres",
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '"
                    + TestStack.DATABASE
                    + "'"))
        .isEqualTo(TestStack.APP_ROLE);
  }

  @Test
  void migrationsRunAndTheServerServesAsTheApplicationRole() {
    TestStack stack = TestStack.shared();
    String database = "app_role_" + UUID.randomUUID().toString().substring(0, 8);
    stack.createAppDatabase(database);
    try (ApiServer server =
        stack.startServer(
            Map.of(
                "DATABASE_URL",
                "postgresql://127.0.0.1:" + stack.postgres.port() + "/" + database))) {
      Api api = new Api(server).login();
      String symbol = ApiIT.symbol();
      assertThat(
              api.post(
                      "/api/sentiment",
                      ApiIT.batch(ApiIT.point(symbol, "2024-08-01T10:00:00Z", 0.2, 0.9)))
                  .statusCode())
          .isEqualTo(200);
      assertThat(api.get("/api/sentiment/" + symbol + "/hourly").statusCode()).isEqualTo(200);
    }
    assertThat(
            stack.postgres.psql(
                database,
                "SELECT string_agg(DISTINCT installed_by, ',') || ' ' || count(*)"
                    + " FILTER (WHERE success) FROM flyway_schema_history WHERE version IS NOT NULL"))
        .as("who applied the migrations, and how many succeeded")
        .startsWith(TestStack.APP_ROLE + " ")
        .doesNotEndWith(" 0");
    assertThat(
            stack.postgres.psql(
                database,
                "SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ',') FROM pg_class"
                    + " WHERE relnamespace = 'public'::regnamespace"))
        .as("owner of every table, index and sequence")
        .isEqualTo(TestStack.APP_ROLE);
  }
}
