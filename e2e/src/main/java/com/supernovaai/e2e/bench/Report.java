package com.supernovaai.e2e.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Turns audit-log writes and run results into figures, a Markdown table and target verdicts. */
final class Report {

  /**
   * Issue 19's targets for a stack count: its N=1000 row from 1000 stacks on, its N=100 row below.
   * Ratio, writes and RSS at most the value; the p99 latency under it.
   */
  record Targets(double ratio, double writesPerObject, double rssMiB, double p99Millis) {
    static Targets at(int stacks) {
      return stacks >= 1000 ? new Targets(1.3, 1.10, 384, 1000) : new Targets(1.25, 1.10, 160, 300);
    }
  }

  /** The benchmark's stack names, {@code bench-000}, at the start of their objects' names. */
  private static final Pattern STACK_NAME = Pattern.compile("^bench-\\d+");

  private Report() {}

  static RunResult.Writes writes(List<AuditTail.Write> writes) {
    Set<String> owned = new HashSet<>();
    int objectWrites = 0;
    int stackWrites = 0;
    int events = 0;
    Map<String, Integer> byVerb = new TreeMap<>();
    Map<String, Integer> byResource = new TreeMap<>();
    Map<String, Integer> byResourceAndVerb = new TreeMap<>();
    for (AuditTail.Write w : writes) {
      byVerb.merge(w.verb(), 1, Integer::sum);
      byResource.merge(w.kindKey(), 1, Integer::sum);
      byResourceAndVerb.merge(
          w.kindKey()
              + " "
              + w.verb()
              + (w.created() ? " (created)" : "")
              + (w.code() >= 400 ? " -> " + w.code() : ""), // conflicts are retried
          1,
          Integer::sum);
      if (w.resource().equals("events")) {
        events++;
      } else if (w.resource().equals("supernovastacks")) {
        stackWrites++; // status patches, and the finalizer
      } else if (w.subresource() == null) {
        objectWrites++;
        owned.add(w.group() + "/" + w.resource() + "/" + w.namespace() + "/" + w.name());
      }
    }
    int ownedObjects = owned.size();
    return new RunResult.Writes(
        ownedObjects,
        writes.size(),
        objectWrites,
        stackWrites,
        events,
        ownedObjects == 0 ? Double.NaN : (double) writes.size() / ownedObjects,
        ownedObjects == 0 ? Double.NaN : (double) objectWrites / ownedObjects,
        byVerb,
        byResource,
        byResourceAndVerb);
  }

  /**
   * Seconds from {@code from} to each object the writes created (not the Events, not the stacks,
   * whose status the operator writes).
   */
  static List<Double> createdSeconds(List<AuditTail.Write> writes, Instant from) {
    return objectsCreated(writes).map(w -> secondsFrom(from, w)).toList();
  }

  /**
   * When each of a stack's objects was created, over all stacks: seconds from {@code from} to the
   * first, median and last creation of each (its kind and its name with the stack's name as {@code
   * <stack>}), in the order of their medians. Shows which objects wait for what.
   */
  static Map<String, List<Double>> createdByObject(List<AuditTail.Write> writes, Instant from) {
    Map<String, List<Double>> seconds = new TreeMap<>();
    objectsCreated(writes)
        .forEach(
            w ->
                seconds
                    .computeIfAbsent(
                        w.resource() + " " + STACK_NAME.matcher(w.name()).replaceFirst("<stack>"),
                        k -> new ArrayList<>())
                    .add(secondsFrom(from, w)));
    Map<String, List<Double>> byMedian = new LinkedHashMap<>();
    seconds.entrySet().stream()
        .sorted(Comparator.comparingDouble(e -> Timeline.share(e.getValue(), 0.5)))
        .forEach(
            e ->
                byMedian.put(
                    e.getKey(),
                    List.of(
                        Timeline.share(e.getValue(), 0.0),
                        Timeline.share(e.getValue(), 0.5),
                        Timeline.share(e.getValue(), 1.0))));
    return byMedian;
  }

