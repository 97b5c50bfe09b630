package com.supernovaai.operator.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.ReferencedSecrets;
import com.supernovaai.operator.dependent.Rendered;
import com.supernovaai.operator.dependent.TestContexts;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.testsupport.LocalPostgres;
import io.fabric8.kubernetes.api.model.Container;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rotate.sh, taken from the scripts ConfigMap the operator renders and run with the command and env
 * of the rotation Job it renders, against a real PostgreSQL that logs every statement: both
 * passwords change, the old ones stop working and the new ones work, a second run is harmless, a
 * refusal changes nothing, and no password reaches the script's output, its result or the server
 * log.
 */
class CredentialsRotationScriptIT {

  private static final String OLD_APP = "app-old 'quoted' $HOME";
  private static final String NEW_APP = "app-new \"dq\" 'sq' \\ `echo x` $(id) ;";
  private static final String NEW_SUPERUSER = "su-new ' ; DROP ROLE supernova; --";

  @TempDir Path work;

  private LocalPostgres postgres;
  private SuperNovaStack stack;
  private ScriptRun scripts;

  @BeforeEach
  void database() {
    // Every statement logged, slow or not, as a user's spec.database.parameters might ask for.
    postgres =
        LocalPostgres.builder()
            .extraConf("log_statement = 'all'\nlog_min_duration_statement = 0\n")
            .start();
    postgres.psql(
        "postgres", "CREATE ROLE supernova LOGIN PASSWORD '" + OLD_APP.replace("'", "''") + "'");
    postgres.psql("postgres", "CREATE DATABASE supernova OWNER supernova");
    stack = ProofStacks.stack();
    try {
      // The unprivileged account the scripts run as (when the tests are root) reads them here.
      Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    scripts =
        ScriptRun.mount(Rendered.backupScripts(stack, TestContexts.with()), work.resolve("scripts"))
            .unprivileged();
  }

  @AfterEach
  void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void changesBothPasswordsSoOnlyTheNewOnesLogInAndNeverShowsOrLogsThem() throws Exception {
    assertThat(login("supernova", OLD_APP, "supernova")).as("the app role before").isZero();

    var result = rotate("supernova", OLD_APP, postgres.password(), "supernova", NEW_APP);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.terminationMessage()).contains("\"result\":\"Succeeded\"");
    assertThat(result.output()).contains("passwords of supernova and postgres changed");
    assertThat(login("supernova", NEW_APP, "supernova")).as("new app password").isZero();
    assertThat(login("postgres", NEW_SUPERUSER, "postgres")).as("new superuser password").isZero();
    assertThat(login("supernova", OLD_APP, "supernova")).as("old app password").isNotZero();
    assertThat(login("postgres", postgres.password(), "postgres"))
        .as("old superuser password")
        .isNotZero();

    // A pod lost after the commit runs again: the applied superuser password no longer works.
    var again = rotate("supernova", OLD_APP, postgres.password(), "supernova", NEW_APP);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.output()).contains("already has the new password");
    assertThat(login("supernova", NEW_APP, "supernova")).isZero();

    String log = Files.readString(postgres.logFile(), StandardCharsets.UTF_8);
    assertThat(log).as("statements are being logged").contains("statement: ");
    for (String secret : List.of(OLD_APP, NEW_APP, NEW_SUPERUSER, postgres.password())) {
      assertThat(log).as("server log").doesNotContain(secret);
      assertThat(result.output() + again.output()).as("script output").doesNotContain(secret);
      assertThat(result.terminationMessage() + again.terminationMessage())
          .as("termination message")
          .doesNotContain(secret);
    }
  }

  @Test
  void aChangedUsernameIsRefusedAndNothingChanges() throws Exception {
    var result = rotate("supernova", OLD_APP, postgres.password(), "someone-else", NEW_APP);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.terminationMessage())
        .contains("\"reason\":\"UsernameChanged\"")
        .contains("only the passwords can be rotated");
    assertThat(login("supernova", OLD_APP, "supernova")).isZero();
    assertThat(login("postgres", postgres.password(), "postgres")).isZero();
  }

  @Test
  void aSuperuserPasswordTheDatabaseDoesNotKnowIsAReadableFinalFailure() throws Exception {
    var result = rotate("supernova", OLD_APP, "not-the-password", "supernova", NEW_APP);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
    assertThat(result.terminationMessage())
        .contains("\"reason\":\"AuthenticationFailed\"")
        .contains("password authentication failed")
        .doesNotContain("not-the-password");
    assertThat(result.output()).doesNotContain("not-the-password").doesNotContain(NEW_SUPERUSER);
    assertThat(login("supernova", OLD_APP, "supernova")).as("nothing changed").isZero();
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** Runs the rendered rotation Job's container with these values in the two Secrets. */
  private ScriptRun.Result rotate(
      String appliedUser,
      String appliedApp,
      String appliedSuperuser,
      String newUser,
      String newApp) {
    String applied = StackNames.databaseCredentialsApplied(stack);
    String edited = StackNames.databaseCredentials(stack);
    var context =
        TestContexts.with(
            Rendered.databaseSecret(stack, applied, appliedUser, appliedApp, appliedSuperuser),
            Rendered.databaseSecret(stack, edited, newUser, newApp, NEW_SUPERUSER));
    Container container = Rendered.rotationContainer(stack, context);
    Map<String, String> values = new HashMap<>();
    values.put(applied + "/" + ReferencedSecrets.USERNAME, appliedUser);
    values.put(applied + "/" + ReferencedSecrets.PASSWORD, appliedApp);
    values.put(applied + "/" + ReferencedSecrets.SUPERUSER_PASSWORD, appliedSuperuser);
    values.put(edited + "/" + ReferencedSecrets.USERNAME, newUser);
    values.put(edited + "/" + ReferencedSecrets.PASSWORD, newApp);
    values.put(edited + "/" + ReferencedSecrets.SUPERUSER_PASSWORD, NEW_SUPERUSER);
    return scripts.run(
        container,
        values,
        Map.of("PGHOST", postgres.host(), "PGPORT", Integer.toString(postgres.port())));
  }

  /** Exit code of a login over TCP with SCRAM, as PgBouncer and the API server log in. */
  private int login(String user, String password, String database) throws Exception {
    Path out = Files.createTempFile(work, "login", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(
                "psql",
                "-X",
                "-At",
                "-h",
                postgres.host(),
                "-p",
                Integer.toString(postgres.port()),
                "-U",
                user,
                "-d",
                database,
                "-c",
                "SELECT 1")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    builder.environment().put("PGPASSWORD", password);
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }
}
