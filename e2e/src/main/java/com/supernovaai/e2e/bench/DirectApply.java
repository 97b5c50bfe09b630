package com.supernovaai.e2e.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The limit the operator is compared with: the objects it made, applied directly (server-side
 * apply, as many threads as the operator has workflow threads, the ones that make its writes) into
 * fresh namespaces, and timed until the workloads among them are ready.
 */
final class DirectApply {

  /** Annotations that controllers, not the operator, put on objects. */
  private static final List<String> FOREIGN_ANNOTATIONS =
      List.of(
          "deployment.kubernetes.io/",
          "pv.kubernetes.io/",
          "volume.beta.kubernetes.io/",
          "volume.kubernetes.io/",
          "kubectl.kubernetes.io/last-applied-configuration");

  /** Labels the Job controller adds to a Job's selector and template. */
  private static final Set<String> JOB_CONTROLLER_LABELS =
      Set.of(
          "controller-uid",
          "batch.kubernetes.io/controller-uid",
          "job-name",
          "batch.kubernetes.io/job-name");

  /** An object to apply and where it goes in the API. */
  record Captured(ResourceDefinitionContext context, GenericKubernetesResource object) {}

  record Result(
      int objects,
      double applySeconds,
      double readySeconds,
      int workloads,
      Map<String, Integer> kinds,
      Timeline timeline,
      CpuUse cpu,
      AuditCensus requests,
      ApiServerRequests served) {

    /** This result with the CPU and the requests of its interval, measured around it. */
    Result measured(CpuUse used, AuditCensus audited, ApiServerRequests counted) {
      return new Result(
          objects, applySeconds, readySeconds, workloads, kinds, timeline, used, audited, counted);
    }
  }

  private DirectApply() {}

