package com.supernovaai.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads the local control plane's audit log, which records every write request (create, update,
 * patch, delete) with its user, and every request of a ServiceAccount: how tests prove what the
 * operator wrote, or that it wrote nothing, and which permissions it used.
 */
public final class AuditLog {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  public AuditLog(Path file) {
    this.file = file;
  }

  /** One write request as the API server saw it. */
  public record Write(
      Instant time,
      String verb,
      String user,
      String resource,
      String subresource,
      String namespace,
      String name,
      int code,
      String requestBody) {

    @Override
    public String toString() {
      return summary() + (requestBody == null ? "" : " " + requestBody);
    }

    /** The write without its request body: one short line for a failure message. */
    public String summary() {
      return String.format(
          "%s %s %s%s %s/%s by %s -> %d",
          time,
          verb,
          resource,
          subresource == null ? "" : "/" + subresource,
          namespace,
          name,
          user,
          code);
    }
  }

  /**
   * One request of any verb, reads included (the log has reads of ServiceAccounts only). {@code
   * apiGroup} is "" for the core group; {@code namespace} is null for a cluster-scoped request.
   * {@code authorization} is the authorizer's decision, "allow" or "forbid": a 403 with "allow" was
   * refused for another reason (a namespace being deleted).
   */
  public record Request(
      String user,
      String verb,
      String apiGroup,
      String resource,
      String subresource,
      String namespace,
      String name,
      int code,
      String authorization) {}

  /**
   * Every resource request of {@code user} (not impersonated), once each: a watch still open has
   * only its ResponseStarted line, a finished request its ResponseComplete line.
   */
  public List<Request> requestsOf(String user) {
    if (!Files.exists(file)) {
      return List.of();
    }
    Map<String, Request> byId = new LinkedHashMap<>();
    try (Stream<String> lines = Files.lines(file)) {
      lines.forEach(
          line -> {
            JsonNode event = readEvent(line);
            String stage = event == null ? "" : event.path("stage").asText();
            if ((stage.equals("ResponseStarted") || stage.equals("ResponseComplete"))
                && user.equals(event.path("user").path("username").asText())
                && !event.has("impersonatedUser")
                && event.has("objectRef")) {
              JsonNode ref = event.path("objectRef");
              byId.put(
                  event.path("auditID").asText(),
                  new Request(
                      user,
                      event.path("verb").asText(),
                      ref.path("apiGroup").asText(""),
                      ref.path("resource").asText(),
                      ref.path("subresource").asText(null),
                      ref.path("namespace").asText(null),
                      ref.path("name").asText(null),
                      event.path("responseStatus").path("code").asInt(),
                      event
                          .path("annotations")
                          .path("authorization.k8s.io/decision")
                          .asText(null)));
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(byId.values());
  }

  private static JsonNode readEvent(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      return null; // a line being written while we read
    }
  }

  /** Writes at or after {@code since} that match {@code filter}. */
  public List<Write> writesSince(Instant since, Predicate<Write> filter) {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<Write> writes = new ArrayList<>();
    try (Stream<String> lines = Files.lines(file)) {
      lines.forEach(
          line -> {
            Write write = parse(line);
            if (write != null && !write.time().isBefore(since) && filter.test(write)) {
              writes.add(write);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writes;
  }

  /** The user a request acted as: the impersonated user when there is one. */
  private static Write parse(String line) {
    try {
      JsonNode event = JSON.readTree(line);
      if (!"ResponseComplete".equals(event.path("stage").asText())) {
        return null;
      }
      JsonNode user = event.path("impersonatedUser").path("username");
      if (user.isMissingNode() || user.asText().isEmpty()) {
        user = event.path("user").path("username");
      }
      JsonNode ref = event.path("objectRef");
      return new Write(
          Instant.parse(event.path("stageTimestamp").asText()),
          event.path("verb").asText(),
          user.asText(),
          ref.path("resource").asText(),
          ref.hasNonNull("subresource") ? ref.path("subresource").asText() : null,
          ref.path("namespace").asText(null),
          ref.path("name").asText(null),
          event.path("responseStatus").path("code").asInt(),
          event.hasNonNull("requestObject") ? event.get("requestObject").toString() : null);
    } catch (IOException | RuntimeException e) {
      return null; // a line being written while we read
    }
  }
}