  private static Stream<AuditTail.Write> objectsCreated(List<AuditTail.Write> writes) {
    return writes.stream()
        .filter(AuditTail.Write::created)
        .filter(w -> w.subresource() == null)
        .filter(w -> !w.resource().equals("events") && !w.resource().equals("supernovastacks"));
  }

  private static double secondsFrom(Instant from, AuditTail.Write w) {
    return Duration.between(from, w.time()).toNanos() / 1e9;
  }

  static String describe(AuditTail.Write w) {
    return String.format(
        Locale.ROOT,
        "%s %s %s %s/%s -> %d",
        w.time(),
        w.verb(),
        w.kindKey(),
        w.namespace(),
        w.name(),
        w.code());
  }

  static Map<String, Object> targets(List<RunResult> results) {
    Map<String, Object> targets = new LinkedHashMap<>();
    if (results.isEmpty()) {
      return targets;
    }
    RunResult largest =
        results.stream().max(java.util.Comparator.comparingInt(RunResult::stacks)).orElseThrow();
    Targets at = Targets.at(largest.stacks());
    targets.put("atStacks", largest.stacks());
    targets.put("ratio", atMost(largest.direct().ratio(), at.ratio()));
    targets.put(
        "writesPerOwnedObject", atMost(largest.writes().perOwnedObject(), at.writesPerObject()));
    int steady =
        results.stream()
            .mapToInt(
                r ->
                    r.steadyState().idleWrites()
                        + r.steadyState().restartWrites()
                        + r.steadyState().annotationBumpWrites())
            .sum();
    targets.put("steadyStateWrites", Map.of("value", steady, "pass", steady == 0));
    // The limit must hold the peak (VmHWM): after a restart every informer lists at once.
    var f = largest.footprint();
    double peakRss =
        java.util.stream.LongStream.of(
                    f.rssBytes(),
                    f.rssBytesAfterRestartResync(),
                    f.peakRssBytesConverging(),
                    f.peakRssBytesAfterRestart())
                .max()
                .orElseThrow()
            / 1048576.0;
    targets.put("rssMiB (peak, converging or restarted)", atMost(peakRss, at.rssMiB()));
    var latency = results.stream().filter(r -> r.latency() != null).findFirst();
    targets.put(
        "latencyP99Millis",
        latency
            .map(
                r ->
                    verdict(
                        r.latency().p99Millis(),
                        "< ",
                        Targets.at(r.stacks()).p99Millis(),
                        r.latency().p99Millis() < Targets.at(r.stacks()).p99Millis()))
            .orElse(null));
    return targets;
  }

  private static Map<String, Object> atMost(double value, double limit) {
    return verdict(value, "<= ", limit, value <= limit);
  }

