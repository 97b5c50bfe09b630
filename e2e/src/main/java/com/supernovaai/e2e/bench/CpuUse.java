package com.supernovaai.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU seconds each process of a run used over an interval (the control plane's components, the
 * operator, the benchmark's own JVM), and how busy the whole machine was: whether a run was bound
 * by the machine's cores, and by whose work. Read from /proc (Linux); the control plane's processes
 * from the pid files {@code local-cluster} writes.
 *
 * @param seconds CPU seconds by process name, in the order the processes were named
 * @param wallSeconds the interval's length
 * @param machineBusySeconds CPU seconds the whole machine spent on anything but idle and I/O wait
 * @param cores the machine's online processors
 */
record CpuUse(
    Map<String, Double> seconds, double wallSeconds, double machineBusySeconds, int cores) {

  /** Linux USER_HZ: /proc counts CPU time in these ticks. */
  static final double CLOCK_TICKS = 100.0;

  /** The share of the machine's cores that was busy, 0..1. */
  double machineBusyShare() {
    return wallSeconds <= 0 ? Double.NaN : machineBusySeconds / (wallSeconds * cores);
  }

  /** The processes' CPU seconds together. */
  double totalSeconds() {
    return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Processes by name, to be read at the start and end of an interval. */
  record Snapshot(Map<String, Double> seconds, double machineBusySeconds, long nanoTime) {

    static Snapshot of(Map<String, Long> pids) {
      Map<String, Double> seconds = new LinkedHashMap<>();
      pids.forEach((name, pid) -> seconds.put(name, processSeconds(pid)));
      return new Snapshot(seconds, busySinceBoot(), System.nanoTime());
    }

    /** What happened between this snapshot and a later one (a process gone counts as 0). */
    CpuUse until(Snapshot later) {
      Map<String, Double> used = new LinkedHashMap<>();
      seconds.forEach(
          (name, before) -> {
            Double after = later.seconds.get(name);
            used.put(name, before < 0 || after == null || after < 0 ? 0.0 : after - before);
          });
      return new CpuUse(
          used,
          (later.nanoTime - nanoTime) / 1e9,
          later.machineBusySeconds - machineBusySeconds,
          Runtime.getRuntime().availableProcessors());
    }
  }

  /** The processes {@code local-cluster up} started in {@code clusterDir}, by component name. */
  static Map<String, Long> controlPlane(Path clusterDir) {
    Map<String, Long> pids = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(clusterDir.resolve("pids"))) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString().replaceFirst("\\.pid$", "");
        pids.put(name, Long.parseLong(Files.readString(f).trim()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pids;
  }

  /** A process's user and system CPU seconds; -1 when it is gone. */
  static double processSeconds(long pid) {
    try {
      return processSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException e) {
      return -1;
    }
  }

  /** utime + stime of a {@code /proc/<pid>/stat} line, in seconds. */
  static double processSeconds(String stat) {
    // The command name (field 2) may hold spaces and parentheses: the fields after it start at the
    // state (field 3), so utime and stime (fields 14 and 15) are the 12th and 13th after it.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
  }

  /** The whole machine's busy CPU seconds since boot, from {@code /proc/stat}. */
  static double busySinceBoot() {
    try {
      return busySinceBoot(Files.readAllLines(Path.of("/proc/stat")));
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /**
   * The {@code cpu} line's ticks other than idle and iowait (user, nice, system, irq, softirq,
   * steal), in seconds; guest time is already inside user.
   */
  static double busySinceBoot(List<String> procStat) {
    String[] f =
        procStat.stream()
            .filter(l -> l.startsWith("cpu "))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no cpu line in /proc/stat"))
            .trim()
            .split("\\s+");
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      busy += Long.parseLong(f[i]);
    }
    return busy / CLOCK_TICKS;
  }
}
