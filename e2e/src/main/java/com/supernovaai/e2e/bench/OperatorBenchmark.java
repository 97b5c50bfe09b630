package com.supernovaai.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.supernovaai.e2e.cluster.LocalControlPlane;
import com.supernovaai.e2e.cluster.RepoPaths;
import com.supernovaai.e2e.harness.Crds;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.e2e.harness.Workloads;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Benchmark of the operator against the API server's own limit (issue 8): for each stack count, a
 * fresh local control plane, the operator jar as a separate process with its own ServiceAccount,
 * then convergence time, writes (audit log), steady-state writes, footprint, reconcile latency, and
 * the same objects applied directly. Run by {@code e2e/bench/run.sh}; see e2e/bench/README.md.
 */
public final class OperatorBenchmark {

  /** Options, from system properties ({@code -Dbench.sizes=1,10} ...). */
  record Options(
      List<Integer> sizes,
      int namespaces,
      int threads,
      int settleSeconds,
      int idleSeconds,
      int resyncWaitSeconds,
      int latencySamples,
      int latencyAt,
      List<String> javaOpts,
      boolean watchAllNamespaces,
      Path jar,
      List<Variant> variants,
      List<Variant> restartProbes,
      int warmUpStacks,
      Path out) {

    static Options fromSystemProperties(Path root) {
      List<Integer> sizes =
          Arrays.stream(System.getProperty("bench.sizes", "1,10,50,100").split(","))
              .map(String::trim)
              .map(Integer::parseInt)
              .toList();
      String opts = System.getProperty("bench.javaOpts", "");
      if (opts.isBlank()) {
        opts = OperatorProcess.DEFAULT_JAVA_OPTS;
      }
      Path out =
          Path.of(System.getProperty("bench.out", root.resolve("e2e/target/bench").toString()));
      Path jar =
          Path.of(
              System.getProperty(
                  "bench.operatorJar",
                  root.resolve("operator/target/supernova-operator.jar").toString()));
      List<String> javaOpts = words(opts);
      String jfr = Boolean.getBoolean("bench.jfr") ? jfrOption(out) : "";
      List<Variant> variants = new ArrayList<>();
      for (String name : System.getProperty("bench.variants", "default").split(",")) {
        variants.add(Variant.fromEnvironment(name.trim(), javaOpts, jar, jfr));
      }
      List<Variant> restartProbes = new ArrayList<>();
      for (String name : words(System.getProperty("bench.restartProbes", "").replace(',', ' '))) {
        restartProbes.add(Variant.fromEnvironment(name, javaOpts, jar, ""));
      }
      return new Options(
          sizes,
          Integer.getInteger("bench.namespaces", 4),
          Integer.getInteger("bench.threads", 10),
          // Longer than the operator's status progress interval (15 s): a progress write it
          // deferred is convergence work, not steady state.
          Integer.getInteger("bench.settleSeconds", 20),
          Integer.getInteger("bench.idleSeconds", 60),
          Integer.getInteger("bench.resyncWaitSeconds", 30),
          Integer.getInteger("bench.latencySamples", 30),
          Integer.getInteger("bench.latencyAt", sizes.stream().max(Integer::compare).orElse(100)),
          javaOpts,
          // The chart's default; "stacks" watches only the stacks' namespaces.
          !"stacks".equals(System.getProperty("bench.watch", "all")),
          jar,
          List.copyOf(variants),
          List.copyOf(restartProbes),
          Integer.getInteger(
              "bench.warmUp", Math.min(100, sizes.stream().max(Integer::compare).orElse(100))),
          out);
    }

    private static String jfrOption(Path out) {
      // A directory: JFR names one file per process (hotspot-pid-...jfr).
      return " -XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
          + out.resolve("jfr")
          + "/";
    }
  }

