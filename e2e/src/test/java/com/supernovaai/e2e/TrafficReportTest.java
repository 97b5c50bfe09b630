package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.e2e.LoadGenerator.Kind;
import com.supernovaai.e2e.LoadGenerator.Request;
import com.supernovaai.e2e.LoadGenerator.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficReportTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Request answer(String color, long sentMs, long doneMs) {
    return new Request(
        Kind.VERSION,
        T0.plusMillis(sentMs),
        T0.plusMillis(doneMs),
        200,
        Result.OK,
        color,
        "v",
        null,
        null);
  }

  private static Request failed(Result result, long sentMs, long doneMs) {
    return new Request(
        Kind.WRITE, T0.plusMillis(sentMs), T0.plusMillis(doneMs), 0, result, null, null, "x", null);
  }

  @Test
  void aCleanSwitchHasNoOldAnswerAfterTheFirstNewOneAndMeasuresToTheLastOld() {
    // An old request sent before the first new answer arrived may finish after it: no violation.
    TrafficReport report =
        new TrafficReport(
            "a",
            List.of(
                answer("blue", 0, 50),
                answer("blue", 900, 1300),
                answer("green", 1000, 1100),
                answer("green", 1200, 1250)));

    TrafficReport.Switch s = report.switchFrom("blue", "green", T0.plusMillis(800)).orElseThrow();

    assertThat(s.oldAfterNew()).isZero();
    assertThat(s.others()).isZero();
    assertThat(s.firstNew()).isEqualTo(T0.plusMillis(1100));
    assertThat(s.switchTime()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.overlap()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void anOldAnswerToARequestSentAfterTheFirstNewAnswerIsCounted() {
    TrafficReport report =
        new TrafficReport(
            "a",
            List.of(
                answer("green", 1000, 1100),
                answer("blue", 1150, 1200),
                answer("purple", 1300, 1310)));

    TrafficReport.Switch s = report.switchFrom("blue", "green", T0).orElseThrow();

    assertThat(s.oldAfterNew()).isEqualTo(1);
    assertThat(s.others()).isEqualTo(1);
  }

  @Test
  void noNewAnswerMeansNoSwitch() {
    assertThat(
            new TrafficReport("a", List.of(answer("blue", 0, 1))).switchFrom("blue", "green", T0))
        .isEmpty();
  }

  @Test
  void failuresGiveTheOutageWindowAndTheRecovery() {
    TrafficReport report =
        new TrafficReport(
            "h",
            List.of(
                answer("blue", 0, 10),
                failed(Result.CONNECTION_ERROR, 1000, 1001),
                failed(Result.SERVER_ERROR, 2000, 2500),
                failed(Result.CLIENT_ERROR, 2600, 2601),
                answer("blue", 2400, 2700),
                answer("blue", 2600, 2800)));

    assertThat(report.failures()).hasSize(2);
    assertThat(report.clientErrors()).hasSize(1);
    assertThat(report.outage()).contains(Duration.ofMillis(1500));
    assertThat(report.recoveredAt()).contains(T0.plusMillis(2800));
    assertThat(report.colors()).containsEntry("blue", 3L);
    assertThat(report.failureKinds())
        .containsExactly(
            java.util.Map.entry("WRITE CONNECTION_ERROR", 1L),
            java.util.Map.entry("WRITE SERVER_ERROR", 1L));
    assertThat(report.failureWindow()).contains("+1.0 s..+2.5 s");
  }

  @Test
  void parsesStatusHeadersAndTheVersionBody() {
    Request version =
        LoadGenerator.parse(
            Kind.VERSION,
            T0,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n"
                + "{\"version\":\"next\",\"color\":\"green\"}",
            null);
    Request write =
        LoadGenerator.parse(
            Kind.WRITE,
            T0,
            "HTTP/1.1 503 Service Unavailable\r\nX-SuperNova-Color: blue\r\n"
                + "x-supernova-version: dev\r\n\r\n{}",
            T0);

    assertThat(version.result()).isEqualTo(Result.OK);
    assertThat(version.color()).isEqualTo("green");
    assertThat(version.version()).isEqualTo("next");
    assertThat(write.result()).isEqualTo(Result.SERVER_ERROR);
    assertThat(write.color()).isEqualTo("blue");
    assertThat(write.version()).isEqualTo("dev");
    assertThat(write.acknowledgedWrite()).isFalse();
  }
}
