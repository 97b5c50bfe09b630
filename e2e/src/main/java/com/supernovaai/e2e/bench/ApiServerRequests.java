package com.supernovaai.e2e.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the API server served in an interval, from its own counters: the requests by verb and
 * resource ({@code apiserver_request_total}: everyone's reads included, which the audit log, see
 * {@link AuditCensus}, has only of the operator, but nobody's name), and the watch events it sent
 * by resource ({@code apiserver_watch_events_total} and {@code apiserver_watch_events_sizes}: one
 * per event and watcher, the operator's informers, the controllers' and the scheduler's alike, but
 * only of watches made over HTTP: the API server's WebSocket handler does not count its events).
 *
 * @param requests count by "VERB resource[/subresource]", as the API server names the verb (LIST,
 *     WATCH, GET, POST, PUT, PATCH, APPLY, DELETE)
 * @param watchEvents events sent to watchers, by resource
 * @param watchBytes the bytes of those events, by resource
 */
record ApiServerRequests(
    Map<String, Long> requests, Map<String, Long> watchEvents, Map<String, Long> watchBytes) {

  private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)}\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  /** The counters' values now. */
  static ApiServerRequests read(KubernetesClient admin) {
    return parse(admin.raw("/metrics"));
  }

  /** The counters' samples in a Prometheus text exposition, summed by request or resource. */
  static ApiServerRequests parse(String metrics) {
    Map<String, Long> requests = new TreeMap<>();
    Map<String, Long> watchEvents = new TreeMap<>();
    Map<String, Long> watchBytes = new TreeMap<>();
    for (String line : metrics.split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.find()) {
        continue;
      }
      Map<String, Long> counter =
          switch (sample.group(1)) {
            case "apiserver_request_total" -> requests;
            case "apiserver_watch_events_total" -> watchEvents;
            case "apiserver_watch_events_sizes_sum" -> watchBytes;
            default -> null;
          };
      if (counter == null) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      Matcher label = LABEL.matcher(sample.group(2));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      String resource = labels.getOrDefault("resource", "");
      String key = counter == requests ? request(labels, resource) : resource;
      counter.merge(key, (long) Double.parseDouble(sample.group(3)), Long::sum);
    }
    return new ApiServerRequests(requests, watchEvents, watchBytes);
  }

  private static String request(Map<String, String> labels, String resource) {
    String subresource = labels.getOrDefault("subresource", "");
    // A request for a path, not a resource, has the path as its subresource ("/healthz").
    String what =
        resource.isEmpty()
            ? subresource
            : resource + (subresource.isEmpty() ? "" : "/" + subresource);
    return labels.getOrDefault("verb", "?") + " " + what;
  }

  /** What was served between this reading and a later one. */
  ApiServerRequests until(ApiServerRequests later) {
    return new ApiServerRequests(
        grown(requests, later.requests),
        grown(watchEvents, later.watchEvents),
        grown(watchBytes, later.watchBytes));
  }

  private static Map<String, Long> grown(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> grown = new TreeMap<>();
    after.forEach(
        (key, count) -> {
          long more = count - before.getOrDefault(key, 0L);
          if (more > 0) {
            grown.put(key, more);
          }
        });
    return grown;
  }

  long total() {
    return sum(requests);
  }

  long watchEventsTotal() {
    return sum(watchEvents);
  }

  long watchBytesTotal() {
    return sum(watchBytes);
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