  /**
   * One way of running the operator: its JDK, JVM flags, jar and extra environment. Several
   * variants run one after the other at each N, each on a fresh control plane, and share the direct
   * baseline of the first: a pair measured in the same run, on the same machine within minutes.
   */
  record Variant(
      String name, Path javaHome, List<String> javaOpts, Path jar, Map<String, String> env) {

    /** The JDK the benchmark itself runs on: a variant's unless it names another. */
    private static final Path OWN_JAVA_HOME = Path.of(System.getProperty("java.home"));

    /**
     * Variant {@code name} from BENCH_JAVA_HOME_name (the JDK it runs on; the benchmark's own when
     * unset), BENCH_OPTS_name (JVM flags; the default flags when unset), BENCH_OPTS_ADD_name (flags
     * after those: one change to the chart's flags without copying them), BENCH_JAR_name (the
     * operator jar) and BENCH_ENV_name ("KEY=VALUE KEY=VALUE").
     */
    static Variant fromEnvironment(String name, List<String> defaultOpts, Path jar, String jfr) {
      String opts = System.getenv("BENCH_OPTS_" + name);
      List<String> javaOpts = new ArrayList<>(opts == null ? defaultOpts : words(opts));
      javaOpts.addAll(words(System.getenv().getOrDefault("BENCH_OPTS_ADD_" + name, "")));
      javaOpts.addAll(words(jfr));
      Map<String, String> env = new LinkedHashMap<>();
      for (String pair : words(System.getenv().getOrDefault("BENCH_ENV_" + name, ""))) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("BENCH_ENV_" + name + ": not KEY=VALUE: " + pair);
        }
        env.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
      String variantJar = System.getenv("BENCH_JAR_" + name);
      // A JDK of its own: the same jar and flags on another runtime (footprint differs by version).
      String javaHome = System.getenv("BENCH_JAVA_HOME_" + name);
      return new Variant(
          name,
          javaHome == null ? OWN_JAVA_HOME : Path.of(javaHome),
          List.copyOf(javaOpts),
          variantJar == null ? jar : Path.of(variantJar),
          env);
    }

