package com.supernovaai.e2e.rollout;

import static org.awaitility.Awaitility.await;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Watches the active Service of a stack and its EndpointSlices for the whole of a test, and checks
 * every state they pass through: traffic (the endpoints kube-proxy would use) goes only to ready
 * pods, of one color, and never to nobody.
 */
final class TrafficRecorder implements AutoCloseable {

  /** One observed state. */
  record State(
      Instant time,
      String selectorColor,
      TreeSet<String> readyEndpoints,
      TreeSet<String> notReadyEndpoints,
      TreeSet<String> endpointColors) {

    @Override
    public String toString() {
      return time
          + " selector="
          + selectorColor
          + " ready="
          + readyEndpoints
          + " notReady="
          + notReadyEndpoints;
    }
  }

  private final String stackName;
  private final String serviceName;
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<EndpointSlice> slices;
  private final List<State> states = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();

  TrafficRecorder(KubernetesClient client, SuperNovaStack stack) {
    this.stackName = stack.getMetadata().getName();
    this.serviceName = StackNames.apiService(stack);
    ResourceEventHandler<HasMetadata> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(HasMetadata obj) {
            record();
          }

          @Override
          public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
            record();
          }

          @Override
          public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
            record();
          }
        };
    this.services = client.services().withName(serviceName).inform();
    this.slices =
        client
            .discovery()
            .v1()
            .endpointSlices()
            .withLabel("kubernetes.io/service-name", serviceName)
            .inform();
    services.addEventHandler(cast(handler));
    slices.addEventHandler(cast(handler));
    record();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T extends HasMetadata> ResourceEventHandler<T> cast(
      ResourceEventHandler<HasMetadata> handler) {
    return (ResourceEventHandler) handler;
  }

  private synchronized void record() {
    String selector =
        services.getStore().list().stream()
            .findFirst()
            .map(s -> s.getSpec().getSelector().get(Labels.COLOR))
            .orElse(null);
    TreeSet<String> ready = new TreeSet<>();
    TreeSet<String> notReady = new TreeSet<>();
    TreeSet<String> colors = new TreeSet<>();
    for (EndpointSlice slice : slices.getStore().list()) {
      if (slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint e : slice.getEndpoints()) {
        String pod = e.getTargetRef() == null ? "?" : e.getTargetRef().getName();
        colors.add(colorOf(pod));
        boolean isReady =
            e.getConditions() != null && Boolean.TRUE.equals(e.getConditions().getReady());
        (isReady ? ready : notReady).add(pod);
      }
    }
    State state = new State(Instant.now(), selector, ready, notReady, colors);
    states.add(state);
    if (selector != null
        && !StackNames.BLUE.equals(selector)
        && !StackNames.GREEN.equals(selector)) {
      violations.add("selector without a single color: " + state);
    }
    if (ready.isEmpty()) {
      violations.add("no ready endpoint: " + state);
    }
    TreeSet<String> readyColors = new TreeSet<>();
    ready.forEach(p -> readyColors.add(colorOf(p)));
    if (readyColors.size() > 1) {
      violations.add("ready endpoints of two colors: " + state);
    }
    if (colors.size() > 1) {
      violations.add("endpoints of two colors: " + state);
    }
  }

  private String colorOf(String pod) {
    String prefix = stackName + "-api-";
    if (pod.startsWith(prefix + StackNames.BLUE + "-")) {
      return StackNames.BLUE;
    }
    if (pod.startsWith(prefix + StackNames.GREEN + "-")) {
      return StackNames.GREEN;
    }
    return "other:" + pod;
  }

  synchronized List<State> states() {
    return List.copyOf(states);
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  /** The first time the Service selected {@code color} after {@code after}. */
  synchronized Instant firstSelected(String color, Instant after) {
    return states.stream()
        .filter(s -> !s.time().isBefore(after) && color.equals(s.selectorColor()))
        .map(State::time)
        .findFirst()
        .orElse(null);
  }

  /**
   * {@link #firstSelected}, waiting for the watch: the stack's status can show the new color a
   * moment before the Service's change reaches this recorder.
   */
  Instant awaitFirstSelected(String color, Instant after) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> firstSelected(color, after), Objects::nonNull);
  }

  /** The colors that served traffic, in order, without repeats. */
  synchronized List<String> servingColors() {
    List<String> colors = new ArrayList<>();
    for (State s : states) {
      if (s.endpointColors().size() == 1) {
        String c = s.endpointColors().first();
        if (colors.isEmpty() || !colors.get(colors.size() - 1).equals(c)) {
          colors.add(c);
        }
      }
    }
    return colors;
  }

  /** Counts of each selector color seen, for the report. */
  synchronized Map<String, Long> selectorCounts() {
    Map<String, Long> counts = new TreeMap<>();
    states.forEach(s -> counts.merge(String.valueOf(s.selectorColor()), 1L, Long::sum));
    return counts;
  }

  @Override
  public void close() {
    services.close();
    slices.close();
  }
}
