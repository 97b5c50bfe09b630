package com.supernovaai.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Follows the API server's audit log of writes and keeps those of one user, with the group and
 * version of each object so that the objects can be fetched again (the harness's {@code AuditLog}
 * re-reads the whole file and drops both).
 */
final class AuditTail {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The verbs that change something. The audit policy also logs service accounts' reads (get, list
   * and watch, at Metadata level), which are no writes.
   */
  private static final Set<String> WRITE_VERBS =
      Set.of("create", "update", "patch", "delete", "deletecollection");

  /** One write request by the followed user. */
  record Write(
      Instant time,
      String verb,
      String group,
      String version,
      String resource,
      String subresource,
      String namespace,
      String name,
      int code) {

    /** A write that made a new object: create, or a server-side apply answered with 201. */
    boolean created() {
      return code == 201;
    }

    String kindKey() {
      return resource + (subresource == null ? "" : "/" + subresource);
    }
  }

  private final Path file;
  private final String user;
  private final List<Write> writes = new ArrayList<>();
  private long offset;

  AuditTail(Path file, String user) {
    this.file = file;
    this.user = user;
  }

  /** Reads the complete lines written since the last call; returns every write seen so far. */
  synchronized List<Write> poll() {
    if (!Files.exists(file)) {
      return List.copyOf(writes);
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length < offset) {
        offset = 0; // rotated: run.sh raises the cap to 8 GB, which a benchmark run stays below
      }
      in.seek(offset);
      byte[] bytes = new byte[(int) (length - offset)];
      in.readFully(bytes);
      int lastNewline = -1;
      for (int i = bytes.length - 1; i >= 0; i--) {
        if (bytes[i] == '\n') {
          lastNewline = i;
          break;
        }
      }
      if (lastNewline < 0) {
        return List.copyOf(writes);
      }
      String text = new String(bytes, 0, lastNewline, StandardCharsets.UTF_8);
      offset += lastNewline + 1;
      String quotedUser = "\"" + user + "\"";
      for (String line : text.split("\n")) {
        if (line.contains(quotedUser)) {
          Write write = parse(line);
          if (write != null) {
            writes.add(write);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(writes);
  }

  /** Writes in [from, to). */
  List<Write> between(Instant from, Instant to) {
    return select(w -> !w.time().isBefore(from) && w.time().isBefore(to));
  }

  List<Write> select(Predicate<Write> filter) {
    return poll().stream().filter(filter).toList();
  }

  private Write parse(String line) {
    try {
      JsonNode event = JSON.readTree(line);
      if (!"ResponseComplete".equals(event.path("stage").asText())) {
        return null;
      }
      JsonNode who = event.path("impersonatedUser").path("username");
      if (who.isMissingNode() || who.asText().isEmpty()) {
        who = event.path("user").path("username");
      }
      if (!user.equals(who.asText())) {
        return null;
      }
      if (!WRITE_VERBS.contains(event.path("verb").asText())) {
        return null;
      }
      JsonNode ref = event.path("objectRef");
      return new Write(
          Instant.parse(event.path("stageTimestamp").asText()),
          event.path("verb").asText(),
          ref.path("apiGroup").asText(""),
          ref.path("apiVersion").asText(""),
          ref.path("resource").asText(),
          ref.hasNonNull("subresource") ? ref.path("subresource").asText() : null,
          ref.path("namespace").asText(null),
          ref.path("name").asText(null),
          event.path("responseStatus").path("code").asInt());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