    /**
     * Its flags, after the JDK's home when that is not the benchmark's own: what results record.
     */
    String jvm() {
      String flags = String.join(" ", javaOpts);
      return javaHome.equals(OWN_JAVA_HOME) ? flags : javaHome + " " + flags;
    }
  }

  private static List<String> words(String text) {
    return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }

  /**
   * How long N stacks (or their direct apply) may take to be ready: 10 minutes, plus 2 s a stack.
   */
  private static Duration readyTimeout(int n) {
    return Duration.ofMinutes(10).plusSeconds(2L * n);
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What must be stopped when the JVM exits early (Ctrl-C, failure). */
  private static final List<AutoCloseable> RUNNING =
      java.util.Collections.synchronizedList(new ArrayList<>());

  private final Path root;
  private final Options options;

  private OperatorBenchmark(Path root, Options options) {
    this.root = root;
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Path root = RepoPaths.root();
    Options options = Options.fromSystemProperties(root);
    Runtime.getRuntime().addShutdownHook(new Thread(OperatorBenchmark::stopAll, "bench-cleanup"));
    Files.createDirectories(options.out().resolve("jfr"));
    log("Options: %s", options);
    List<RunResult> results = new ArrayList<>();
    var benchmark = new OperatorBenchmark(root, options);
    if (options.warmUpStacks() > 0) {
      // The bench's own JVM compiles the code of its informers, its sampling and its applies while
      // it first runs them: in the first run's operator convergence and in its direct apply (2-3 s
      // each at 100 stacks). A run that is not recorded first makes every recorded run start warm.
      Variant first = options.variants().get(0);
      log(
          "=== Warm-up: %d stacks, variant %s (not recorded)",
          options.warmUpStacks(), first.name());
      benchmark.run(options.warmUpStacks(), first, null);
    }
    Instant started = Instant.now();
    for (int n : options.sizes()) {
      RunResult.Direct direct = null;
      for (Variant variant : options.variants()) {
        RunResult result = benchmark.run(n, variant, direct);
        direct = result.direct();
        results.add(result);
        // Write after every run: a late failure keeps the earlier figures.
        benchmark.write(results, started);
      }
    }
    String table = Report.markdown(results, options, started);
    System.out.println();
    System.out.println(table);
    Files.writeString(options.out().resolve("results.md"), table);
    log("Results: %s and results.md", options.out().resolve("results.json"));
  }

  private void write(List<RunResult> results, Instant started) throws IOException {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("started", started.toString());
    document.put("host", hostInfo());
    document.put("options", options.toString());
    document.put("results", results);
    document.put("targets", Report.targets(results));
    JSON.writeValue(options.out().resolve("results.json").toFile(), document);
  }

  /**
   * One stack count with one variant; the same objects applied directly unless {@code direct} (an
   * earlier variant's at this N) is given.
   */
  private RunResult run(int n, Variant variant, RunResult.Direct direct) throws Exception {
    log("=== N=%d, variant %s: starting a fresh local control plane", n, variant.name());
    double loadStart = loadAverage();
    LocalControlPlane cluster = LocalControlPlane.up(root);
    RUNNING.add(cluster);
    OperatorProcess operator = null;
    WorkloadsReady workloadsReady = null;
    try (KubernetesClient admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(cluster.kubeconfig())))
            .build()) {
      Crds.install(admin);
      OperatorIdentity.Credentials credentials = OperatorIdentity.create(admin, cluster.dir());
      int nsCount = Math.max(1, Math.min(n, options.namespaces()));
      List<String> opNamespaces = names("bench-op-", nsCount);
      List<String> directNamespaces = names("bench-direct-", nsCount);
      opNamespaces.forEach(ns -> createNamespace(admin, ns));
      AuditTail audit = new AuditTail(cluster.auditLog(), OperatorIdentity.USER);
      var stackInformer = admin.resources(SuperNovaStack.class).inAnyNamespace().inform();
      Path operatorLog = options.out().resolve("operator-n" + n + suffix(variant) + ".log");
      Files.deleteIfExists(operatorLog);

      // Convergence
      Instant operatorStart = Instant.now();
      long t0 = System.nanoTime();
      operator = startOperator(variant, credentials, opNamespaces, operatorLog);
      double operatorStartSeconds = (System.nanoTime() - t0) / 1e9;
      long rssIdle = operator.rssBytes();
      double cpuBefore = operator.cpuSeconds();
      log(
          "Operator pid %d ready in %.1f s (RSS %s); creating %d stacks",
          operator.pid(), operatorStartSeconds, mib(rssIdle), n);
      Instant stacksCreated = Instant.now();
      long created = System.nanoTime();
      workloadsReady = new WorkloadsReady(admin, Set.copyOf(opNamespaces)).sampleFrom(created);
      Map<String, Long> processes = processes(cluster, operator);
      CpuUse.Snapshot cpuAtCreate = CpuUse.Snapshot.of(processes);
      ApiServerRequests servedAtCreate = ApiServerRequests.read(admin);
      createStacks(admin, n, opNamespaces);
      long lastProgress = System.nanoTime();
      while (true) {
        long ready =
            stackInformer.getStore().list().stream()
                .filter(s -> opNamespaces.contains(s.getMetadata().getNamespace()))
                .filter(Stacks::isReady)
                .count();
        if (ready == n) {
          break;
        }
        if (System.nanoTime() - created > readyTimeout(n).toNanos()) {
          throw new IllegalStateException(
              "Only " + ready + "/" + n + " stacks Ready after " + readyTimeout(n));
        }
        if (System.nanoTime() - lastProgress > 10_000_000_000L) {
          log("  %d/%d Ready after %.0f s", ready, n, (System.nanoTime() - created) / 1e9);
          lastProgress = System.nanoTime();
        }
        OperatorProcess.sleep(20);
      }
      double convergeSeconds = (System.nanoTime() - created) / 1e9;
      CpuUse convergenceCpu = cpuAtCreate.until(CpuUse.Snapshot.of(processes));
      ApiServerRequests convergenceServed = servedAtCreate.until(ApiServerRequests.read(admin));
      Instant allReady = Instant.now();
      double loadAtReady = loadAverage();
      double meanStackSeconds =
          stackInformer.getStore().list().stream()
              .filter(st -> opNamespaces.contains(st.getMetadata().getNamespace()))
              .mapToDouble(OperatorBenchmark::secondsToReady)
              .average()
              .orElse(Double.NaN);
      log(
          "All %d stacks Ready in %.2f s (%.2f stacks/s), load %.2f",
          n, convergeSeconds, n / convergeSeconds, loadAtReady);
      // Status patches until the workloads settle are convergence work (see Workloads.settled).
      settle(admin, opNamespaces, n);
      Instant settled = Instant.now();
      workloadsReady.close();
      long rss = operator.rssBytes();
      long peakRss = operator.peakRssBytes();
      long heap = operator.heapUsedBytes();
      int threads = operator.threads();
      double cpu = operator.cpuSeconds();
      double convergenceReconciles = operator.reconciliationsStarted();
      OperatorProcess.sleep(1000); // the audit log is written as requests complete
      List<AuditTail.Write> convergenceWrites = audit.between(operatorStart, settled);
      RunResult.Writes writes = Report.writes(convergenceWrites);
      log(
          "Writes during convergence: %d for %d owned objects (%s)",
          writes.total(), writes.ownedObjects(), writes.byVerb());
      Timeline timeline =
          Timeline.of(
              Report.createdSeconds(convergenceWrites, stacksCreated),
              workloadsReady.count(),
              stackInformer.getStore().list().stream()
                  .filter(st -> opNamespaces.contains(st.getMetadata().getNamespace()))
                  .map(st -> readyAt(st, stacksCreated))
                  .toList());
      log("Timeline: %s", timeline);

      // Steady state: idle, then a restart (full resync), then an annotation bump of every stack
      log("Idle for %d s", options.idleSeconds());
      OperatorProcess.sleep(options.idleSeconds() * 1000L);
      Instant idleEnd = Instant.now();
      // After the idle window (its full GC is no write, but it is work the idle phase should not
      // see)
      long liveHeap =
          operator.liveHeapBytes(
              options.out().resolve("histogram-n" + n + suffix(variant) + ".txt"));
      operator.nativeMemory(
          variant.javaOpts(), options.out().resolve("nmt-n" + n + suffix(variant) + ".txt"));
      log(
          "Footprint: RSS %s, heap used %s, live heap %s, %d threads",
          mib(rss), mib(heap), mib(liveHeap), threads);
      OperatorProcess.sleep(1000);
      List<AuditTail.Write> idleWrites = audit.between(settled, idleEnd);

      log("Restarting the operator (full resync from fresh informers)");
      Instant restart = Instant.now();
      operator.close();
      RUNNING.remove(operator);
      operator = startOperator(variant, credentials, opNamespaces, operatorLog);
      OperatorProcess.sleep(options.resyncWaitSeconds() * 1000L);
      double restartReconciles = operator.reconciliationsStarted();
      long rssAfterRestart = operator.rssBytes();
      long peakRssAfterRestart = operator.peakRssBytes();
      Instant restartEnd = Instant.now();
      OperatorProcess.sleep(1000);
      List<AuditTail.Write> restartWrites = audit.between(restart, restartEnd);

      log("Bumping an annotation on every stack (one reconciliation each)");
      Instant bump = Instant.now();
      String stamp = Long.toString(System.currentTimeMillis());
      for (SuperNovaStack s : stackInformer.getStore().list()) {
        if (opNamespaces.contains(s.getMetadata().getNamespace())) {
          admin
              .resources(SuperNovaStack.class)
              .inNamespace(s.getMetadata().getNamespace())
              .withName(s.getMetadata().getName())
              .patch(
                  PatchContext.of(PatchType.JSON_MERGE),
                  "{\"metadata\":{\"annotations\":{\"bench.supernova-ai.com/resync\":\""
                      + stamp
                      + "\"}}}");
        }
      }
      OperatorProcess.sleep(options.resyncWaitSeconds() * 1000L);
      double bumpReconciles = operator.reconciliationsStarted() - restartReconciles;
      Instant bumpEnd = Instant.now();
      OperatorProcess.sleep(1000);
      List<AuditTail.Write> bumpWrites = audit.between(bump, bumpEnd);
      List<String> sample = new ArrayList<>();
      for (var w : concat(idleWrites, restartWrites, bumpWrites)) {
        if (sample.size() < 20) {
          sample.add(Report.describe(w));
        }
      }
      var steady =
          new RunResult.SteadyState(
              options.idleSeconds(),
              idleWrites.size(),
              restartWrites.size(),
              restartReconciles,
              bumpWrites.size(),
              bumpReconciles,
              options.resyncWaitSeconds(),
              sample);
      log(
          "Steady state writes: idle %d, restart %d (%.0f reconciliations), bump %d (%.0f)",
          idleWrites.size(),
          restartWrites.size(),
          restartReconciles,
          bumpWrites.size(),
          bumpReconciles);

      // Reconcile latency
      RunResult.Latency latency = null;
      if (n == options.latencyAt() && options.latencySamples() > 0) {
        log("Reconcile latency: %d spec changes", options.latencySamples());
        List<SuperNovaStack> stacks =
            stackInformer.getStore().list().stream()
                .filter(s -> opNamespaces.contains(s.getMetadata().getNamespace()))
                .sorted(java.util.Comparator.comparing(s -> s.getMetadata().getName()))
                .toList();
        List<Double> millis =
            ReconcileLatency.measure(
                admin, stacks, options.latencySamples(), readyTimeout(stacks.size()));
        latency =
            new RunResult.Latency(
                millis.size(),
                ReconcileLatency.percentile(millis, 50),
                ReconcileLatency.percentile(millis, 99),
                millis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                millis);
        log("Latency p50 %.0f ms, p99 %.0f ms", latency.p50Millis(), latency.p99Millis());
        // The last samples' workloads may still be changing once their stacks are Ready; a
        // restart probe begun before they settle would count the writes that change still causes.
        settle(admin, opNamespaces, n);
      }
      operator.close();
      RUNNING.remove(operator);
      operator = null;
      List<RunResult.RestartProbe> probes = new ArrayList<>();
      for (Variant probe : options.restartProbes()) {
        probes.add(restartProbe(probe, credentials, opNamespaces, audit, n));
      }
      stackInformer.close();
      // Read now, after the phases it would take CPU from
      AuditCensus convergenceRequests = AuditCensus.of(cluster.auditLog(), stacksCreated, allReady);

      // The limit: the same objects, applied directly, on a fresh control plane of its own, as the
      // operator had; the operator's cluster is stopped first (its workloads, HPAs and CronJobs
      // would otherwise take CPU from the control plane the direct apply depends on).
      Map<String, String> rename = new LinkedHashMap<>();
      for (int i = 0; i < nsCount; i++) {
        rename.put(opNamespaces.get(i), directNamespaces.get(i));
      }
      if (direct == null) {
        var captured = DirectApply.capture(admin, convergenceWrites, rename);
        cluster.close(); // its controllers and kwok would take CPU from the direct run
        RUNNING.remove(cluster);
        DirectApply.Result applied = directOnFreshCluster(captured, directNamespaces, n);
        direct =
            new RunResult.Direct(
                applied.objects(),
                applied.workloads(),
                options.threads(),
                applied.applySeconds(),
                applied.readySeconds(),
                Double.NaN,
                applied.kinds(),
                applied.timeline(),
                applied.cpu(),
                applied.requests(),
                applied.served());
      }
      double ratio = convergeSeconds / direct.readySeconds();
      log(
          "Direct: applied in %.2f s, workloads ready in %.2f s; ratio %.2f; timeline %s",
          direct.applySeconds(), direct.readySeconds(), ratio, direct.timeline());

      return new RunResult(
          variant.name(),
          n,
          nsCount,
          options.threads(),
          new RunResult.Convergence(
              convergeSeconds,
              n / convergeSeconds,
              operatorStartSeconds,
              meanStackSeconds,
              convergenceReconciles,
              timeline,
              Report.createdByObject(convergenceWrites, stacksCreated),
              convergenceCpu,
              convergenceRequests,
              convergenceServed),
          new RunResult.Direct(
              direct.objects(),
              direct.workloads(),
              direct.threads(),
              direct.applySeconds(),
              direct.readySeconds(),
              ratio,
              direct.kinds(),
              direct.timeline(),
              direct.cpu(),
              direct.requests(),
              direct.served()),
          writes,
          steady,
          new RunResult.Footprint(
              rss,
              heap,
              cpu,
              cpu - cpuBefore,
              rssAfterRestart,
              rssIdle,
              threads,
              liveHeap,
              variant.jvm(),
              peakRss,
              peakRssAfterRestart),
          latency,
          loadStart,
          loadAtReady,
          List.copyOf(probes));
    } finally {
      if (workloadsReady != null) {
        workloadsReady.close();
      }
      if (operator != null) {
        operator.close();
        RUNNING.remove(operator);
      }
      cluster.close();
      RUNNING.remove(cluster);
    }
  }

  /** Applies the captured objects on a control plane of their own and waits for the workloads. */
  private DirectApply.Result directOnFreshCluster(
      List<DirectApply.Captured> captured, List<String> namespaces, int n) throws Exception {
    log("Starting a fresh local control plane for the direct apply");
    try (LocalControlPlane cluster = LocalControlPlane.up(root);
        KubernetesClient admin =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(cluster.kubeconfig())))
                .build()) {
      RUNNING.add(cluster);
      log(
          "Applying the %d objects the operator made directly (%d threads)",
          captured.size(), options.threads());
      try {
        var cpuAtStart = CpuUse.Snapshot.of(processes(cluster, null));
        var servedAtStart = ApiServerRequests.read(admin);
        Instant start = Instant.now();
        var result =
            DirectApply.run(
                admin,
                captured,
                new LinkedHashSet<>(namespaces),
                options.threads(),
                readyTimeout(n));
        CpuUse cpu = cpuAtStart.until(CpuUse.Snapshot.of(processes(cluster, null)));
        var served = servedAtStart.until(ApiServerRequests.read(admin));
        Instant ready = Instant.now();
        OperatorProcess.sleep(1000); // the audit log is written as requests complete
        return result.measured(cpu, AuditCensus.of(cluster.auditLog(), start, ready), served);
      } finally {
        RUNNING.remove(cluster);
      }
    }
  }

  /**
   * Whose CPU a run's figures count: the control plane's components, the operator (when it runs),
   * and this JVM (it creates the stacks, or applies the objects directly, and samples readiness).
   */
  private static Map<String, Long> processes(LocalControlPlane cluster, OperatorProcess operator) {
    Map<String, Long> pids = new LinkedHashMap<>(CpuUse.controlPlane(cluster.dir()));
    if (operator != null) {
      pids.put("operator", operator.pid());
    }
    pids.put("bench", ProcessHandle.current().pid());
    return pids;
  }

  /** Waits until the workloads have settled (see Workloads.settled), then the settle time. */
  private void settle(KubernetesClient admin, List<String> namespaces, int n) {
    awaitWorkloadsSettled(admin, namespaces, n);
    OperatorProcess.sleep(options.settleSeconds() * 1000L);
  }

  private static void awaitWorkloadsSettled(
      KubernetesClient admin, List<String> namespaces, int n) {
    long deadline = System.nanoTime() + readyTimeout(n).toNanos();
    while (!namespaces.stream().allMatch(ns -> Workloads.settled(admin, ns))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Workloads not settled after " + readyTimeout(n));
      }
      OperatorProcess.sleep(500);
    }
  }

  /**
   * Starts the operator as {@code probe} on the converged stacks, waits the resync time, measures,
   * stops it: a restart's memory under other flags, on the same objects.
   */
  private RunResult.RestartProbe restartProbe(
      Variant probe,
      OperatorIdentity.Credentials credentials,
      List<String> namespaces,
      AuditTail audit,
      int n)
      throws IOException {
    log("Restart probe %s: %s", probe.name(), String.join(" ", probe.javaOpts()));
    Path log = options.out().resolve("operator-n" + n + "-probe-" + probe.name() + ".log");
    Files.deleteIfExists(log);
    Instant start = Instant.now();
    OperatorProcess operator = null;
    try {
      operator = startOperator(probe, credentials, namespaces, log);
      OperatorProcess.sleep(options.resyncWaitSeconds() * 1000L);
      if (!operator.alive()) {
        throw new IllegalStateException("the operator exited; its log: " + log);
      }
      long rss = operator.rssBytes();
      long peak = operator.peakRssBytes();
      double reconciliations = operator.reconciliationsStarted();
      double cpu = operator.cpuSeconds();
      Instant end = Instant.now();
      OperatorProcess.sleep(1000); // the audit log is written as requests complete
      List<AuditTail.Write> probeWrites = audit.between(start, end);
      int writes = probeWrites.size();
      probeWrites.stream()
          .limit(20)
          .forEach(w -> log("Restart probe %s wrote: %s", probe.name(), Report.describe(w)));
      log(
          "Restart probe %s: RSS %s, peak %s, %.0f reconciliations, %d writes, %.1f CPU s",
          probe.name(), mib(rss), mib(peak), reconciliations, writes, cpu);
      return new RunResult.RestartProbe(
          probe.name(),
          String.join(" ", probe.javaOpts()),
          rss,
          peak,
          reconciliations,
          writes,
          cpu,
          null);
    } catch (RuntimeException e) {
      // A probe that fails (its flags too tight) is a finding, not the end of the run.
      log("Restart probe %s failed: %s", probe.name(), e.getMessage());
      return RunResult.RestartProbe.failed(
          probe.name(), String.join(" ", probe.javaOpts()), e.getMessage());
    } finally {
      if (operator != null) {
        operator.close();
        RUNNING.remove(operator);
      }
    }
  }

  private OperatorProcess startOperator(
      Variant variant,
      OperatorIdentity.Credentials credentials,
      List<String> namespaces,
      Path log) {
    OperatorProcess operator =
        OperatorProcess.start(
            variant.javaHome(),
            variant.jar(),
            variant.javaOpts(),
            credentials,
            options.watchAllNamespaces() ? List.of() : namespaces,
            variant.env(),
            log);
    RUNNING.add(operator);
    return operator;
  }

  /** N copies of examples/minimal.yaml named bench-000.., round-robin over the namespaces. */
  private void createStacks(KubernetesClient admin, int n, List<String> namespaces)
      throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    Path example = Stacks.example("minimal.yaml");
    GenericKubernetesResource template =
        yaml.readValue(example.toFile(), GenericKubernetesResource.class);
    String[] apiVersion = template.getApiVersion().split("/");
    var context =
        new ResourceDefinitionContext.Builder()
            .withGroup(apiVersion[0])
            .withVersion(apiVersion[1])
            .withKind(template.getKind())
            .withPlural(HasMetadata.getPlural(SuperNovaStack.class))
            .withNamespaced(true)
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(options.threads());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        GenericKubernetesResource stack =
            yaml.readValue(example.toFile(), GenericKubernetesResource.class);
        stack.getMetadata().setName(String.format(Locale.ROOT, "bench-%03d", i));
        stack.getMetadata().setNamespace(namespaces.get(i % namespaces.size()));
        futures.add(
            pool.submit(
                () ->
                    admin
                        .genericKubernetesResources(context)
                        .inNamespace(stack.getMetadata().getNamespace())
                        .resource(stack)
                        .fieldManager("bench-user")
                        .serverSideApply()));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void createNamespace(KubernetesClient admin, String name) {
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  /** Seconds from the stack's creation to its Ready condition's last transition. */
  private static double secondsToReady(SuperNovaStack stack) {
    return readyAt(stack, Instant.parse(stack.getMetadata().getCreationTimestamp()));
  }

  /** Seconds from {@code from} to the stack's Ready transition (a second's precision). */
  private static double readyAt(SuperNovaStack stack, Instant from) {
    return stack.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst()
        .map(
            c ->
                Duration.between(from, Instant.parse(c.getLastTransitionTime())).toMillis()
                    / 1000.0)
        .orElse(Double.NaN);
  }

  /** The log file's suffix: none for a single unnamed variant. */
  private String suffix(Variant variant) {
    return options.variants().size() == 1 && variant.name().equals("default")
        ? ""
        : "-" + variant.name();
  }

  private static List<String> names(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
  }

  @SafeVarargs
  private static <T> List<T> concat(List<T>... lists) {
    return Arrays.stream(lists).flatMap(List::stream).collect(Collectors.toList());
  }

  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static Map<String, Object> hostInfo() {
    Map<String, Object> host = new TreeMap<>();
    host.put("cpus", Runtime.getRuntime().availableProcessors());
    host.put("java", System.getProperty("java.version"));
    try {
      host.put("memTotal", Files.readAllLines(Path.of("/proc/meminfo")).get(0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return host;
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
  }

  private static void stopAll() {
    List<AutoCloseable> copy;
    synchronized (RUNNING) {
      copy = new ArrayList<>(RUNNING);
      RUNNING.clear();
    }
    // Operators before clusters: they were started last.
    for (int i = copy.size() - 1; i >= 0; i--) {
      try {
        copy.get(i).close();
      } catch (Exception e) {
        System.err.println("Cleanup of " + copy.get(i) + " failed: " + e);
      }
    }
  }

  static void log(String format, Object... args) {
    System.err.printf(
        Locale.ROOT,
        "%s %s%n",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")),
        String.format(Locale.ROOT, format, args));
  }
}
