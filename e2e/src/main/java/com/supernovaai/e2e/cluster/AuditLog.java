package com.supernovaai.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads the local control plane's audit log, which records every write request (create, update,
 * patch, delete) with its user: how tests prove what the operator wrote, or that it wrote nothing.
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
