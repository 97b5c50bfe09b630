package com.supernovaai.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static final long MIB = 1048576;

  @Test
  void aThousandStacksAreJudgedByTheIssuesThousandRow() {
    // The N=1000 run of 2026-12-03: under the N=1000 row's 1 s, over the N=100 row's 300 ms.
    var targets = Report.targets(List.of(run(1000, 1.29, 380 * MIB, 300 * MIB, 617)));

    assertThat(verdict(targets, "ratio"))
        .containsEntry("target", "<= 1.3")
        .containsEntry("pass", true);
    assertThat(verdict(targets, "latencyP99Millis"))
        .containsEntry("target", "< 1000.0")
        .containsEntry("pass", true);
    assertThat(verdict(targets, "rssMiB (peak, converging or restarted)"))
        .containsEntry("target", "<= 384.0")
        .containsEntry("pass", true);
  }

  @Test
  void aHundredStacksAreJudgedByTheHundredRow() {
    var targets = Report.targets(List.of(run(100, 1.29, 150 * MIB, 150 * MIB, 617)));

    assertThat(verdict(targets, "ratio"))
        .containsEntry("target", "<= 1.25")
        .containsEntry("pass", false);
    assertThat(verdict(targets, "latencyP99Millis")).containsEntry("pass", false);
  }

  @Test
  void theMemoryTargetHoldsThePeakAfterARestartToo() {
    var targets = Report.targets(List.of(run(1000, 1.2, 300 * MIB, 688 * MIB, 50)));

    assertThat(verdict(targets, "rssMiB (peak, converging or restarted)"))
        .containsEntry("value", 688.0)
        .containsEntry("pass", false);
  }

  @Test
  void theMemoryTargetIsJudgedOnThePeakNotOnTheResidentSizeAfterwards() {
    // A restart whose heap peaked at 470 MiB and was 360 MiB resident 30 s later.
    var targets =
        Report.targets(List.of(run(1000, 1.2, 300 * MIB, 360 * MIB, 470 * MIB, 50, List.of())));

    assertThat(verdict(targets, "rssMiB (peak, converging or restarted)"))
        .containsEntry("value", 470.0)
        .containsEntry("pass", false);
  }

  @Test
  void restartProbesAreTabledBesideTheRunsOwnRestart() {
    var probes =
        List.of(
            new RunResult.RestartProbe(
                "h256", "-XX:MaxRAMPercentage=50", 350 * MIB, 372 * MIB, 1000, 0, 41.5, null),
            RunResult.RestartProbe.failed(
                "h224", "-XX:MaxRAMPercentage=44", "the operator exited with 3"));
    RunResult probed = run(1000, 1.2, 300 * MIB, 360 * MIB, 360 * MIB, 50, probes);

    String table = Report.markdown(List.of(probed), options(), java.time.Instant.EPOCH);

    assertThat(table)
        .contains("| v | `` | 360 | 360 | 1000 | 0 | |")
        .contains("| h256 | `-XX:MaxRAMPercentage=50` | 350 | 372 | 1000 | 0 | 41.5 |")
        .contains("| h224 | `-XX:MaxRAMPercentage=44` | failed: the operator exited with 3 |");
  }

  @Test
  void theHeaderSaysWhetherAWarmUpRunCameFirst() {
    RunResult result = run(1000, 1.2, 300 * MIB, 360 * MIB, 360 * MIB, 50, List.of());

    assertThat(Report.markdown(List.of(result), options(), java.time.Instant.EPOCH))
        .contains("after a warm-up run of 100 stacks, not recorded");
  }

  @Test
  void theTimelineSetsTheOperatorsMilestonesBesideTheDirectApplys() {
    String table =
        Report.markdown(
            List.of(run(100, 1.5, 200 * MIB, 200 * MIB, 200)), options(), java.time.Instant.EPOCH);

    assertThat(table)
        .contains(
            "| N | variant | objects created | workloads ready | stacks Ready"
                + " | direct: objects applied | direct: workloads ready |")
        .contains(
            "| 100 | v | 20.0 / 35.0 | 30.0 / 50.0 | 45.0 / 60.0 | 5.0 / 10.0 | 15.0 / 40.0 |")
        .contains("| deployments <stack>-pooler | 2.0 | 30.0 | 35.0 |");
  }

  @Test
  void theCpuOfEachProcessIsTabledBesideTheDirectApplysWithTheMachinesBusyShare() {
    String table = Report.cpu(List.of(run(100, 1.5, 200 * MIB, 200 * MIB, 200)));

    // 60 s on 2 cores, 96 core-seconds busy: 80 %; the direct apply has no operator.
    assertThat(table)
        .contains("| N | run | wall s | kube-apiserver | operator | bench | all | machine busy |")
        .contains("| 100 | v | 60.0 | 30.0 | 20.0 | | 50.0 | 80 % |")
        .contains("| 100 | direct | 40.0 | 30.0 | | 5.0 | 35.0 | 80 % |");
  }

  @Test
  void theRequestsTheOperatorsRunMadeMoreOfThanTheDirectApplyComeFirstByUserAndByRequest() {
    String table = Report.requests(List.of(run(100, 1.5, 200 * MIB, 200 * MIB, 200)), 2);

    assertThat(table)
        .contains("Audited requests at N=100, v, while converging")
        .contains("| by | v | direct | more |")
        .contains("| deployment-controller | 900 | 600 | +300 |")
        .contains("| scheduler | 10 | 40 | -30 |")
        .contains("| **all** | 910 | 640 | +270 |")
        .contains("| deployment-controller update deployments/status | 900 | 600 | +300 |")
        .contains("| scheduler patch pods/status | 10 | 10 | +0 |")
        // Only the top 2 requests by excess: the scheduler's binding, 30 fewer, is the third
        .doesNotContain("pods/binding")
        .contains("| request | v | direct | more |")
        .contains("| **all** | 950 | 620 | +330 |")
        .contains("| PUT deployments/status | 900 | 600 | +300 |")
        .contains("| LIST pods | 50 | 20 | +30 |");
    assertThat(table.indexOf("| deployment-controller |"))
        .isLessThan(table.indexOf("| scheduler |"));
  }

  @Test
  void theWatchEventsTheOperatorsRunReceivedMoreOfComeFirstByResourceWithTheirSize() {
    String table = Report.requests(List.of(run(100, 1.5, 200 * MIB, 200 * MIB, 200)), 2);

    assertThat(table)
        .contains("Watch events the API server sent meanwhile")
        .contains("| resource | v: events | MB | direct: events | MB | more events |")
        .contains("| **all** | 6900 | 27.4 | 4390 | 16.4 | +2510 |")
        .contains("| pods | 5000 | 20.0 | 3000 | 12.0 | +2000 |")
        .contains("| deployments | 1200 | 6.0 | 600 | 3.0 | +600 |")
        // Only the top 2 resources by excess: secrets (the same) and leases (fewer) are left out
        .doesNotContain("| secrets |")
        .doesNotContain("| leases |");
    assertThat(table.indexOf("| pods | 5000")).isLessThan(table.indexOf("| deployments | 1200"));
  }

  @Test
  void theOperatorsWritesAreTimedByResourceBesideTheDirectApplysLongestWaitFirst() {
    String table = Report.writeTimes(List.of(run(100, 1.5, 200 * MIB, 200 * MIB, 200)));

    assertThat(table)
        .contains("How long the writes took at N=100, v")
        .contains("| services | 600 | 300 | 800 | 185.0 | 600 | 70 | 110 | 42.0 |")
        .contains("| secrets | 700 | 14 | 37 | 12.6 | 700 | 8 | 20 | 7.5 |")
        .contains("| supernovastacks/status | 250 | 96 | 216 | 25.0 | - | - | - | - |")
        .doesNotContain("| events |")
        .doesNotContain("deployments/status");
    assertThat(table.indexOf("| services |"))
        .isLessThan(table.indexOf("| supernovastacks/status |"));
    assertThat(table.indexOf("| supernovastacks/status |"))
        .isLessThan(table.indexOf("| secrets |"));
  }

  @Test
  void eachObjectOfTheStacksIsTimedFromTheFirstStackCreatedInTheOrderOfItsMedian() {
    Instant start = Instant.parse("2026-12-05T03:00:00Z");
    List<AuditTail.Write> writes =
        List.of(
            create("deployments", "bench-000-pooler", start.plusSeconds(40)),
            create("secrets", "bench-000-db-credentials", start.plusSeconds(1)),
            create("deployments", "bench-001-pooler", start.plusSeconds(20)),
            create("secrets", "bench-001-db-credentials", start.plusSeconds(3)),
            create("deployments", "bench-002-pooler", start.plusSeconds(30)),
            create("events", "bench-000.1", start.plusSeconds(2)),
            new AuditTail.Write(
                start.plusSeconds(50),
                "patch",
                "apps",
                "v1",
                "deployments",
                null,
                "ns",
                "bench-000-pooler",
                200));

    var created = Report.createdByObject(writes, start);

    assertThat(created.keySet())
        .containsExactly("secrets <stack>-db-credentials", "deployments <stack>-pooler");
    assertThat(created.get("deployments <stack>-pooler")).containsExactly(20.0, 30.0, 40.0);
    assertThat(created.get("secrets <stack>-db-credentials")).containsExactly(1.0, 1.0, 3.0);
  }

  private static AuditTail.Write create(String resource, String name, Instant time) {
    return new AuditTail.Write(time, "create", "", "v1", resource, null, "ns", name, 201);
  }

  private static OperatorBenchmark.Options options() {
    return new OperatorBenchmark.Options(
        List.of(1000),
        4,
        10,
        20,
        30,
        30,
        5,
        1000,
        List.of(),
        true,
        java.nio.file.Path.of("operator.jar"),
        List.of(),
        List.of(),
        100,
        java.nio.file.Path.of("out"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> verdict(Map<String, Object> targets, String key) {
    return (Map<String, Object>) targets.get(key);
  }

  private static AuditCensus census(Map<String, Long> requests) {
    return census(requests, Map.of());
  }

  private static AuditCensus census(
      Map<String, Long> requests, Map<String, Map<String, AuditCensus.WriteTimes>> writeTimes) {
    return new AuditCensus(new java.util.TreeMap<>(requests), new java.util.TreeMap<>(writeTimes));
  }

  private static final String OPERATOR = OperatorIdentity.USER;

  /** {@code seconds} of the kube-apiserver and of one other process, the machine 80 % busy. */
  private static CpuUse cpu(double wall, String process, double seconds) {
    var used = new java.util.LinkedHashMap<String, Double>();
    used.put("kube-apiserver", 30.0);
    used.put(process, seconds);
    return new CpuUse(used, wall, 0.8 * wall * 2, 2);
  }

  private static RunResult run(
      int stacks, double ratio, long rss, long rssAfterRestart, double p99Millis) {
    return run(stacks, ratio, rss, rssAfterRestart, rssAfterRestart, p99Millis, List.of());
  }

  private static RunResult run(
      int stacks,
      double ratio,
      long rss,
      long rssAfterRestart,
      long peakAfterRestart,
      double p99Millis,
      List<RunResult.RestartProbe> probes) {
    return new RunResult(
        "v",
        stacks,
        4,
        10,
        new RunResult.Convergence(
            60,
            1,
            1,
            40,
            100,
            new Timeline(20, 35, 30, 50, 45, 60),
            Map.of("deployments <stack>-pooler", List.of(2.0, 30.0, 35.0)),
            cpu(60, "operator", 20.0),
            census(
                Map.of(
                    "deployment-controller update deployments/status", 900L,
                    "scheduler patch pods/status", 10L),
                Map.of(
                    OPERATOR,
                    Map.of(
                        "services", new AuditCensus.WriteTimes(600, 300, 800, 185),
                        "secrets", new AuditCensus.WriteTimes(700, 14, 37, 12.6),
                        "supernovastacks/status", new AuditCensus.WriteTimes(250, 96, 216, 25),
                        "events", new AuditCensus.WriteTimes(100, 50, 90, 5)),
                    "system:serviceaccount:kube-system:deployment-controller",
                    Map.of("deployments/status", new AuditCensus.WriteTimes(900, 100, 200, 90)))),
            new ApiServerRequests(
                Map.of("LIST pods", 50L, "PUT deployments/status", 900L),
                Map.of("pods", 5000L, "secrets", 700L, "deployments", 1200L),
                Map.of("pods", 20_000_000L, "secrets", 1_400_000L, "deployments", 6_000_000L))),
        new RunResult.Direct(
            31 * stacks,
            6 * stacks,
            10,
            10,
            60 / ratio,
            ratio,
            Map.of(),
            new Timeline(5, 10, 15, 60 / ratio, Double.NaN, Double.NaN),
            cpu(60 / ratio, "bench", 5.0),
            census(
                Map.of(
                    "deployment-controller update deployments/status", 600L,
                    "scheduler patch pods/status", 10L,
                    "scheduler create pods/binding", 30L),
                Map.of(
                    "supernova-admin",
                    Map.of(
                        "services", new AuditCensus.WriteTimes(600, 70, 110, 42),
                        "secrets", new AuditCensus.WriteTimes(700, 8, 20, 7.5)),
                    // A controller writing the same resource is not the direct apply
                    "system:serviceaccount:kube-system:service-controller",
                    Map.of("services", new AuditCensus.WriteTimes(900, 1, 2, 1)))),
            new ApiServerRequests(
                Map.of("LIST pods", 20L, "PUT deployments/status", 600L),
                Map.of("pods", 3000L, "secrets", 700L, "deployments", 600L, "leases", 90L),
                Map.of("pods", 12_000_000L, "secrets", 1_400_000L, "deployments", 3_000_000L))),
        new RunResult.Writes(
            31 * stacks,
            41 * stacks,
            35 * stacks,
            5 * stacks,
            1 * stacks,
            1.33,
            1.1,
            Map.of(),
            Map.of(),
            Map.of()),
        new RunResult.SteadyState(30, 0, 0, stacks, 0, stacks, 30, List.of()),
        new RunResult.Footprint(
            rss,
            rss / 2,
            10,
            5,
            rssAfterRestart,
            130 * MIB,
            55,
            rss / 3,
            "",
            rss,
            peakAfterRestart),
        new RunResult.Latency(5, p99Millis / 2, p99Millis, p99Millis, List.of(p99Millis)),
        0,
        0,
        probes);
  }
}
