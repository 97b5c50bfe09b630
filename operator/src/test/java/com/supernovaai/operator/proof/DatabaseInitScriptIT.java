package com.supernovaai.operator.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.Rendered;
import com.supernovaai.operator.dependent.Scripts;
import com.supernovaai.testsupport.LocalPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The db-init.sh the operator renders, run against a real PostgreSQL as the image's entrypoint runs
 * it: the API server's role logs in with its password and owns its database with no more rights, a
 * second run changes nothing, and the password never reaches the server log, even with every
 * statement logged.
 */
class DatabaseInitScriptIT {

  @Test
  void createsTheAppRoleAndDatabaseOnceAndNeverLogsThePassword(@TempDir Path dir) throws Exception {
    var stack = ProofStacks.stack();
    var config = Rendered.databaseConfig(stack, ProofStacks.context(stack));
    Path script = dir.resolve(Scripts.DATABASE_INIT);
    Files.writeString(script, config.getData().get(Scripts.DATABASE_INIT), StandardCharsets.UTF_8);

    // log_statement = 'all', as a user might set it through spec.database.parameters.
    try (LocalPostgres postgres =
        LocalPostgres.builder().extraConf("log_statement = 'all'\n").start()) {
      Map<String, String> env =
          Map.of(
              "PGHOST", postgres.host(),
              "PGPORT", Integer.toString(postgres.port()),
              "PGPASSWORD", postgres.password(),
              "POSTGRES_USER", postgres.user(),
              "APP_DB_USER", ProofStacks.DATABASE_USER,
              "APP_DB_PASSWORD", ProofStacks.DATABASE_PASSWORD,
              "APP_DB_NAME", StackNames.DATABASE_NAME);
      for (int run = 1; run <= 2; run++) {
        Result result = run(dir, env, "sh", script.toString());
        assertThat(result.exitCode()).as("run %d: %s", run, result.output()).isZero();
      }

      // Over TCP with SCRAM, as the pooler connects: the password (quotes and spaces included)
      // was set as given, and the role owns the database.
      Result login =
          run(
              dir,
              Map.of("PGPASSWORD", ProofStacks.DATABASE_PASSWORD),
              "psql",
              "-X",
              "-At",
              "-h",
              postgres.host(),
              "-p",
              Integer.toString(postgres.port()),
              "-U",
              ProofStacks.DATABASE_USER,
              "-d",
              StackNames.DATABASE_NAME,
              "-c",
              "SELECT current_user || ' ' || pg_get_userbyid(datdba) FROM pg_database"
                  + " WHERE datname = current_database()");
      assertThat(login.exitCode()).as(login.output()).isZero();
      assertThat(login.output().strip()).isEqualTo("supernova supernova");

      // Least privilege (issue 15): an ordinary owner, as on a managed database; no superuser,
      // no CREATEDB/CREATEROLE, no predefined role such as pg_read_all_settings.
      assertThat(
              postgres.psql(
                  "postgres",
                  "SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls,"
                      + " (SELECT count(*) FROM pg_auth_members WHERE member = r.oid)"
                      + " FROM pg_roles r WHERE rolname = '"
                      + ProofStacks.DATABASE_USER
                      + "'"))
          .as("superuser, createdb, createrole, replication, bypassrls, memberships")
          .isEqualTo("f|f|f|f|f|0");

      String log = Files.readString(postgres.logFile(), StandardCharsets.UTF_8);
      assertThat(log).as("statements are being logged").contains("statement: ");
      assertThat(log).doesNotContain(ProofStacks.DATABASE_PASSWORD);
    }
  }

  private record Result(int exitCode, String output) {}

  private static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(List.of(command)).redirectErrorStream(true).redirectOutput(out.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }
}
