package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.AuditLog;
import com.supernovaai.e2e.cluster.NamespaceDump;
import com.supernovaai.e2e.cluster.RealNode;
import com.supernovaai.e2e.cluster.ReplicaWrites;
import com.supernovaai.e2e.cluster.SharedRealNode;
import com.supernovaai.e2e.harness.ApiAccounts;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.RealNodeSession;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.AutoscalingSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehaviorBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Autoscaling on real metrics: metrics-server (built from upstream, run by {@code local-cluster up
 * --real-node}) reads the kubelet, the controller-manager's HPA controller reads metrics.k8s.io,
 * and the stack's HorizontalPodAutoscaler scales the active API color up under CPU load and back
 * down after it, follows the active color through a promotion, and is never overridden by the
 * operator (counted in the API server's audit log).
 *
 * <p>One node, one stack, the operator in the test JVM; the tests run in order and build on each
 * other. Timings are printed, never asserted.
 */
@Isolated // alone, after the kwok classes: one node per machine, and no CPU shared under traffic
@ExtendWith(SharedRealNode.class)
@TestMethodOrder(OrderAnnotation.class)
class RealNodeAutoscalingIT {

  private static final String NS = "autoscaling-it";
  private static final int MIN = 1;
  private static final int MAX = 3;

  /** A JVM starting on a share of 2 busy cores, PostgreSQL initialising its volume: minutes. */
  private static final Duration READY = Duration.ofMinutes(6);

  /** Login: one bcrypt check (cost 10) per request, which is what makes a request cost CPU. */
  private static final int LOAD_THREADS = 2;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static RealNode node;
  private static KubernetesClient client;
  private static RealNodeSession session;
  private static SuperNovaStack stack;
  private static Instant since;
  private static final RealNodeSession.Figures FIGURES = new RealNodeSession.Figures(58);
  private static final List<String> TIMELINE = new ArrayList<>();

  @RegisterExtension
  static final TestWatcher DUMP_ON_FAILURE =
      RealNodeSession.dumpOnFailure("RealNodeAutoscalingIT", () -> node, () -> dump());

  @BeforeAll
  static void up(RealNode shared) throws Exception {
    node = shared;
    session = RealNodeSession.open(node, NS);
    client = session.client();
    since = Instant.now();

    Instant start = Instant.now();
    stack =
        autoscaled(
            Stacks.availableWhenReady(
                Stacks.withBackupAwayFromNow(Stacks.loadExample("local-images.yaml"))));
    stack.getMetadata().setNamespace(NS);
    client.resource(stack).create();
    awaitReady();
    FIGURES.put("stack Ready, s", seconds(start));
  }

  /**
   * local-images.yaml with the autoscaler on: 1 to 3 replicas at a low CPU target, a memory target
   * that a JVM at rest stays under, a short scale-down window, and no rate limit in the way.
   */
  private static SuperNovaStack autoscaled(SuperNovaStack s) {
    var api = s.getSpec().getApi();
    AutoscalingSpec autoscaling = new AutoscalingSpec();
    autoscaling.setEnabled(true);
    autoscaling.setMinReplicas(MIN);
    autoscaling.setMaxReplicas(MAX);
    autoscaling.setTargetCPUUtilizationPercentage(50);
    autoscaling.setTargetMemoryUtilizationPercentage(100);
    // Scale-up as Kubernetes' default; scale-down after 30 s instead of the operator's 300 s.
    autoscaling.setBehavior(
        new HorizontalPodAutoscalerBehaviorBuilder()
            .withNewScaleDown()
            .withStabilizationWindowSeconds(30)
            .addNewPolicy()
            .withType("Percent")
            .withValue(100)
            .withPeriodSeconds(15)
            .endPolicy()
            .endScaleDown()
            .build());
    api.setAutoscaling(autoscaling);
    api.setResources(
        new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity("100m"))
            .addToRequests("memory", new Quantity("512Mi"))
            .addToLimits("cpu", new Quantity("1"))
            .addToLimits("memory", new Quantity("768Mi"))
            .build());
    api.setRateLimitRequestsPerHour(100_000_000);
    api.setEnv(Stacks.withoutPerAddressLimits());
    return s;
  }

  @AfterAll
  static void down() {
    if (session != null) {
      session.close();
    }
    System.out.println(
        FIGURES.print("RealNodeAutoscalingIT")
            + "\nRealNodeAutoscalingIT timeline (t, HPA current/desired, Deployment"
            + " replicas/ready, CPU and memory utilization of requests):\n  "
            + String.join("\n  ", TIMELINE));
  }

  @Test
  @Order(1)
  void metricsServerReportsTheCpuOfTheApiPods() {
    Instant start = Instant.now();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(3))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Set<String> apiPods =
                  apiPods().stream()
                      .map(p -> p.getMetadata().getName())
                      .collect(Collectors.toSet());
              Map<String, BigDecimal> cpu = apiPodCpu();
              assertThat(cpu.keySet()).isEqualTo(apiPods);
              assertThat(cpu.values()).allMatch(c -> c.signum() > 0);
            });
    FIGURES.put("first PodMetrics of the API pods after Ready, s", seconds(start));
    FIGURES.put("API pods' CPU at rest (PodMetrics), millicores", millicores(apiPodCpu()));
    // What a user types: the same numbers through kubectl.
    String top = node.kubectl("top", "pods", "-n", NS, "-l", Labels.COMPONENT + "=api");
    System.out.println("kubectl top pods:\n" + top);
    assertThat(top).contains(apiPods().get(0).getMetadata().getName());
  }

  @Test
  @Order(2)
  void cpuLoadThroughTheServiceScalesTheActiveColorUpAndItScalesBackAfter() throws Exception {
    URI api = Stacks.apiServiceUri(client, NS, stack);
    String credentials = ApiAccounts.create(client, NS, stack, api, "load", "read");
    String active = activeDeployment();
    assertThat(hpa().getSpec().getScaleTargetRef().getName()).isEqualTo(active);
    // The load starts from rest: the controller reads the pods' CPU and keeps MIN replicas (on a
    // busy machine a JVM's start-up can show above target once, and a scale-up from it would be
    // taken for one caused by the load).
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(5))
        .until(
            () -> {
              HorizontalPodAutoscaler now = hpa();
              return cpuUtilization(now) != null
                  && now.getStatus().getDesiredReplicas() == MIN
                  && replicas(active) == MIN;
            });

    Instant start = Instant.now();
    Load load = Load.start(api, credentials);
    try (load) {
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(5))
          .until(() -> sample(start) > MIN);
      FIGURES.put("scale-up: load start to spec.replicas > " + MIN + ", s", seconds(start));
    }
    FIGURES.put("  login requests sent during the load", load.sent.get());
    FIGURES.put("  of which answered 200", load.ok.get());
    FIGURES.put("  of which failed (errors, non-200)", load.failed.get());
    FIGURES.put("  highest CPU utilization the HPA saw, % of requests", peakCpu);
    // CPU is what scaled it: the controller's own reason, whatever the samples above caught.
    assertThat(rescaleReasonsSince(start))
        .as("the HPA's SuccessfulRescale Events since the load started")
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("cpu resource utilization (percentage of request) above target"));

    Instant stopped = Instant.now();
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(5))
        .until(() -> sample(start) == MIN);
    FIGURES.put("scale-down: load stop to spec.replicas == " + MIN + ", s", seconds(stopped));
    FIGURES.put("  highest spec.replicas", peakReplicas);
    assertThat(peakReplicas).isBetween(MIN + 1, MAX);
    assertThat(activeDeployment())
        .as("the scaled Deployment is still the active one")
        .isEqualTo(active);
  }

  @Test
  @Order(3)
  void afterAPromotionTheAutoscalerScalesTheNewActiveColor() {
    String before = current().getStatus().getApi().getActiveColor();
    Instant start = Instant.now();
    // A pod template change rolls out blue-green like a new image does.
    client
        .resources(SuperNovaStack.class)
        .inNamespace(NS)
        .withName(stack.getMetadata().getName())
        .edit(
            s -> {
              List<EnvVar> env = new ArrayList<>();
              if (s.getSpec().getApi().getEnv() != null) {
                env.addAll(s.getSpec().getApi().getEnv());
              }
              env.add(new EnvVar("AUTOSCALING_IT_REVISION", "2", null));
              s.getSpec().getApi().setEnv(env);
              return s;
            });
    await()
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(3))
        .untilAsserted(
            () -> {
              SuperNovaStack now = current();
              assertThat(now.getStatus().getApi().getActiveColor()).isNotEqualTo(before);
              assertThat(hpa().getSpec().getScaleTargetRef().getName())
                  .isEqualTo(activeDeployment());
            });
    FIGURES.put(
        "promotion (" + before + " -> other color) until the HPA targets it, s", seconds(start));
    // And the controller acts on it: it reads the new color's pods' metrics.
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              HorizontalPodAutoscaler hpa = hpa();
              assertThat(hpa.getStatus().getCurrentReplicas()).isBetween(MIN, MAX);
              assertThat(cpuUtilization(hpa)).isNotNull();
            });
    TIMELINE.add("after the promotion (t from its start):");
    sample(start);
  }

  @Test
  @Order(4)
  void theOperatorNeverOverrodeTheAutoscalersSize() {
    Set<String> colors =
        Set.of(
            StackNames.apiDeployment(stack, StackNames.BLUE),
            StackNames.apiDeployment(stack, StackNames.GREEN));
    // The HPA's writes too: the replay reads from them which color the HPA targets, and a color
    // it no longer targets (the old one, after the promotion) is the operator's to scale down.
    List<AuditLog.Write> writes =
        new AuditLog(node.dir().resolve("logs/audit.log"))
            .writesSince(
                since,
                w ->
                    NS.equals(w.namespace())
                        && ("horizontalpodautoscalers".equals(w.resource())
                            || "deployments".equals(w.resource()) && colors.contains(w.name())));
    List<AuditLog.Write> toDeployments =
        writes.stream().filter(w -> "deployments".equals(w.resource())).toList();
    List<AuditLog.Write> scaled =
        toDeployments.stream().filter(w -> ReplicaWrites.AUTOSCALER.equals(w.user())).toList();
    List<AuditLog.Write> byOperator =
        toDeployments.stream().filter(w -> InProcessOperator.USER.equals(w.user())).toList();
    FIGURES.put("HPA writes to the API Deployments' scale", scaled.size());
    FIGURES.put("operator updates/patches of the API Deployments", byOperator.size());
    List<String> withReplicas =
        byOperator.stream()
            .filter(w -> ReplicaWrites.replicas(w).isPresent())
            .map(w -> w.summary() + " replicas=" + ReplicaWrites.replicas(w).get())
            .toList();
    FIGURES.put("  of which carried spec.replicas", withReplicas.size());
    List<AuditLog.Write> setsAfterAutoscaler =
        ReplicaWrites.setsAfterAutoscaler(writes, InProcessOperator.USER);
    FIGURES.put(
        "  of which carried it after the HPA had sized that Deployment",
        setsAfterAutoscaler.size());
    System.out.println(
        "Operator writes to the API Deployments that carried spec.replicas:\n  "
            + String.join("\n  ", withReplicas));

    // The replay sees the autoscaler's writes (else it could prove nothing) and none overridden.
    assertThat(scaled).isNotEmpty();
    assertThat(ReplicaWrites.overridesOfAutoscaler(writes, InProcessOperator.USER))
        .as("operator writes that changed spec.replicas of an autoscaled Deployment")
        .isEmpty();
    // Not even at the same value: each one would make the operator a co-owner of the field again,
    // and one sent from a cache older than the HPA's last scale would override it.
    assertThat(setsAfterAutoscaler)
        .as("operator writes that set spec.replicas after the HPA had sized the Deployment")
        .isEmpty();
  }

  // ------------------------------------------------------------------------------------------------

  private static int peakReplicas;
  private static int peakCpu;

  /** Records one point of the timeline; returns the active Deployment's spec.replicas. */
  private static int sample(Instant start) {
    HorizontalPodAutoscaler hpa = hpa();
    Deployment d = client.apps().deployments().inNamespace(NS).withName(activeDeployment()).get();
    int replicas = d.getSpec().getReplicas();
    Integer cpu = cpuUtilization(hpa);
    peakReplicas = Math.max(peakReplicas, replicas);
    peakCpu = Math.max(peakCpu, cpu == null ? 0 : cpu);
    TIMELINE.add(
        String.format(
            "t+%3ds %s: HPA %s/%s, replicas %d/%s, cpu %s%%, memory %s%%",
            seconds(start),
            d.getMetadata().getName(),
            hpa.getStatus() == null ? "-" : hpa.getStatus().getCurrentReplicas(),
            hpa.getStatus() == null ? "-" : hpa.getStatus().getDesiredReplicas(),
            replicas,
            d.getStatus() == null ? "-" : d.getStatus().getReadyReplicas(),
            cpu,
            utilization(hpa, "memory")));
    return replicas;
  }

  private static Integer cpuUtilization(HorizontalPodAutoscaler hpa) {
    return utilization(hpa, "cpu");
  }

  private static Integer utilization(HorizontalPodAutoscaler hpa, String resource) {
    if (hpa.getStatus() == null || hpa.getStatus().getCurrentMetrics() == null) {
      return null;
    }
    return hpa.getStatus().getCurrentMetrics().stream()
        .map(MetricStatus::getResource)
        .filter(r -> r != null && resource.equals(r.getName()))
        .map(r -> r.getCurrent().getAverageUtilization())
        .findFirst()
        .orElse(null);
  }

  /** CPU per API pod from metrics.k8s.io, in cores: what {@code kubectl top pods} shows. */
  private static Map<String, BigDecimal> apiPodCpu() {
    Set<String> apiPods =
        apiPods().stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    Map<String, BigDecimal> cpu = new LinkedHashMap<>();
    for (PodMetrics m : client.top().pods().metrics(NS).getItems()) {
      if (apiPods.contains(m.getMetadata().getName())) {
        cpu.put(
            m.getMetadata().getName(),
            m.getContainers().stream()
                .map(c -> c.getUsage().get("cpu").getNumericalAmount())
                .reduce(BigDecimal.ZERO, BigDecimal::add));
      }
    }
    return cpu;
  }

  private static String millicores(Map<String, BigDecimal> cpu) {
    return cpu.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue().movePointRight(3).intValue() + "m")
        .collect(Collectors.joining(" "));
  }

  private static List<Pod> apiPods() {
    return client
        .pods()
        .inNamespace(NS)
        .withLabel(Labels.INSTANCE, stack.getMetadata().getName())
        .withLabel(Labels.COMPONENT, "api")
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static int replicas(String deployment) {
    return client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName(deployment)
        .get()
        .getSpec()
        .getReplicas();
  }

  /** Messages of the HPA's SuccessfulRescale Events seen after {@code since}. */
  private static List<String> rescaleReasonsSince(Instant since) {
    String name = StackNames.apiAutoscaler(stack);
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "SuccessfulRescale".equals(e.getReason()))
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> lastSeen(e).isAfter(since.minusSeconds(1)))
        .map(Event::getMessage)
        .toList();
  }

  private static Instant lastSeen(Event e) {
    if (e.getLastTimestamp() != null) {
      return Instant.parse(e.getLastTimestamp());
    }
    if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
      return Instant.parse(e.getEventTime().getTime());
    }
    return Instant.parse(e.getMetadata().getCreationTimestamp());
  }

  private static HorizontalPodAutoscaler hpa() {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(NS)
        .withName(StackNames.apiAutoscaler(stack))
        .get();
  }

  private static String activeDeployment() {
    return StackNames.apiDeployment(stack, current().getStatus().getApi().getActiveColor());
  }

  private static SuperNovaStack current() {
    return client
        .resources(SuperNovaStack.class)
        .inNamespace(NS)
        .withName(stack.getMetadata().getName())
        .get();
  }

  private static void awaitReady() {
    await()
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                assertThat(Stacks.isReady(current()))
                    .as("Ready; status: %s", current().getStatus())
                    .isTrue());
  }

  private static HttpResponse<String> post(URI base, String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long seconds(Instant since) {
    return Duration.between(since, Instant.now()).toSeconds();
  }

  /** Logins in a loop from a few threads until closed: CPU-bound work in the API pods. */
  private static final class Load implements AutoCloseable {
    private final ExecutorService threads = Executors.newFixedThreadPool(LOAD_THREADS);
    private final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong sent = new AtomicLong();
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    static Load start(URI api, String credentials) {
      Load load = new Load();
      for (int i = 0; i < LOAD_THREADS; i++) {
        load.threads.submit(
            () -> {
              while (load.running.get()) {
                load.sent.incrementAndGet();
                try {
                  if (post(api, "/auth/login", credentials).statusCode() == 200) {
                    load.ok.incrementAndGet();
                  } else {
                    load.failed.incrementAndGet();
                  }
                } catch (Exception e) {
                  load.failed.incrementAndGet();
                }
              }
            });
      }
      return load;
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      threads.shutdown();
      threads.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /** The node, the namespace's objects and events, the HPA as the controller sees it. */
  private static String dump() {
    StringBuilder out = new StringBuilder(node.diagnostics());
    if (client != null) {
      out.append("== namespace ").append(NS).append('\n').append(NamespaceDump.of(client, NS));
    }
    out.append("== hpa\n")
        .append(node.kubectlResult("describe", "hpa", "-n", NS).stdout())
        .append("== apiservice\n")
        .append(
            node.kubectlResult("get", "apiservice", "v1beta1.metrics.k8s.io", "-o", "yaml")
                .stdout())
        .append("== stacks\n")
        .append(node.kubectlResult("get", "sns", "-n", NS, "-o", "yaml").stdout());
    return out.toString();
  }
}
