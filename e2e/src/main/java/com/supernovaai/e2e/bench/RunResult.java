package com.supernovaai.e2e.bench;

import java.util.List;
import java.util.Map;

/** What one benchmark run (one stack count, one fresh cluster) measured; written as JSON. */
record RunResult(
    String variant,
    int stacks,
    int namespaces,
    int directApplyThreads,
    Convergence convergence,
    Direct direct,
    Writes writes,
    SteadyState steadyState,
    Footprint footprint,
    Latency latency,
    double loadAverageStart,
    double loadAverageAtReady,
    List<RestartProbe> restartProbes) {

  /**
   * Time from the first stack created to all Ready for their generation; and the mean of each
   * stack's own time from its creation to its Ready transition (the time its progress is written,
   * at most every 15 s); the reconciliations started until the workloads settled; {@code cpu} from
   * the first stack created until all were Ready, and the audited {@code requests} and the API
   * server's count of those it {@code served} meanwhile.
   */
  record Convergence(
      double seconds,
      double stacksPerSecond,
      double operatorStartSeconds,
      double meanStackSecondsToReady,
      double reconciliations,
      Timeline timeline,
      Map<String, List<Double>> createdByObject,
      CpuUse cpu,
      AuditCensus requests,
      ApiServerRequests served) {}

  /**
   * The same objects applied directly; the ratio uses the time until their workloads are ready;
   * {@code cpu}, the audited {@code requests} and the API server's count of those it {@code served}
   * from the first request until then.
   */
  record Direct(
      int objects,
      int workloads,
      int threads,
      double applySeconds,
      double readySeconds,
      double ratio,
      Map<String, Integer> kinds,
      Timeline timeline,
      CpuUse cpu,
      AuditCensus requests,
      ApiServerRequests served) {}

  /** Operator writes from its start to the end of the settle period after Ready. */
  record Writes(
      int ownedObjects,
      int total,
      int objectWrites,
      int statusPatches,
      int events,
      double perOwnedObject,
      double objectWritesPerOwnedObject,
      Map<String, Integer> byVerb,
      Map<String, Integer> byResource,
      Map<String, Integer> byResourceAndVerb) {}

  /**
   * Writes while idle, after a restart of the operator process (full resync from fresh informers),
   * and after an annotation bump of every stack (one reconciliation each).
   */
  record SteadyState(
      int idleSeconds,
      int idleWrites,
      int restartWrites,
      double restartReconciliations,
      int annotationBumpWrites,
      double bumpReconciliations,
      int waitSeconds,
      List<String> sample) {}

  record Footprint(
      long rssBytes,
      long heapUsedBytes,
      double cpuSecondsTotal,
      double cpuSecondsConvergence,
      long rssBytesAfterRestartResync,
      long rssBytesIdleBeforeStacks,
      int threads,
      long liveHeapBytes,
      String javaOpts,
      long peakRssBytesConverging,
      long peakRssBytesAfterRestart) {}

  /**
   * One more restart of the operator on the converged stacks, with another variant's flags or jar:
   * its RSS after the resync wait, its peak RSS (VmHWM) since it started, what it did meanwhile.
   * The restart is where the memory peaks (every informer lists at once), so flags that bound the
   * heap are compared here, on the same objects, without a run of their own. {@code failure}: why
   * the probe did not run its course (the operator exited, e.g. out of heap), else null.
   */
  record RestartProbe(
      String variant,
      String javaOpts,
      long rssBytes,
      long peakRssBytes,
      double reconciliations,
      int writes,
      double cpuSeconds,
      String failure) {

    /** A probe that did not run its course: nothing measured, {@code why} instead. */
    static RestartProbe failed(String variant, String javaOpts, String why) {
      return new RestartProbe(variant, javaOpts, -1, -1, Double.NaN, -1, Double.NaN, why);
    }
  }

  record Latency(
      int samples, double p50Millis, double p99Millis, double maxMillis, List<Double> millis) {}
}
