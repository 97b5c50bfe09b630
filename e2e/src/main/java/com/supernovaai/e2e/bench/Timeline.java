package com.supernovaai.e2e.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a run's time goes: seconds from its start (the first stack created, or the direct apply's
 * first request) until half and all of its objects existed, half and all of its workloads were
 * ready, and half and all of its stacks were {@code Ready} (NaN for the direct apply, which has no
 * stacks). Set beside each other, the operator's and the direct apply's say whether the operator is
 * slower to create the objects, or the same objects are slower to come up behind it.
 */
record Timeline(
    double createdHalf,
    double createdAll,
    double workloadsReadyHalf,
    double workloadsReadyAll,
    double stacksReadyHalf,
    double stacksReadyAll) {

  static Timeline of(List<Double> created, ReadyCount workloads, List<Double> stacksReady) {
    return new Timeline(
        share(created, 0.5),
        share(created, 1.0),
        workloads.reached(0.5),
        workloads.reached(1.0),
        share(stacksReady, 0.5),
        share(stacksReady, 1.0));
  }

  /** The time by which {@code share} of the events (seconds from the start) had happened. */
  static double share(List<Double> seconds, double share) {
    if (seconds.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = seconds.stream().sorted().toList();
    int index = (int) Math.ceil(share * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }

  /**
   * How many workloads were ready when, sampled by a polling loop. A workload may drop out again
   * (the API Deployment is created at one replica and sized right after), so a share is reached at
   * the first sample with that many ready, of the most ever seen.
   */
  static final class ReadyCount {
    private final List<double[]> samples = new ArrayList<>();
    private int most;

    /** Records a sample when the count changed since the last one. */
    synchronized void sample(double seconds, int ready) {
      if (samples.isEmpty() || samples.get(samples.size() - 1)[1] != ready) {
        samples.add(new double[] {seconds, ready});
      }
      most = Math.max(most, ready);
    }

    synchronized double reached(double share) {
      int needed = (int) Math.ceil(share * most);
      for (double[] s : samples) {
        if (s[1] >= needed && needed > 0) {
          return s[0];
        }
      }
      return Double.NaN;
    }
  }
}
