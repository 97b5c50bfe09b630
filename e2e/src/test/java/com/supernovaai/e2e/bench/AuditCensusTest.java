package com.supernovaai.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCensusTest {

  private static final Instant FROM = Instant.parse("2026-12-05T08:00:00Z");
  private static final Instant TO = Instant.parse("2026-12-05T08:01:00Z");

  @TempDir Path dir;

  @Test
  void requestsInTheIntervalAreCountedByControllerVerbAndResourceWithTheirBodiesSkipped()
      throws IOException {
    Path log = dir.resolve("audit.log");
    Files.write(
        log,
        List.of(
            event("ResponseComplete", "08:00:10", DEPLOYMENT_CONTROLLER, "update", STATUS),
            event("ResponseComplete", "08:00:20", DEPLOYMENT_CONTROLLER, "update", STATUS),
            event("ResponseComplete", "08:00:30", "system:kube-scheduler", "create", BINDING),
            // Outside the interval: before it, and at its end
            event("ResponseComplete", "07:59:59", DEPLOYMENT_CONTROLLER, "update", STATUS),
            event("ResponseComplete", "08:01:00", DEPLOYMENT_CONTROLLER, "update", STATUS),
            // A watch counts once, when it starts; other requests when they complete
            event("ResponseStarted", "08:00:40", OPERATOR, "watch", "{\"resource\":\"pods\"}"),
            event("ResponseComplete", "08:00:50", OPERATOR, "watch", "{\"resource\":\"pods\"}"),
            event("ResponseStarted", "08:00:40", OPERATOR, "get", "{\"resource\":\"pods\"}"),
            "{\"kind\":\"Event\",\"stage\":\"ResponseComp", // cut by a rotation
            ""));

    AuditCensus census = AuditCensus.of(log, FROM, TO);

    assertThat(census.requests())
        .containsOnly(
            entry("deployment-controller update deployments/status", 2L),
            entry("system:kube-scheduler create pods/binding", 1L),
            entry("system:serviceaccount:supernova:operator watch pods", 1L));
    assertThat(census.byUser())
        .containsOnly(
            entry("deployment-controller", 2L),
            entry("system:kube-scheduler", 1L),
            entry("system:serviceaccount:supernova:operator", 1L));
    assertThat(census.total()).isEqualTo(4);
  }

  @Test
  void writesAreTimedFromTheirReceiptToTheirResponseByWriterAndResource() throws IOException {
    Path log = dir.resolve("audit.log");
    Files.write(
        log,
        List.of(
            timed("08:00:10.000", "08:00:10.300", OPERATOR, "patch", SERVICE),
            timed("08:00:11.000", "08:00:11.100", OPERATOR, "patch", SERVICE),
            timed("08:00:12.000", "08:00:12.200", OPERATOR, "create", SERVICE),
            timed("08:00:13.000", "08:00:13.900", OPERATOR, "patch", SERVICE),
            // Reads are not timed; writes of another user are timed apart
            timed("08:00:14.000", "08:00:15.000", OPERATOR, "get", SERVICE),
            timed("08:00:16.000", "08:00:16.005", "admin", "patch", SERVICE)));

    var times = AuditCensus.of(log, FROM, TO).writeTimes();

    assertThat(times).containsOnlyKeys(OPERATOR, "admin");
    assertThat(times.get(OPERATOR)).containsOnlyKeys("services");
    var operator = times.get(OPERATOR).get("services");
    assertThat(operator.count()).isEqualTo(4);
    assertThat(operator.p50()).isCloseTo(200, org.assertj.core.data.Offset.offset(0.01));
    assertThat(operator.p90()).isCloseTo(900, org.assertj.core.data.Offset.offset(0.01));
    assertThat(operator.totalSeconds()).isCloseTo(1.5, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(times.get("admin").get("services").count()).isEqualTo(1);
  }

  @Test
  void anImpersonatedRequestCountsForTheUserImpersonated() throws IOException {
    Path log = dir.resolve("audit.log");
    String line =
        event("ResponseComplete", "08:00:10", "admin", "patch", STATUS)
            .replace(
                "\"verb\"",
                "\"impersonatedUser\":{\"username\":\"alice\",\"groups\":[\"g\"]},\"verb\"");
    Files.write(log, List.of(line));

    assertThat(AuditCensus.of(log, FROM, TO).requests())
        .containsOnly(entry("alice patch deployments/status", 1L));
  }

  @Test
  void noLogIsNoRequests() {
    assertThat(AuditCensus.of(dir.resolve("none.log"), FROM, TO).total()).isZero();
  }

  private static final String DEPLOYMENT_CONTROLLER =
      "system:serviceaccount:kube-system:deployment-controller";
  private static final String OPERATOR = "system:serviceaccount:supernova:operator";
  private static final String STATUS =
      "{\"resource\":\"deployments\",\"namespace\":\"a\",\"name\":\"b\",\"apiGroup\":\"apps\","
          + "\"apiVersion\":\"v1\",\"subresource\":\"status\"}";
  private static final String SERVICE =
      "{\"resource\":\"services\",\"namespace\":\"a\",\"name\":\"s\",\"apiVersion\":\"v1\"}";
  private static final String BINDING =
      "{\"resource\":\"pods\",\"namespace\":\"a\",\"name\":\"p\",\"apiVersion\":\"v1\","
          + "\"subresource\":\"binding\"}";

  /** One line as the API server writes it, with a request body the census must skip. */
  private static String event(String stage, String time, String user, String verb, String ref) {
    return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Request\","
        + "\"auditID\":\"x\",\"stage\":\""
        + stage
        + "\",\"requestURI\":\"/apis/apps/v1\",\"verb\":\""
        + verb
        + "\",\"user\":{\"username\":\""
        + user
        + "\",\"groups\":[\"system:authenticated\"],\"extra\":{\"k\":[\"v\"]}},"
        + "\"sourceIPs\":[\"127.0.0.1\"],\"objectRef\":"
        + ref
        + ",\"responseStatus\":{\"metadata\":{},\"code\":200},"
        + "\"requestObject\":{\"status\":{\"verb\":\"not this\",\"conditions\":[{\"user\":{}}]}},"
        + "\"requestReceivedTimestamp\":\"2026-12-05T"
        + time
        + ".000000Z\",\"stageTimestamp\":\"2026-12-05T"
        + time
        + ".010000Z\"}";
  }

  /** A completed request received at {@code received} and answered at {@code answered}. */
  private static String timed(
      String received, String answered, String user, String verb, String ref) {
    return event("ResponseComplete", "00:00:00", user, verb, ref)
        .replace("2026-12-05T00:00:00.000000Z", "2026-12-05T" + received + "000Z")
        .replace("2026-12-05T00:00:00.010000Z", "2026-12-05T" + answered + "000Z");
  }

  private static java.util.Map.Entry<String, Long> entry(String key, long count) {
    return java.util.Map.entry(key, count);
  }
}
