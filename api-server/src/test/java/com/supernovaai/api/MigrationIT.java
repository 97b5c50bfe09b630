package com.supernovaai.api;

import static com.supernovaai.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.testsupport.Processes;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Migrations and blue-green: a failed migration is reported to the operator (exit code 3 and the
 * termination message), a migration never waits for ever on the running color's locks, and the
 * running (older) version keeps working on the schema a newer version migrated to.
 */
class MigrationIT {

  private static TestStack stack;

  @BeforeAll
  static void start() {
    stack = TestStack.shared();
  }

  @Test
  void aFailedMigrationExitsWith3AndNamesItInTheTerminationMessage() throws Exception {
    String db = newDatabase();
    Path message = Files.createTempFile("termination-log", "");
    Path out = ApiProcess.logFile();
    Process p =
        ApiProcess.launch(
            env(db, Map.of("SUPERNOVA_TERMINATION_LOG", message.toString())),
            out,
            migrations("failing"));
    try {
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    String log = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(log).isEqualTo(3);

    String line = Files.readString(message, StandardCharsets.UTF_8);
    System.out.println("termination message: " + line.strip());
    assertThat(line.strip().lines()).hasSize(1);
    assertThat(line)
        .startsWith(
            "migration failed: version 900 (fails on purpose): PSQLException SQLState 42P01")
        .contains("no_such_table")
        .doesNotContain(TestStack.APP_PASSWORD)
        .doesNotContain("127.0.0.1");
    assertThat(log).contains("migration failed: ").doesNotContain(TestStack.APP_PASSWORD);
    // All or nothing: nothing of V900 is left, the running color keeps the schema it knows.
    assertThat(stack.postgres.psql(db, "SELECT to_regclass('fails_on_purpose_partial') IS NULL"))
        .isEqualTo("t");
    assertThat(
            stack.postgres.psql(
                db, "SELECT count(*) FROM flyway_schema_history WHERE version = '900'"))
        .isEqualTo("0");
  }

  @Test
  void aMigrationBlockedByTheRunningColorsQueriesGivesUpAndIsNotReportedAsFailed()
      throws Exception {
    String db = newDatabase();
    try (ApiServer current = stack.startServer(databaseEnv(db))) {
      // The running color's schema is in place.
    }
    Path message = Files.createTempFile("termination-log", "");
    Path out = ApiProcess.logFile();
    try (Connection runningColor =
        DriverManager.getConnection(
            stack.postgres.jdbcUrl(db), stack.postgres.user(), stack.postgres.password())) {
      // A long transaction that read users holds a lock V901's ALTER TABLE must wait for.
      runningColor.setAutoCommit(false);
      try (Statement s = runningColor.createStatement()) {
        s.execute("SELECT count(*) FROM users");
      }
      Map<String, String> overrides = new HashMap<>();
      overrides.put("SUPERNOVA_TERMINATION_LOG", message.toString());
      overrides.put("SUPERNOVA_MIGRATION_LOCK_TIMEOUT_SECONDS", "1");
      Process p = ApiProcess.launch(env(db, overrides), out, migrations("lock"));
      try {
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the migration gave up waiting").isTrue();
      } finally {
        p.destroyForcibly();
      }
      String log = Files.readString(out, StandardCharsets.UTF_8);
      // A lock conflict is worth retrying (the kubelet restarts the container): exit 1, no
      // MigrationFailed for the operator.
      assertThat(p.exitValue()).as(log).isEqualTo(1);
      assertThat(log).contains("start-up failed").contains("lock timeout");
      assertThat(Files.readString(message, StandardCharsets.UTF_8)).isEmpty();
      runningColor.commit();
    }
    assertThat(
            stack.postgres.psql(
                db,
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'users' AND column_name = 'lock_test_note'"))
        .isEqualTo("0");
  }

  @Test
  void aMigrationMayRunLongerThanARequestsSocketTimeout() throws Exception {
    String db = newDatabase();
    Path out = ApiProcess.logFile();
    Map<String, String> env = env(db, Map.of());
    Process p = ApiProcess.launch(env, out, migrations("slow"));
    try {
      Api api = new Api(URI.create("http://127.0.0.1:" + env.get("SUPERNOVA_PORT")));
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                assertThat(p.isAlive()).as(Files.readString(out)).isTrue();
                assertThat(api.get("/health/ready").statusCode()).isEqualTo(200);
              });
    } finally {
      p.destroyForcibly();
    }
    assertThat(stack.postgres.psql(db, "SELECT to_regclass('slow_migration_done') IS NOT NULL"))
        .isEqualTo("t");
  }

  @Test
  void theOlderVersionKeepsServingOnTheSchemaANewerVersionMigratedTo() {
    String db = newDatabase();
    // Release N+1 migrated first (expand: an added nullable column), as before a promotion.
    Flyway.configure()
        .dataSource(stack.postgres.jdbcUrl(db), TestStack.APP_ROLE, TestStack.APP_PASSWORD)
        .locations("classpath:db/migration", "classpath:migrations/expand/db/migration")
        .load()
        .migrate();
    // Release N (this build without V902) starts against it, as after an abort or a rollback.
    try (ApiServer older = stack.startServer(databaseEnv(db))) {
      Api api = new Api(older).login();
      String symbol = ApiIT.symbol();
      assertThat(
              api.post(
                      "/api/sentiment",
                      ApiIT.batch(ApiIT.point(symbol, "2024-08-01T10:00:00Z", 0.2, 0.9)))
                  .statusCode())
          .isEqualTo(200);
      assertThat(json(api.get("/api/sentiment/" + symbol)).get("count").asInt()).isEqualTo(1);
    }
  }

  private static String newDatabase() {
    String name = "migration_" + UUID.randomUUID().toString().substring(0, 8);
    stack.createAppDatabase(name);
    return name;
  }

  /** The stack's environment with the database URL pointing at {@code db} (PgBouncer has one). */
  private static Map<String, String> databaseEnv(String db) {
    return Map.of("DATABASE_URL", "postgresql://127.0.0.1:" + stack.postgres.port() + "/" + db);
  }

  private static Map<String, String> env(String db, Map<String, String> overrides) {
    Map<String, String> env = stack.env();
    env.putAll(databaseEnv(db));
    env.put("SUPERNOVA_PORT", String.valueOf(Processes.freePort()));
    env.putAll(overrides);
    return env;
  }

  /** A classpath root with test-only migrations under db/migration. */
  private static Path migrations(String name) throws URISyntaxException {
    return Path.of(MigrationIT.class.getResource("/migrations/" + name).toURI());
  }
}
