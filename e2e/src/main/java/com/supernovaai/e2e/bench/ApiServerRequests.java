package com.supernovaai.e2e.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests the API server served in an interval by verb and resource, from its own counter
 * {@code apiserver_request_total}: everyone's reads included, which the audit log (see {@link
 * AuditCensus}) has only of the operator, but nobody's name.
 *
 * @param requests count by "VERB resource[/subresource]", as the API server names the verb (LIST,
 *     WATCH, GET, POST, PUT, PATCH, APPLY, DELETE)
 */
record ApiServerRequests(Map<String, Long> requests) {

  private static final Pattern SAMPLE =
      Pattern.compile("^apiserver_request_total\\{([^}]*)}\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  /** The counter's values now. */
  static ApiServerRequests read(KubernetesClient admin) {
    return parse(admin.raw("/metrics"));
  }

  /** The samples of {@code apiserver_request_total} in a Prometheus text exposition, summed. */
  static ApiServerRequests parse(String metrics) {
    Map<String, Long> requests = new TreeMap<>();
    for (String line : metrics.split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.find()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      Matcher label = LABEL.matcher(sample.group(1));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      String resource = labels.getOrDefault("resource", "");
      String subresource = labels.getOrDefault("subresource", "");
      // A request for a path, not a resource, has the path as its subresource ("/healthz").
      String what =
          resource.isEmpty()
              ? subresource
              : resource + (subresource.isEmpty() ? "" : "/" + subresource);
      String key = labels.getOrDefault("verb", "?") + " " + what;
      requests.merge(key, (long) Double.parseDouble(sample.group(2)), Long::sum);
    }
    return new ApiServerRequests(requests);
  }

  /** What was served between this reading and a later one. */
  ApiServerRequests until(ApiServerRequests later) {
    Map<String, Long> served = new TreeMap<>();
    later.requests.forEach(
        (key, count) -> {
          long more = count - requests.getOrDefault(key, 0L);
          if (more > 0) {
            served.put(key, more);
          }
        });
    return new ApiServerRequests(served);
  }

  long total() {
    return requests.values().stream().mapToLong(Long::longValue).sum();
  }
}
