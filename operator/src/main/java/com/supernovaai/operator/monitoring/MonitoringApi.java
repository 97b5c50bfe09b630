package com.supernovaai.operator.monitoring;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the API server serves the Prometheus Operator's kinds, asked through API discovery
 * ({@code /apis/monitoring.coreos.com/v1}, readable by every authenticated user) rather than by
 * reading CustomResourceDefinitions, which the operator has no permission to read. The answer is
 * kept a few seconds: every stack's reconciliation asks, discovery need not be called each time.
 * Kept per API server: a JVM that runs operators against several (the e2e suite) must not take one
 * cluster's answer for another's.
 */
public final class MonitoringApi {

  public static final String GROUP_VERSION = "monitoring.coreos.com/v1";
  public static final String SERVICE_MONITORS = "servicemonitors";
  public static final String PROMETHEUS_RULES = "prometheusrules";

  /** How long one discovery answer is trusted. */
  static final Duration FRESH_FOR = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(MonitoringApi.class);
  private static final MonitoringApi SHARED = new MonitoringApi(Clock.systemUTC());

  /** What one API server answered, and when. */
  private record Answer(Set<String> served, Instant askedAt) {}

  private final Clock clock;
  private final Map<String, Answer> answers = new HashMap<>();

  MonitoringApi(Clock clock) {
    this.clock = clock;
  }

  /** The instance every condition and the status use. */
  public static MonitoringApi shared() {
    return SHARED;
  }

  /** Whether {@code resource} (plural, e.g. {@link #SERVICE_MONITORS}) is served. */
  public boolean serves(KubernetesClient client, String resource) {
    return served(String.valueOf(client.getMasterUrl()), client::getApiResources)
        .contains(resource);
  }

  /** The kinds one API server serves ({@code server}: its URL), asked again when not fresh. */
  synchronized Set<String> served(String server, Function<String, APIResourceList> discovery) {
    Instant now = clock.instant();
    Answer last = answers.get(server);
    if (last == null || !now.isBefore(last.askedAt().plus(FRESH_FOR))) {
      Set<String> asked = ask(discovery);
      last = new Answer(asked != null ? asked : last == null ? Set.of() : last.served(), now);
      answers.put(server, last);
    }
    return last.served();
  }

  /** The kinds the only API server serves (tests). */
  Set<String> served(Function<String, APIResourceList> discovery) {
    return served("", discovery);
  }

  private static Set<String> ask(Function<String, APIResourceList> discovery) {
    try {
      APIResourceList list = discovery.apply(GROUP_VERSION);
      if (list == null || list.getResources() == null) {
        return Set.of();
      }
      return list.getResources().stream()
          .map(APIResource::getName)
          .collect(Collectors.toUnmodifiableSet());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Set.of();
      }
      // A failed discovery says nothing: keep the last answer, ask again soon.
      LOG.warn("API discovery of {} failed: {}", GROUP_VERSION, e.getCode());
      return null;
    }
  }
}
