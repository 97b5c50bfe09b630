package com.supernovaai.api;

import static com.supernovaai.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.testsupport.Processes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runnable jar as a real process: configuration errors, start-up, SIGTERM drain. */
class ProcessIT {

  private static Path logFile() throws IOException {
    return ApiProcess.logFile();
  }

  private static Process launch(Map<String, String> env, Path output) throws IOException {
    return ApiProcess.launch(env, output);
  }

  @Test
  void missingSettingStopsStartUpWithOneLineNamingIt() throws Exception {
    Path out = logFile();
    Process p =
        launch(
            Map.of(
                "DATABASE_URL", "postgresql://app:hunter2-secret@127.0.0.1:1/db",
                "REDIS_URL", "redis://127.0.0.1:1"),
            out);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    String log = Files.readString(out, StandardCharsets.UTF_8).trim();
    assertThat(log.lines()).hasSize(1);
    assertThat(log).contains("JWT_SECRET_KEY").doesNotContain("hunter2-secret");
  }

  @Test
  void badDataRetentionStopsStartUpNamingTheSettingAndWhatIsAllowed() throws Exception {
    Path out = logFile();
    Process p =
        launch(
            Map.of(
                "DATABASE_URL", "postgresql://app:hunter2-secret@127.0.0.1:1/db",
                "REDIS_URL", "redis://127.0.0.1:1",
                "JWT_SECRET_KEY", TestStack.JWT_SECRET,
                "SUPERNOVA_DATA_RETENTION_DAYS", "1 year"),
            out);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    String log = Files.readString(out, StandardCharsets.UTF_8).trim();
    assertThat(log.lines()).hasSize(1);
    assertThat(log)
        .contains("SUPERNOVA_DATA_RETENTION_DAYS must be an integer")
        .contains("0 or never keeps the time series for ever")
        .doesNotContain("hunter2-secret");
  }

  @Test
  void unreachableDatabaseFailsStartUpWithoutLeakingThePassword() throws Exception {
    Path out = logFile();
    Process p =
        launch(
            Map.of(
                "DATABASE_URL",
                "postgresql://app:hunter2-secret@127.0.0.1:" + Processes.freePort() + "/db",
                "DATABASE_POOL_TIMEOUT",
                "2",
                "REDIS_URL",
                "redis://127.0.0.1:" + Processes.freePort(),
                "JWT_SECRET_KEY",
                TestStack.JWT_SECRET),
            out);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    String log = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(log).contains("start-up failed").doesNotContain("hunter2-secret");
  }

  @Test
  void sigtermTurnsReadinessTo503ThenDrainsAndExits() throws Exception {
    TestStack stack = TestStack.shared();
    int port = Processes.freePort();
    Map<String, String> env = stack.env();
    env.put("SUPERNOVA_PORT", String.valueOf(port));
    env.put("SUPERNOVA_SHUTDOWN_DRAIN_SECONDS", "6");
    Path out = logFile();
    Process p = launch(env, out);
    try {
      Api api = new Api(URI.create("http://127.0.0.1:" + port));
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(api.get("/health/ready").statusCode()).isEqualTo(200));
      api.login();
      assertThat(api.get("/version").body()).contains("1.2.3-test");
      // Plain PostgreSQL here: the retention step says once that it has nothing to enforce.
      assertThat(Files.readString(out, StandardCharsets.UTF_8))
          .containsOnlyOnce("data retention: timescaledb is not installed");

      p.destroy(); // SIGTERM

      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .untilAsserted(
              () -> {
                HttpResponse<String> ready = api.get("/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(json(ready).get("status").asText()).isEqualTo("draining");
              });
      // While draining, requests are still served (load balancers are still catching up).
      assertThat(api.get("/api/sentiment/AAPL").statusCode()).isEqualTo(200);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isIn(0, 143);
    } finally {
      p.destroyForcibly();
    }
    String log = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(log)
        .contains("listening on")
        .contains("shutdown complete")
        .doesNotContain(stack.postgres.password())
        .doesNotContain(TestStack.REDIS_PASSWORD)
        .doesNotContain(TestStack.JWT_SECRET);
  }
}
