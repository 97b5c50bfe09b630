package com.supernovaai.e2e;

import com.supernovaai.e2e.LoadGenerator.Request;
import com.supernovaai.e2e.LoadGenerator.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a phase's requests say: counts, failures, colors over time, and how traffic switched. */
record TrafficReport(String phase, List<Request> requests) {

  long sent() {
    return requests.size();
  }

  List<Request> failures() {
    return requests.stream().filter(r -> r.result().failed()).toList();
  }

  List<Request> clientErrors() {
    return requests.stream().filter(r -> r.result() == Result.CLIENT_ERROR).toList();
  }

  List<Request> acknowledgedWrites() {
    return requests.stream().filter(Request::acknowledgedWrite).toList();
  }

  /** Answers per color (requests whose answer named none are not counted). */
  Map<String, Long> colors() {
    return requests.stream()
        .map(Request::color)
        .filter(Objects::nonNull)
        .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
  }

  /**
   * How traffic moved from one color to another. {@code oldAfterNew} counts answers from the old
   * color to requests sent after the first answer from the new one had arrived: kube-proxy applies
   * a Service's rules in one {@code iptables-restore}, so once a new connection reached the new
   * color every later one must too, and any such answer means traffic went back (no timing margin
   * needed). The switch time is from {@code since} (the promotion or the rollback edit) to the last
   * answer from the old color.
   */
  record Switch(
      Instant firstNew, Instant lastOld, long oldAfterNew, long others, Duration switchTime) {

    /** Both colors answering: first new answer to last old one (negative: a clean cut). */
    Duration overlap() {
      return lastOld == null ? Duration.ZERO : Duration.between(firstNew, lastOld);
    }
  }

  Optional<Switch> switchFrom(String from, String to, Instant since) {
    Optional<Request> firstNew =
        requests.stream()
            .filter(r -> to.equals(r.color()))
            .min(Comparator.comparing(Request::done));
    if (firstNew.isEmpty()) {
      return Optional.empty();
    }
    Instant arrived = firstNew.get().done();
    Instant lastOld =
        requests.stream()
            .filter(r -> from.equals(r.color()))
            .map(Request::done)
            .max(Comparator.naturalOrder())
            .orElse(null);
    long oldAfterNew =
        requests.stream().filter(r -> from.equals(r.color()) && r.sent().isAfter(arrived)).count();
    long others =
        requests.stream()
            .filter(r -> r.color() != null && !from.equals(r.color()) && !to.equals(r.color()))
            .count();
    // Negative when the old color's last answer came before the moment as the test saw it.
    Duration switchTime = lastOld == null ? Duration.ZERO : Duration.between(since, lastOld);
    return Optional.of(new Switch(arrived, lastOld, oldAfterNew, others, switchTime));
  }

  /** The window in which requests failed: first failure to last failure, if any failed. */
  Optional<Duration> outage() {
    List<Request> failed = failures();
    if (failed.isEmpty()) {
      return Optional.empty();
    }
    Instant first = failed.stream().map(Request::sent).min(Comparator.naturalOrder()).get();
    Instant last = failed.stream().map(Request::done).max(Comparator.naturalOrder()).get();
    return Optional.of(Duration.between(first, last));
  }

  /** The first successful answer to a request sent after every failure ended. */
  Optional<Instant> recoveredAt() {
    Optional<Instant> lastFailure =
        failures().stream().map(Request::done).max(Comparator.naturalOrder());
    return lastFailure.flatMap(
        last ->
            requests.stream()
                .filter(r -> r.result() == Result.OK && !r.sent().isBefore(last))
                .map(Request::done)
                .min(Comparator.naturalOrder()));
  }

  /** Per-color answers and failures in buckets of {@code step} from the first request, one line. */
  String timeline(Duration step) {
    if (requests.isEmpty()) {
      return "(no requests)";
    }
    Instant start = requests.stream().map(Request::sent).min(Comparator.naturalOrder()).get();
    TreeMap<Long, TreeMap<String, Long>> buckets = new TreeMap<>();
    for (Request r : requests) {
      long bucket = Duration.between(start, r.sent()).toMillis() / step.toMillis();
      String key = r.result().failed() ? "FAILED" : r.color() == null ? "-" : r.color();
      buckets.computeIfAbsent(bucket, b -> new TreeMap<>()).merge(key, 1L, Long::sum);
    }
    return buckets.entrySet().stream()
        .map(
            e ->
                "+"
                    + e.getKey() * step.toSeconds()
                    + "s "
                    + e.getValue().entrySet().stream()
                        .map(c -> c.getKey() + "=" + c.getValue())
                        .collect(Collectors.joining(",")))
        .collect(Collectors.joining(" | "));
  }

  /**
   * Failed requests by kind and outcome, e.g. {@code {WRITE TIMEOUT=40, READ CONNECTION_ERROR=3}}.
   */
  Map<String, Long> failureKinds() {
    return failures().stream()
        .collect(
            Collectors.groupingBy(
                r -> r.kind() + " " + r.result(), TreeMap::new, Collectors.counting()));
  }

  /**
   * Where the failures lie, in seconds from the first request sent, e.g. {@code +0.1 s..+15.7 s}.
   */
  Optional<String> failureWindow() {
    if (requests.isEmpty() || failures().isEmpty()) {
      return Optional.empty();
    }
    Instant start = requests.stream().map(Request::sent).min(Comparator.naturalOrder()).get();
    Instant first = failures().stream().map(Request::sent).min(Comparator.naturalOrder()).get();
    Instant last = failures().stream().map(Request::done).max(Comparator.naturalOrder()).get();
    return Optional.of(
        String.format(
            "+%.1f s..+%.1f s",
            Duration.between(start, first).toMillis() / 1000.0,
            Duration.between(start, last).toMillis() / 1000.0));
  }

  String summary() {
    return String.format(
        "%s: sent=%d failed=%d 4xx=%d acknowledged writes=%d colors=%s%s%s",
        phase,
        sent(),
        failures().size(),
        clientErrors().size(),
        acknowledgedWrites().size(),
        colors(),
        failureWindow().map(w -> " failures " + failureKinds() + " sent/answered " + w).orElse(""),
        failures().isEmpty()
            ? ""
            : " first failures="
                + failures().stream()
                    .limit(5)
                    .map(r -> r.kind() + " " + r.result() + " " + r.detail() + " @" + r.sent())
                    .toList());
  }
}
