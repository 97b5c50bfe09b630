package com.supernovaai.e2e.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The audited requests of an interval, counted by who made them, verb and resource: which of the
 * control plane's controllers (the controller-manager runs each with its own ServiceAccount), the
 * scheduler, kwok, the operator or the benchmark did how much. The local control plane's audit
 * policy logs everyone's writes, and reads only of ServiceAccounts outside kube-system (the
 * operator's): the controllers' and the scheduler's reads are not counted.
 *
 * <p>And how long each writer's writes took, by resource ({@link #writeTimes}): from the API server
 * receiving a request to its response, the time a client's thread waits on it. What one kind costs
 * the API server (a Service's ClusterIP, say) shows here, beside the same writes of the direct
 * apply.
 *
 * @param requests count by {@link #key}
 * @param writeTimes by user (the whole name: system: ones stay recognisable), then by {@link
 *     #resource}
 */
record AuditCensus(Map<String, Long> requests, Map<String, Map<String, WriteTimes>> writeTimes) {

  /** The verbs that write. */
  private static final Set<String> WRITES =
      Set.of("create", "update", "patch", "delete", "deletecollection");

  /**
   * How long one writer's writes of one resource took, in milliseconds.
   *
   * @param count writes
   * @param p50 median
   * @param p90 90th percentile
   * @param totalSeconds all of them together: the time the writer's threads waited on them
   */
  record WriteTimes(long count, double p50, double p90, double totalSeconds) {

    static WriteTimes of(List<Double> millis) {
      List<Double> sorted = millis.stream().sorted().toList();
      double total = sorted.stream().mapToDouble(Double::doubleValue).sum();
      return new WriteTimes(
          sorted.size(),
          sorted.get((sorted.size() - 1) / 2),
          sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1),
          total / 1000);
    }
  }

  private static final JsonFactory JSON = new JsonFactory();

  /** The prefix of the controllers' ServiceAccounts, dropped from their names. */
  private static final String KUBE_SYSTEM_ACCOUNT = "system:serviceaccount:kube-system:";

  /** Requests that completed in [from, to): a watch counts when it starts, not when it ends. */
  static AuditCensus of(Path auditLog, Instant from, Instant to) {
    Map<String, Long> requests = new TreeMap<>();
    Map<String, Map<String, List<Double>>> writeMillis = new TreeMap<>();
    if (!Files.exists(auditLog)) {
      return new AuditCensus(requests, Map.of());
    }
    try (BufferedReader lines = Files.newBufferedReader(auditLog, StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        Event event = Event.parse(line);
        if (event != null && event.counted() && event.in(from, to)) {
          requests.merge(event.key(), 1L, Long::sum);
          if (event.timed()) {
            writeMillis
                .computeIfAbsent(event.user(), u -> new TreeMap<>())
                .computeIfAbsent(event.resource(), r -> new ArrayList<>())
                .add(Duration.between(event.received(), event.time()).toNanos() / 1e6);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Map<String, WriteTimes>> writeTimes = new TreeMap<>();
    writeMillis.forEach(
        (user, byResource) -> {
          Map<String, WriteTimes> times = new TreeMap<>();
          byResource.forEach((resource, millis) -> times.put(resource, WriteTimes.of(millis)));
          writeTimes.put(user, times);
        });
    return new AuditCensus(requests, writeTimes);
  }

  /** "resource[/subresource]", "-" for a request of no resource. */
  static String resource(String resource, String subresource) {
    return (resource.isEmpty() ? "-" : resource) + (subresource.isEmpty() ? "" : "/" + subresource);
  }

  /** "user verb resource[/subresource]", the user as {@link #shortUser} names it. */
  static String key(String user, String verb, String resource, String subresource) {
    return shortUser(user) + " " + verb + " " + resource(resource, subresource);
  }

  /** A controller by its own name ("deployment-controller"), anyone else by their user name. */
  static String shortUser(String user) {
    return user.startsWith(KUBE_SYSTEM_ACCOUNT)
        ? user.substring(KUBE_SYSTEM_ACCOUNT.length())
        : user;
  }

  /** The user of a {@link #key}. */
  static String userOf(String key) {
    return key.substring(0, key.indexOf(' '));
  }

  long total() {
    return requests.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Requests by user. */
  Map<String, Long> byUser() {
    Map<String, Long> users = new TreeMap<>();
    requests.forEach((key, count) -> users.merge(userOf(key), count, Long::sum));
    return users;
  }

  /** The fields of one audit event the census needs; the request and response bodies skipped. */
  private record Event(
      String stage,
      Instant received,
      Instant time,
      String user,
      String verb,
      String resourceName,
      String subresource) {

    /** A completed write whose duration is known. */
    boolean timed() {
      return WRITES.contains(verb) && received != null && "ResponseComplete".equals(stage);
    }

    String resource() {
      return AuditCensus.resource(resourceName, subresource);
    }

    boolean counted() {
      return "watch".equals(verb)
          ? "ResponseStarted".equals(stage)
          : "ResponseComplete".equals(stage);
    }

    boolean in(Instant from, Instant to) {
      return time != null && !time.isBefore(from) && time.isBefore(to);
    }

    String key() {
      return AuditCensus.key(user, verb, resourceName, subresource);
    }

    static Event parse(String line) {
      String stage = "";
      String timestamp = null;
      String receivedAt = null;
      String user = "";
      String impersonated = "";
      String verb = "";
      String resource = "";
      String subresource = "";
      try (JsonParser p = JSON.createParser(line)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          switch (field) {
            case "stage" -> stage = p.getText();
            case "stageTimestamp" -> timestamp = p.getText();
            case "requestReceivedTimestamp" -> receivedAt = p.getText();
            case "verb" -> verb = p.getText();
            case "user" -> user = username(p);
            case "impersonatedUser" -> impersonated = username(p);
            case "objectRef" -> {
              Map<String, String> ref = strings(p);
              resource = ref.getOrDefault("resource", "");
              subresource = ref.getOrDefault("subresource", "");
            }
            default -> p.skipChildren();
          }
        }
        return new Event(
            stage,
            receivedAt == null ? null : Instant.parse(receivedAt),
            timestamp == null ? null : Instant.parse(timestamp),
            impersonated.isEmpty() ? user : impersonated,
            verb,
            resource,
            subresource);
      } catch (IOException | RuntimeException e) {
        return null; // a line cut by the log's rotation, or not an event
      }
    }

    private static String username(JsonParser p) throws IOException {
      return strings(p).getOrDefault("username", "");
    }

    /** The string fields of the object at the parser, its nested values skipped. */
    private static Map<String, String> strings(JsonParser p) throws IOException {
      Map<String, String> fields = new TreeMap<>();
      if (p.currentToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        return fields;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (p.nextToken() == JsonToken.VALUE_STRING) {
          fields.put(name, p.getText());
        } else {
          p.skipChildren();
        }
      }
      return fields;
    }
  }
}
