package com.supernovaai.api.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.api.ApiServer;
import com.supernovaai.api.TestStack;
import com.supernovaai.api.sentiment.DataRetention.Outcome;
import com.supernovaai.api.sentiment.DataRetention.Plan;
import com.supernovaai.testsupport.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retention step on the real PostgreSQL of the ITs, which has no TimescaleDB (not packaged for
 * Debian): the server starts and leaves the table alone, the policy statements bind to stand-ins
 * with TimescaleDB 2.13+'s exact signatures, and the restore marker is read the way restore.sh
 * writes it.
 */
class DataRetentionIT {

  private static final String STUBS = "retention_stubs";

  /**
   * Stand-ins with the signatures of TimescaleDB 2.13-2.17 (sql/updates, 2.12 to 2.13), recording
   * their arguments; drop_after is {@code "any"} there, which only C functions can declare.
   */
  private static final String STUB_SQL =
      """
      CREATE TABLE sentiment_data (time timestamptz NOT NULL, symbol text NOT NULL);
      CREATE TABLE sentiment_hourly (bucket timestamptz, symbol text);
      CREATE TABLE calls (n serial, fn text, relation text, drop_after interval,
        drop_created_before interval, initial_start timestamptz, if_exists bool);
      CREATE FUNCTION add_retention_policy(relation regclass, drop_after interval = NULL,
          if_not_exists bool = false, schedule_interval interval = NULL,
          initial_start timestamptz = NULL, timezone text = NULL,
          drop_created_before interval = NULL) RETURNS integer LANGUAGE sql AS $$
        INSERT INTO calls (fn, relation, drop_after, drop_created_before, initial_start)
        VALUES ('add', relation::text, drop_after, drop_created_before, initial_start)
        RETURNING 1000 + n $$;
      CREATE FUNCTION remove_retention_policy(relation regclass, if_exists bool = false)
        RETURNS void LANGUAGE sql AS $$
        INSERT INTO calls (fn, relation, if_exists) VALUES ('remove', relation::text, if_exists) $$;
      """;

  private static TestStack stack;

  @BeforeAll
  static void start() {
    stack = TestStack.shared();
    if (!stack.postgres.psql("postgres", "SELECT datname FROM pg_database").contains(STUBS)) {
      stack.postgres.createDatabase(STUBS);
      stack.postgres.psql(STUBS, STUB_SQL);
    }
  }

  private static Connection connect(String database) throws SQLException {
    LocalPostgres pg = stack.postgres;
    return DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
  }

  /** Runs the statements of a plan against the stand-ins and returns the recorded calls. */
  private static List<String> callsOf(Plan plan) throws SQLException {
    try (Connection c = connect(STUBS);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SET TIME ZONE 'UTC'");
      for (String sql : DataRetention.statements(plan)) {
        s.execute(sql);
      }
      List<String> calls = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT concat_ws(' ', fn, relation, 'drop_after=' || drop_after,"
                  + " 'drop_created_before=' || drop_created_before,"
                  + " 'initial_start=' || initial_start, 'if_exists=' || if_exists)"
                  + " FROM calls ORDER BY n")) {
        while (rs.next()) {
          calls.add(rs.getString(1));
        }
      }
      c.rollback();
      return calls;
    }
  }

  @Test
  void plainPostgresqlStartsAndTheStepLeavesTheTableAlone() {
    try (ApiServer server = stack.startServer(Map.of("SUPERNOVA_DATA_RETENTION_DAYS", "30"))) {
      assertThat(server.context().getBean(DataRetention.class).apply())
          .isEqualTo(Outcome.NO_TIMESCALEDB);
    }
    try (ApiServer server = stack.startServer(Map.of("SUPERNOVA_DATA_RETENTION_DAYS", "0"))) {
      assertThat(server.context().getBean(DataRetention.class).apply())
          .isEqualTo(Outcome.NO_TIMESCALEDB);
    }
  }

  @Test
  void defaultYearBindsToDropCreatedBeforeAndTheAggregatesDropAfter() throws SQLException {
    assertThat(callsOf(new Plan(365, true, true, null)))
        .containsExactly(
            "remove sentiment_data if_exists=true",
            "remove sentiment_hourly if_exists=true",
            "add sentiment_data drop_created_before=365 days",
            "add sentiment_hourly drop_after=365 days");
  }

  @Test
  void zeroOnlyRemoves() throws SQLException {
    assertThat(callsOf(new Plan(0, true, true, null)))
        .containsExactly(
            "remove sentiment_data if_exists=true", "remove sentiment_hourly if_exists=true");
  }

  @Test
  void customValueFallbackAndRestoreHoldBindToTheirParameters() throws SQLException {
    assertThat(callsOf(new Plan(30, false, true, Instant.parse("2026-07-01T10:00:00Z"))))
        .containsExactly(
            "remove sentiment_data if_exists=true",
            "remove sentiment_hourly if_exists=true",
            "add sentiment_data drop_after=30 days initial_start=2026-07-01 10:00:00+00",
            "add sentiment_hourly drop_after=30 days initial_start=2026-07-01 10:00:00+00");
  }

  /**
   * restore.sh marks the database with ALTER DATABASE; PgBouncer's server sessions can be older
   * than that, so the marker is read from the catalog rather than from current_setting.
   */
  @Test
  void restoreMarkerIsSeenBySessionsOpenedBeforeTheRestore() throws SQLException {
    try (Connection before = connect(STUBS)) {
      assertThat(DataRetention.restoreMarker(before)).isNull();
      String marker = "prod-supernova-20250101T020000Z.dump at 2026-05-01T12:34:56Z";
      stack.postgres.psql(
          "postgres",
          "ALTER DATABASE "
              + STUBS
              + " SET "
              + DataRetention.RESTORE_MARKER
              + " = '"
              + marker
              + "'");
      try {
        assertThat(DataRetention.restoreMarker(before)).isEqualTo(marker);
        assertThat(DataRetention.restoredAt(DataRetention.restoreMarker(before)))
            .contains(Instant.parse("2026-05-01T12:34:56Z"));
        try (Statement s = before.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT coalesce(current_setting('"
                        + DataRetention.RESTORE_MARKER
                        + "', true), '')")) {
          rs.next();
          assertThat(rs.getString(1)).as("the old session's own setting").isEmpty();
        }
      } finally {
        stack.postgres.psql(
            "postgres", "ALTER DATABASE " + STUBS + " RESET " + DataRetention.RESTORE_MARKER);
      }
    }
  }
}
