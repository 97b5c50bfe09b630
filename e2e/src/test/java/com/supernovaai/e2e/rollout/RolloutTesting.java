package com.supernovaai.e2e.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.supernovaai.e2e.cluster.AuditLog;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Stacks, waits and look-ups the rollout ITs share. */
final class RolloutTesting {

  static final String IMAGE = "registry.example.com/supernova/api-server:1.4.2";
  static final String NEVER_READY = "kwok.supernova.test/never-ready";

  private RolloutTesting() {}

  /** The minimal example with a fixed API size and short rollout timings. */
  static SuperNovaStack stack(String name, Consumer<SuperNovaStack> customize) {
    SuperNovaStack stack = Stacks.loadExample("minimal.yaml");
    stack.getMetadata().setName(name);
    stack.getMetadata().setAnnotations(new HashMap<>());
    var api = stack.getSpec().getApi();
    api.getAutoscaling().setEnabled(false);
    api.setReplicas(3);
    api.getRollout().setMinReadySeconds(2);
    api.getRollout().setScaleDownDelaySeconds(8);
    api.getRollout().setProgressDeadlineSeconds(60);
    stack.getSpec().getBackup().setEnabled(false);
    customize.accept(stack);
    return stack;
  }

  static void createAll(KubernetesClient client, List<SuperNovaStack> stacks) {
    for (SuperNovaStack stack : stacks) {
      stack.getMetadata().setNamespace(client.getNamespace());
      client.resource(stack).create();
    }
    for (SuperNovaStack stack : stacks) {
      await()
          .atMost(KubernetesClusterExtension.defaultTimeout().multipliedBy(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> Stacks.isReady(get(client, stack.getMetadata().getName())));
      awaitIdle(client, stack.getMetadata().getName(), StackNames.BLUE);
    }
  }

  static SuperNovaStack get(KubernetesClient client, String name) {
    return client.resources(SuperNovaStack.class).withName(name).get();
  }

  static void setImage(KubernetesClient client, String name, String image) {
    Stacks.edit(client, name, s -> s.getSpec().getApi().setImage(image));
  }

  static SuperNovaStack awaitStack(
      KubernetesClient client, String name, Duration timeout, Predicate<SuperNovaStack> until) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> until.test(get(client, name)));
    return get(client, name);
  }

  static RolloutPhase phase(SuperNovaStack s) {
    return s.getStatus() == null || s.getStatus().getRollout() == null
        ? null
        : s.getStatus().getRollout().getPhase();
  }

  static String activeColor(SuperNovaStack s) {
    return s.getStatus() == null || s.getStatus().getApi() == null
        ? null
        : s.getStatus().getApi().getActiveColor();
  }

  /** Idle on {@code color}, with the other color (if any) scaled to zero. */
  static SuperNovaStack awaitIdle(KubernetesClient client, String name, String color) {
    SuperNovaStack stack = get(client, name);
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              SuperNovaStack s = get(client, name);
              assertThat(activeColor(s)).isEqualTo(color);
              assertThat(phase(s)).isEqualTo(RolloutPhase.Idle);
              Deployment other = deployment(client, stack, other(color));
              if (other != null) {
                assertThat(other.getSpec().getReplicas()).isZero();
              }
            });
    return get(client, name);
  }

  static String other(String color) {
    return StackNames.BLUE.equals(color) ? StackNames.GREEN : StackNames.BLUE;
  }

  static Deployment deployment(KubernetesClient client, SuperNovaStack stack, String color) {
    return client.apps().deployments().withName(StackNames.apiDeployment(stack, color)).get();
  }

  static String serviceColor(KubernetesClient client, SuperNovaStack stack, boolean preview) {
    var service =
        client
            .services()
            .withName(preview ? StackNames.apiPreviewService(stack) : StackNames.apiService(stack))
            .get();
    return service.getSpec().getSelector().get(Labels.COLOR);
  }

  /** Running pods of one color, by name and uid. */
  static Map<String, String> pods(KubernetesClient client, SuperNovaStack stack, String color) {
    return client.pods().withLabels(Labels.apiSelector(stack, color)).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .collect(
            Collectors.toMap(
                p -> p.getMetadata().getName(),
                p -> p.getMetadata().getUid(),
                (a, b) -> a,
                TreeMap::new));
  }

  static Set<String> replicaSetUids(KubernetesClient client, SuperNovaStack stack, String color) {
    return client
        .apps()
        .replicaSets()
        .withLabels(Labels.apiSelector(stack, color))
        .list()
        .getItems()
        .stream()
        .map(r -> r.getMetadata().getUid())
        .collect(Collectors.toSet());
  }

  static List<Pod> allApiPods(KubernetesClient client, SuperNovaStack stack) {
    return client.pods().withLabels(Labels.selector(stack, Labels.COMPONENT_API)).list().getItems();
  }

  /** Reasons of the Events on the stack, oldest first. */
  static List<String> eventReasons(KubernetesClient client, String name) {
    return events(client, name).stream().map(Event::getReason).toList();
  }

  static List<Event> events(KubernetesClient client, String name) {
    List<Event> events = new ArrayList<>(client.v1().events().list().getItems());
    events.removeIf(
        e ->
            !"SuperNovaStack".equals(e.getInvolvedObject().getKind())
                || !name.equals(e.getInvolvedObject().getName()));
    events.sort(
        (a, b) ->
            String.valueOf(a.getEventTime() == null ? null : a.getEventTime().getTime())
                .compareTo(
                    String.valueOf(b.getEventTime() == null ? null : b.getEventTime().getTime())));
    return events;
  }

  /** The operator's writes in the namespace since {@code since}, optionally of one resource. */
  static List<AuditLog.Write> operatorWrites(
      AuditLog audit, String namespace, Instant since, Predicate<AuditLog.Write> filter) {
    return audit.writesSince(
        since,
        w ->
            InProcessOperator.USER.equals(w.user())
                && namespace.equals(w.namespace())
                && filter.test(w));
  }

  /**
   * Whether a write sets spec.replicas: a write to the scale subresource, an apply or merge patch
   * with spec.replicas, or a JSON patch on that path.
   */
  static boolean touchesReplicas(AuditLog.Write write) {
    if ("scale".equals(write.subresource())) {
      return true;
    }
    if (write.subresource() != null || write.requestBody() == null) {
      return false;
    }
    JsonNode body;
    try {
      body = new ObjectMapper().readTree(write.requestBody());
    } catch (java.io.IOException e) {
      return true; // cannot tell: count it rather than miss it
    }
    if (body.isArray()) {
      for (JsonNode op : body) {
        if (op.path("path").asText().startsWith("/spec/replicas")) {
          return true;
        }
      }
      return false;
    }
    return body.path("spec").has("replicas");
  }

  /** "verb resource[/sub]" -> count, for printing. */
  static Map<String, Long> breakdown(List<AuditLog.Write> writes) {
    return writes.stream()
        .collect(
            Collectors.groupingBy(
                w ->
                    w.verb()
                        + " "
                        + w.resource()
                        + (w.subresource() == null ? "" : "/" + w.subresource())
                        + " "
                        + w.name(),
                TreeMap::new,
                Collectors.counting()));
  }

  static double meter(InProcessOperator operator, String name, String stack, String suffix) {
    String scrape = operator.operator().meterRegistry().scrape();
    return scrape
        .lines()
        .filter(l -> l.startsWith(name + suffix + "{") && l.contains("name=\"" + stack + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