  /**
   * The objects the operator wrote (from the audit log), as they are now in the API server,
   * stripped to what a user would apply and moved to the namespace given by {@code rename}.
   */
  static List<Captured> capture(
      KubernetesClient client, List<AuditTail.Write> operatorWrites, Map<String, String> rename) {
    // group/version/resource -> namespace -> names
    Map<String, Map<String, Set<String>>> wanted = new LinkedHashMap<>();
    for (AuditTail.Write w : operatorWrites) {
      if (w.subresource() != null || w.namespace() == null || w.name() == null) {
        continue;
      }
      if (w.resource().equals("events") || w.resource().equals("supernovastacks")) {
        continue;
      }
      if (!rename.containsKey(w.namespace())) {
        continue;
      }
      wanted
          .computeIfAbsent(w.group() + "/" + w.version() + "/" + w.resource(), k -> new HashMap<>())
          .computeIfAbsent(w.namespace(), k -> new java.util.HashSet<>())
          .add(w.name());
    }
    List<Captured> objects = new ArrayList<>();
    for (var entry : wanted.entrySet()) {
      String[] gvr = entry.getKey().split("/", -1);
      String groupVersion = gvr[0].isEmpty() ? gvr[1] : gvr[0] + "/" + gvr[1];
      String kind =
          client.getApiResources(groupVersion).getResources().stream()
              .filter(r -> r.getName().equals(gvr[2]))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("No kind for " + entry.getKey()))
              .getKind();
      var context =
          new ResourceDefinitionContext.Builder()
              .withGroup(gvr[0])
              .withVersion(gvr[1])
              .withPlural(gvr[2])
              .withKind(kind)
              .withNamespaced(true)
              .build();
      for (var namespace : entry.getValue().entrySet()) {
        for (GenericKubernetesResource item :
            client
                .genericKubernetesResources(context)
                .inNamespace(namespace.getKey())
                .list()
                .getItems()) {
          if (namespace.getValue().contains(item.getMetadata().getName())) {
            objects.add(
                new Captured(
                    context, strip(item, groupVersion, kind, rename.get(namespace.getKey()))));
          }
        }
      }
    }
    return objects;
  }

  @SuppressWarnings("unchecked")
  private static GenericKubernetesResource strip(
      GenericKubernetesResource live, String apiVersion, String kind, String namespace) {
    var copy = new GenericKubernetesResource();
    copy.setApiVersion(apiVersion);
    copy.setKind(kind);
    var metadata = new io.fabric8.kubernetes.api.model.ObjectMeta();
    metadata.setName(live.getMetadata().getName());
    metadata.setNamespace(namespace);
    metadata.setLabels(live.getMetadata().getLabels());
    if (live.getMetadata().getAnnotations() != null) {
      Map<String, String> annotations =
          live.getMetadata().getAnnotations().entrySet().stream()
              .filter(a -> FOREIGN_ANNOTATIONS.stream().noneMatch(p -> a.getKey().startsWith(p)))
              .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      metadata.setAnnotations(annotations.isEmpty() ? null : annotations);
    }
    copy.setMetadata(metadata);
    Map<String, Object> fields = new LinkedHashMap<>(live.getAdditionalProperties());
    fields.remove("status");
    Object spec = fields.get("spec");
    if (spec instanceof Map<?, ?> s) {
      Map<String, Object> specCopy = new LinkedHashMap<>((Map<String, Object>) s);
      switch (kind) {
        case "Service" -> {
          if (!"None".equals(specCopy.get("clusterIP"))) {
            specCopy.remove("clusterIP");
            specCopy.remove("clusterIPs");
          }
        }
        case "PersistentVolumeClaim" -> specCopy.remove("volumeName");
        case "Job" -> {
          specCopy.remove("selector");
          if (specCopy.get("template") instanceof Map<?, ?> t
              && t.get("metadata") instanceof Map<?, ?> m
              && m.get("labels") instanceof Map<?, ?> l) {
            var labels = new LinkedHashMap<>((Map<String, Object>) l);
            labels.keySet().removeAll(JOB_CONTROLLER_LABELS);
            var meta = new LinkedHashMap<>((Map<String, Object>) m);
            meta.put("labels", labels);
            var template = new LinkedHashMap<>((Map<String, Object>) t);
            template.put("metadata", meta);
            specCopy.put("template", template);
          }
        }
        default -> {}
      }
      fields.put("spec", specCopy);
    }
    fields.forEach(copy::setAdditionalProperty);
    return copy;
  }

  /** Applies the objects with {@code threads} threads and waits until their workloads are ready. */
  static Result run(
      KubernetesClient client,
      List<Captured> objects,
      Set<String> namespaces,
      int threads,
      Duration timeout) {
    for (String ns : namespaces) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .serverSideApply();
    }
    Map<String, Integer> kinds = new java.util.TreeMap<>();
    objects.forEach(o -> kinds.merge(o.object().getKind(), 1, Integer::sum));
    int workloads = kinds.getOrDefault("Deployment", 0) + kinds.getOrDefault("StatefulSet", 0);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (WorkloadsReady workloadsReady = new WorkloadsReady(client, namespaces)) {
      long start = System.nanoTime();
      workloadsReady.sampleFrom(start);
      List<Future<Double>> futures = new ArrayList<>();
      for (Captured c : objects) {
        futures.add(
            pool.submit(
                () -> {
                  client
                      .genericKubernetesResources(c.context())
                      .inNamespace(c.object().getMetadata().getNamespace())
                      .resource(c.object())
                      .fieldManager("bench-direct")
                      .forceConflicts()
                      .serverSideApply();
                  return (System.nanoTime() - start) / 1e9;
                }));
      }
      List<Double> applied = new ArrayList<>();
      for (Future<Double> f : futures) {
        applied.add(f.get());
      }
      double applySeconds = (System.nanoTime() - start) / 1e9;
      long deadline = start + timeout.toNanos();
      while (true) {
        int ready = workloadsReady.ready();
        if (ready >= workloads) {
          break;
        }
        if (System.nanoTime() > deadline) {
          // No baseline then (ratio NaN), but the operator's figures of this N are kept.
          System.err.printf(
              "Directly applied workloads not ready within %s: %d/%d; no direct time%n",
              timeout, ready, workloads);
          return new Result(
              objects.size(),
              applySeconds,
              Double.NaN,
              workloads,
              kinds,
              Timeline.of(applied, workloadsReady.count(), List.of()),
              null,
              null,
              null);
        }
        OperatorProcess.sleep(20);
      }
      double readySeconds = (System.nanoTime() - start) / 1e9;
      workloadsReady.count().sample(readySeconds, workloads);
      return new Result(
          objects.size(),
          applySeconds,
          readySeconds,
          workloads,
          kinds,
          Timeline.of(applied, workloadsReady.count(), List.of()),
          null,
          null,
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("Direct apply failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Available, not just ready: the same bar as the stack's Ready, which counts a pod only once it
   * has been ready for the Deployment's minReadySeconds (10 s for the API by default).
   */
  static boolean ready(Deployment d) {
    var status = d.getStatus();
    int want = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
    return status != null
        && Objects.equals(status.getObservedGeneration(), d.getMetadata().getGeneration())
        && Objects.requireNonNullElse(status.getAvailableReplicas(), 0) >= want
        && Objects.requireNonNullElse(status.getUpdatedReplicas(), 0) >= want;
  }

  static boolean ready(StatefulSet s) {
    var status = s.getStatus();
    int want = Objects.requireNonNullElse(s.getSpec().getReplicas(), 1);
    return status != null
        && Objects.equals(status.getObservedGeneration(), s.getMetadata().getGeneration())
        && Objects.requireNonNullElse(status.getReadyReplicas(), 0) >= want;
  }
}
