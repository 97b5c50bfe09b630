package com.supernovaai.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.status.ContinuousArchiving;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Continuous archiving as the database pod reports it: its pgbackrest sidecar patches a small JSON
 * report into the pod's {@value #ANNOTATION} annotation every 15 s (archiver-report.py), which the
 * operator reads from its pod cache. No exec into the pod, no connection to the database.
 */
public final class ArchivingObserver {

  /** Written by the sidecar with the pod's own ServiceAccount (patch on that one pod only). */
  public static final String ANNOTATION = "ops.supernova-ai.com/archiver";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ArchivingObserver() {}

  /** Null without an objectStore (or with an external database): no condition. */
  static ContinuousArchiving.Verdict observe(
      SuperNovaStack stack, Context<SuperNovaStack> context, Instant now) {
    var backup = stack.getSpec().getBackup();
    if (backup == null
        || backup.getObjectStore() == null
        || stack.getSpec().getDatabase().hasExternal()) {
      return null;
    }
    List<Pod> pods =
        context
            .getSecondaryResourcesAsStream(Pod.class)
            .filter(p -> p.getMetadata().getLabels() != null)
            .filter(
                p ->
                    Labels.COMPONENT_DATABASE.equals(
                        p.getMetadata().getLabels().get(Labels.COMPONENT)))
            .toList();
    return of(
        pods,
        stack.getSpec().getDatabase().replicated(),
        ContinuousArchiving.lagLimit(backup.getObjectStore()),
        now);
  }

  /**
   * The verdict from the pods of one stack's database, a segment allowed to wait {@code lagLimit}.
   */
  public static ContinuousArchiving.Verdict of(
      List<Pod> pods, boolean replicated, Duration lagLimit, Instant now) {
    Optional<Pod> publisher = publisher(pods, replicated);
    if (publisher.isEmpty()) {
      return ContinuousArchiving.notReported(
          replicated ? "No database member leads yet" : "No database pod yet");
    }
    Pod pod = publisher.get();
    String name = pod.getMetadata().getName();
    String raw = annotation(pod);
    if (raw == null) {
      return ContinuousArchiving.notReported(
          "No archiving report from " + name + " yet (its pgbackrest container publishes one)");
    }
    return report(name, raw)
        .map(r -> ContinuousArchiving.decide(r, lagLimit, now))
        .orElseGet(
            () ->
                ContinuousArchiving.notReported(
                    "The archiving report of " + name + " is not readable"));
  }

  /**
   * The pod whose report counts: the one that archives. A single instance's only pod; with Patroni,
   * the leader as {@link DatabaseMembersObserver#leader} picks it (only a primary pushes WAL), else
   * none: a replica left alone mid-failover, or a hung leader beside the one that replaced it, does
   * not speak for the archive.
   */
  static Optional<Pod> publisher(List<Pod> pods, boolean replicated) {
    List<Pod> live =
        pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    return replicated ? DatabaseMembersObserver.leader(live) : live.stream().findFirst();
  }

  /**
   * Whether a pod update changes what the status says, so the informer reconciles for it: the
   * report's content (not only its time) changed, or its verdict at {@code now} did (a report
   * coming back after being stale).
   */
  static boolean changesStatus(Pod now, Pod before, Instant at) {
    String after = annotation(now);
    String was = annotation(before);
    if (Objects.equals(after, was)) {
      return false;
    }
    var a = report(now.getMetadata().getName(), after);
    var b = report(before.getMetadata().getName(), was);
    if (a.isEmpty() || b.isEmpty()) {
      return a.isPresent() != b.isPresent();
    }
    if (!Objects.equals(withoutTime(a.get()), withoutTime(b.get()))) {
      return true;
    }
    // The two reports differ only in their time here, so only staleness can tell them apart, and
    // it does under any lag limit: the default serves (the filter has no stack to read one from).
    var va = ContinuousArchiving.decide(a.get(), at);
    var vb = ContinuousArchiving.decide(b.get(), at);
    return !va.status().equals(vb.status()) || !va.reason().equals(vb.reason());
  }

  private static ContinuousArchiving.Report withoutTime(ContinuousArchiving.Report r) {
    return new ContinuousArchiving.Report(
        r.pod(),
        Instant.EPOCH,
        r.lastArchivedWal(),
        r.lastArchivedTime(),
        r.lastFailedTime(),
        r.segmentsWaiting(),
        r.oldestWaitingTime(),
        r.lastBaseBackupTime());
  }

  private static String annotation(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ANNOTATION);
  }

  /**
   * The report in the annotation; empty when it is absent, not JSON, or has no time. Wrong-typed
   * times read as unknown: a report is never a reason for an exception.
   */
  public static Optional<ContinuousArchiving.Report> report(String pod, String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    try {
      JsonNode json = JSON.readTree(raw);
      if (json == null || !json.isObject()) {
        return Optional.empty();
      }
      Instant time = instant(json, "time");
      if (time == null) {
        return Optional.empty();
      }
      JsonNode waiting = json.get("segmentsWaiting");
      if (waiting == null || !waiting.canConvertToInt() || waiting.asInt() < 0) {
        // Read as 0 it would hide a lag: unreadable instead.
        return Optional.empty();
      }
      return Optional.of(
          new ContinuousArchiving.Report(
              pod,
              time,
              text(json, "lastArchivedWal"),
              instant(json, "lastArchivedTime"),
              instant(json, "lastFailedTime"),
              waiting.asInt(),
              instant(json, "oldestWaitingTime"),
              instant(json, "lastBaseBackupTime")));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    return node == null || !node.isTextual() || node.asText().isBlank() ? null : node.asText();
  }

  private static Instant instant(JsonNode json, String field) {
    String text = text(json, field);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