  private static Map<String, Object> verdict(
      double value, String relation, double limit, boolean pass) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("value", value);
    v.put("target", relation + limit);
    v.put("pass", pass);
    return v;
  }

  static String markdown(
      List<RunResult> results, OperatorBenchmark.Options options, Instant started) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Run %s: %d CPUs; the operator with its own thread counts, the direct apply with %d"
                + " threads (as many as the operator's workflow threads); %s%n%n",
            started,
            Runtime.getRuntime().availableProcessors(),
            options.threads(),
            options.warmUpStacks() > 0
                ? "after a warm-up run of " + options.warmUpStacks() + " stacks, not recorded"
                : "no warm-up run (the benchmark's JVM is cold in the first)"));
    for (var v : options.variants()) {
      out.append(
          String.format(
              "- variant `%s`: JVM `%s`%s%s%n",
              v.name(),
              String.join(" ", v.javaOpts()),
              v.env().isEmpty() ? "" : ", env " + v.env(),
              v.jar().equals(options.jar()) ? "" : ", jar " + v.jar()));
    }
    out.append('\n');
    out.append(
        "| N | variant | ns | converge s | per stack s | reconciliations | stacks/s | direct apply s | direct ready s | ratio"
            + " | owned objs | writes | by verb | stack writes | events | writes/obj | idle"
            + " | restart | bump | RSS MiB (N=0 / N / restart) | heap MiB | live heap MiB"
            + " | threads | CPU s | load 1m |\n");
    out.append("|" + "---|".repeat(25) + "\n");
    for (RunResult r : results) {
      var w = r.writes();
      var s = r.steadyState();
      var f = r.footprint();
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %d | %.1f | %.1f | %.0f | %.2f | %.1f | %.1f | %.2f | %d | %d | %s | %d | %d | %.2f"
                  + " | %d | %d (%.0f rec) | %d (%.0f rec) | %.0f / %.0f / %.0f | %.0f | %.1f | %d"
                  + " | %.1f | %.1f |%n",
              r.stacks(),
              r.variant(),
              r.namespaces(),
              r.convergence().seconds(),
              r.convergence().meanStackSecondsToReady(),
              r.convergence().reconciliations(),
              r.convergence().stacksPerSecond(),
              r.direct().applySeconds(),
              r.direct().readySeconds(),
              r.direct().ratio(),
              w.ownedObjects(),
              w.total(),
              verbs(w.byVerb()),
              w.statusPatches(),
              w.events(),
              w.perOwnedObject(),
              s.idleWrites(),
              s.restartWrites(),
              s.restartReconciliations(),
              s.annotationBumpWrites(),
              s.bumpReconciliations(),
              f.rssBytesIdleBeforeStacks() / 1048576.0,
              f.rssBytes() / 1048576.0,
              f.rssBytesAfterRestartResync() / 1048576.0,
              f.heapUsedBytes() / 1048576.0,
              f.liveHeapBytes() / 1048576.0,
              f.threads(),
              f.cpuSecondsTotal(),
              r.loadAverageAtReady()));
    }
    out.append(timelines(results));
    out.append(cpu(results));
    out.append(requests(results, 20));
    out.append(writeTimes(results));
    for (RunResult r : results) {
      if (r.latency() != null) {
        out.append(
            String.format(
                Locale.ROOT,
                "%nReconcile latency at N=%d, %s (spec.pooler.defaultPoolSize -> pooler"
                    + " ConfigMap, %d samples): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                r.stacks(),
                r.variant(),
                r.latency().samples(),
                r.latency().p50Millis(),
                r.latency().p99Millis(),
                r.latency().maxMillis()));
      }
    }
    for (RunResult r : results) {
      if (r.restartProbes().isEmpty()) {
        continue;
      }
      out.append(
          String.format(
              Locale.ROOT,
              "%nRestarts of the converged N=%d (%s's objects), %d s each: the run's own"
                  + " restart, then the probes%n%n"
                  + "| restart | JVM | RSS MiB | peak RSS MiB | reconciliations | writes | CPU s |%n"
                  + "|---|---|---|---|---|---|---|%n"
                  + "| %s | `%s` | %.0f | %.0f | %.0f | %d | |%n",
              r.stacks(),
              r.variant(),
              r.steadyState().waitSeconds(),
              r.variant(),
              r.footprint().javaOpts(),
              r.footprint().rssBytesAfterRestartResync() / 1048576.0,
              r.footprint().peakRssBytesAfterRestart() / 1048576.0,
              r.steadyState().restartReconciliations(),
              r.steadyState().restartWrites()));
      for (var p : r.restartProbes()) {
        if (p.failure() != null) {
          out.append(
              String.format(
                  "| %s | `%s` | failed: %s | | | | |%n", p.variant(), p.javaOpts(), p.failure()));
          continue;
        }
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | `%s` | %.0f | %.0f | %.0f | %d | %.1f |%n",
                p.variant(),
                p.javaOpts(),
                p.rssBytes() / 1048576.0,
                p.peakRssBytes() / 1048576.0,
                p.reconciliations(),
                p.writes(),
                p.cpuSeconds()));
      }
    }
    out.append("\n| Target | Value | Verdict |\n|---|---|---|\n");
    Map<String, Object> targets = targets(results);
    for (var e : targets.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> m) {
        Object value = m.get("value");
        String shown =
            value instanceof Double d
                ? String.format(Locale.ROOT, "%.2f", d)
                : String.valueOf(value);
        out.append(
            String.format(
                "| %s%s | %s | %s |%n",
                e.getKey(),
                m.containsKey("target") ? " " + m.get("target") : " = 0",
                shown,
                Boolean.TRUE.equals(m.get("pass")) ? "PASS" : "MISS"));
      } else if (e.getKey().equals("atStacks")) {
        out.append(String.format("| (at N) | %s | |%n", e.getValue()));
      }
    }
    List<String> samples = new ArrayList<>();
    results.forEach(r -> samples.addAll(r.steadyState().sample()));
    if (!samples.isEmpty()) {
      out.append("\nSteady-state writes (first ones):\n\n");
      samples.stream().limit(20).forEach(x -> out.append("    ").append(x).append('\n'));
    }
    return out.toString();
  }

  /**
   * Where each run's time went, beside the direct apply's: seconds from the first stack created
   * (the direct apply's first request) until half and all of the objects existed, of the workloads
   * were ready, of the stacks were Ready.
   */
  static String timelines(List<RunResult> results) {
    StringBuilder out = new StringBuilder();
    out.append(
        "\nWhere the time goes, s from the first stack created (direct: from its first request),"
            + " half / all:\n\n"
            + "| N | variant | objects created | workloads ready | stacks Ready"
            + " | direct: objects applied | direct: workloads ready |\n"
            + "|---|---|---|---|---|---|---|\n");
    for (RunResult r : results) {
      Timeline op = r.convergence().timeline();
      Timeline direct = r.direct().timeline();
      if (op == null) {
        continue;
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %s | %s | %s | %s |%n",
              r.stacks(),
              r.variant(),
              pair(op.createdHalf(), op.createdAll()),
              pair(op.workloadsReadyHalf(), op.workloadsReadyAll()),
              pair(op.stacksReadyHalf(), op.stacksReadyAll()),
              direct == null ? "" : pair(direct.createdHalf(), direct.createdAll()),
              direct == null ? "" : pair(direct.workloadsReadyHalf(), direct.workloadsReadyAll())));
    }
    for (RunResult r : results) {
      Map<String, List<Double>> created = r.convergence().createdByObject();
      if (created == null || created.isEmpty()) {
        continue;
      }
      out.append(
          String.format(
              Locale.ROOT,
              "%nWhen each object was created at N=%d, %s (s from the first stack created,"
                  + " over all stacks):%n%n| object | first | median | last |%n|---|---|---|---|%n",
              r.stacks(),
              r.variant()));
      created.forEach(
          (object, s) ->
              out.append(
                  String.format(
                      Locale.ROOT,
                      "| %s | %.1f | %.1f | %.1f |%n",
                      object,
                      s.get(0),
                      s.get(1),
                      s.get(2))));
    }
    return out.toString();
  }

  /**
   * Whose CPU each run took (the operator's: from the first stack created until all were Ready; the
   * direct apply's: from its first request until its workloads were ready), and how busy the
   * machine's cores were meanwhile: a run at ~100 % is bound by the cores, and the processes say by
   * whose work.
   */
  static String cpu(List<RunResult> results) {
    Set<String> processes = new LinkedHashSet<>();
    for (RunResult r : results) {
      for (CpuUse c : cpuUses(r)) {
        processes.addAll(c.seconds().keySet());
      }
    }
    if (processes.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append(
        "\nCPU s while converging (direct: until its workloads were ready), and the share of the"
            + " machine's cores busy:\n\n| N | run | wall s |");
    processes.forEach(p -> out.append(' ').append(p).append(" |"));
    out.append(" all | machine busy |\n|---|---|---|");
    processes.forEach(p -> out.append("---|"));
    out.append("---|---|\n");
    Set<CpuUse> shown = Collections.newSetFromMap(new IdentityHashMap<>());
    for (RunResult r : results) {
      row(out, r.stacks(), r.variant(), r.convergence().cpu(), processes, shown);
      row(out, r.stacks(), "direct", r.direct().cpu(), processes, shown);
    }
    return out.toString();
  }

  /**
   * The audited requests of each operator's run beside the direct apply's over the same interval as
   * {@link #cpu}: by user, then the {@code top} requests the operator's run made most more of. Work
   * the control plane did beyond the direct apply's, and for whom.
   */
  static String requests(List<RunResult> results, int top) {
    StringBuilder out = new StringBuilder();
    for (RunResult r : results) {
      AuditCensus run = r.convergence().requests();
      AuditCensus direct = r.direct() == null ? null : r.direct().requests();
      if (run == null || direct == null) {
        continue;
      }
      out.append(
          String.format(
              Locale.ROOT,
              "%nAudited requests at N=%d, %s, while converging, beside the direct apply's (everyone's"
                  + " writes; reads only of the operator):%n%n| by | %s | direct | more |%n"
                  + "|---|---|---|---|%n",
              r.stacks(),
              r.variant(),
              r.variant()));
      differences(out, run.byUser(), direct.byUser(), Integer.MAX_VALUE);
      out.append(
          String.format(
              Locale.ROOT,
              "| **all** | %d | %d | %+d |%n",
              run.total(),
              direct.total(),
              run.total() - direct.total()));
      differences(out, run.requests(), direct.requests(), top);
      ApiServerRequests served = r.convergence().served();
      ApiServerRequests directServed = r.direct().served();
      if (served != null && directServed != null) {
        out.append(
            String.format(
                Locale.ROOT,
                "%nRequests the API server served meanwhile (its apiserver_request_total: everyone's"
                    + " reads too, nobody's name):%n%n| request | %s | direct | more |%n"
                    + "|---|---|---|---|%n| **all** | %d | %d | %+d |%n",
                r.variant(),
                served.total(),
                directServed.total(),
                served.total() - directServed.total()));
        differences(out, served.requests(), directServed.requests(), top);
        watchEvents(out, r.variant(), served, directServed, top);
      }
    }
    return out.toString();
  }

  /**
   * The watch events the API server sent in each run, by resource, the most more first: what the
   * operator's informers received (and what the controllers received more of), which the API server
   * encodes, encrypts and sends once per watcher.
   */
  private static void watchEvents(
      StringBuilder out,
      String variant,
      ApiServerRequests served,
      ApiServerRequests direct,
      int top) {
    if (served.watchEvents().isEmpty()) {
      return;
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%nWatch events the API server sent meanwhile (apiserver_watch_events_total and _sizes:"
                + " one per event and watcher, of the watches made over HTTP; the API server does not"
                + " count what it sends over a WebSocket):%n%n"
                + "| resource | %s: events | MB | direct: events | MB | more events |%n"
                + "|---|---|---|---|---|---|%n| **all** | %s | %s | %+d |%n",
            variant,
            watchCells(served.watchEventsTotal(), served.watchBytesTotal()),
            watchCells(direct.watchEventsTotal(), direct.watchBytesTotal()),
            served.watchEventsTotal() - direct.watchEventsTotal()));
    for (String k : mostMoreFirst(served.watchEvents(), direct.watchEvents(), top)) {
      long events = served.watchEvents().getOrDefault(k, 0L);
      long theirs = direct.watchEvents().getOrDefault(k, 0L);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %+d |%n",
              k,
              watchCells(events, served.watchBytes().getOrDefault(k, 0L)),
              watchCells(theirs, direct.watchBytes().getOrDefault(k, 0L)),
              events - theirs));
    }
  }

  private static String watchCells(long events, long bytes) {
    return String.format(Locale.ROOT, "%d | %.1f", events, bytes / 1e6);
  }

  /**
   * How long the operator's writes of each resource took in its run, beside the direct apply's
   * writes of the same resource (the benchmark's, a user outside {@code system:}), the resource its
   * threads waited on longest first. A write the API server makes slow for one kind (a Service
   * waits for its ClusterIP) holds a workflow thread, and the stack's next objects, that long.
   * Events are left out: the operator's are not owned objects, the benchmark's user's are kwok's.
   */
  static String writeTimes(List<RunResult> results) {
    StringBuilder out = new StringBuilder();
    for (RunResult r : results) {
      AuditCensus run = r.convergence().requests();
      AuditCensus direct = r.direct() == null ? null : r.direct().requests();
      if (run == null || direct == null) {
        continue;
      }
      var rows =
          run.writeTimes().getOrDefault(OperatorIdentity.USER, Map.of()).entrySet().stream()
              .filter(e -> !e.getKey().equals("events"))
              .sorted(
                  Comparator.comparingDouble(
                          (Map.Entry<String, AuditCensus.WriteTimes> e) ->
                              -e.getValue().totalSeconds())
                      .thenComparing(Map.Entry::getKey))
              .toList();
      if (rows.isEmpty()) {
        continue;
      }
      out.append(
          String.format(
              Locale.ROOT,
              "%nHow long the writes took at N=%d, %s (ms from the API server receiving a write to"
                  + " its response; total: the time the writers' threads waited on them):%n%n"
                  + "| resource | %s: writes | p50 | p90 | total s | direct: writes | p50 | p90 |"
                  + " total s |%n|---|---|---|---|---|---|---|---|---|%n",
              r.stacks(),
              r.variant(),
              r.variant()));
      for (var row : rows) {
        AuditCensus.WriteTimes theirs = directWrites(direct, row.getKey());
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s |%n",
                row.getKey(),
                cells(row.getValue()),
                theirs == null ? "- | - | - | -" : cells(theirs)));
      }
    }
    return out.toString();
  }

  private static String cells(AuditCensus.WriteTimes times) {
    return String.format(
        Locale.ROOT,
        "%d | %.0f | %.0f | %.1f",
        times.count(),
        times.p50(),
        times.p90(),
        times.totalSeconds());
  }

  /** The direct apply's writes of {@code resource}: the user outside system: with the most. */
  private static AuditCensus.WriteTimes directWrites(AuditCensus direct, String resource) {
    return direct.writeTimes().entrySet().stream()
        .filter(byUser -> !byUser.getKey().startsWith("system:"))
        .map(byUser -> byUser.getValue().get(resource))
        .filter(Objects::nonNull)
        .max(Comparator.comparingLong(AuditCensus.WriteTimes::count))
        .orElse(null);
  }

  /**
   * Rows of {@code a} beside {@code b}, the largest excess of {@code a} first, at most {@code top}.
   */
  private static void differences(
      StringBuilder out, Map<String, Long> a, Map<String, Long> b, int top) {
    for (String k : mostMoreFirst(a, b, top)) {
      long x = a.getOrDefault(k, 0L);
      long y = b.getOrDefault(k, 0L);
      out.append(String.format(Locale.ROOT, "| %s | %d | %d | %+d |%n", k, x, y, x - y));
    }
  }

  /** The {@code top} keys of either count that {@code a} has most more of than {@code b}. */
  private static List<String> mostMoreFirst(Map<String, Long> a, Map<String, Long> b, int top) {
    Set<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys.stream()
        .sorted(
            Comparator.comparingLong((String k) -> b.getOrDefault(k, 0L) - a.getOrDefault(k, 0L))
                .thenComparing(k -> k))
        .limit(top)
        .toList();
  }

  private static List<CpuUse> cpuUses(RunResult r) {
    List<CpuUse> uses = new ArrayList<>();
    if (r.convergence().cpu() != null) {
      uses.add(r.convergence().cpu());
    }
    if (r.direct() != null && r.direct().cpu() != null) {
      uses.add(r.direct().cpu());
    }
    return uses;
  }

  /** One row; a direct apply that several variants share is shown once. */
  private static void row(
      StringBuilder out,
      int stacks,
      String run,
      CpuUse cpu,
      Set<String> processes,
      Set<CpuUse> shown) {
    if (cpu == null || !shown.add(cpu)) {
      return;
    }
    out.append(String.format(Locale.ROOT, "| %d | %s | %.1f |", stacks, run, cpu.wallSeconds()));
    for (String p : processes) {
      Double s = cpu.seconds().get(p);
      out.append(s == null ? " |" : String.format(Locale.ROOT, " %.1f |", s));
    }
    out.append(
        String.format(
            Locale.ROOT, " %.1f | %.0f %% |%n", cpu.totalSeconds(), 100 * cpu.machineBusyShare()));
  }

  private static String pair(double half, double all) {
    return String.format(Locale.ROOT, "%.1f / %.1f", half, all);
  }

  private static String verbs(Map<String, Integer> byVerb) {
    StringBuilder s = new StringBuilder();
    byVerb.forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append(k).append(' ').append(v));
    return s.toString();
  }
}
