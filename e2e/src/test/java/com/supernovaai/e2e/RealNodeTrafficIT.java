package com.supernovaai.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.supernovaai.e2e.LoadGenerator.Request;
import com.supernovaai.e2e.cluster.NamespaceDump;
import com.supernovaai.e2e.cluster.RealNode;
import com.supernovaai.e2e.cluster.RealNode.Shell;
import com.supernovaai.e2e.cluster.RepoPaths;
import com.supernovaai.e2e.cluster.SharedRealNode;
import com.supernovaai.e2e.harness.ApiAccounts;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.ApiPodTemplate;
import com.supernovaai.operator.model.CanaryPause;
import com.supernovaai.operator.model.CanarySpec;
import com.supernovaai.operator.model.CanaryStep;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.RolloutStrategy;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The stack under live traffic on the real node: a load generator in this JVM sends requests
 * through the active Service's ClusterIP (kube-proxy's rules on this machine) while the stack rolls
 * out, promotes, aborts, rolls back, meets images that never get ready or fail their migration, and
 * loses its Redis and its database pod. Every request is counted; none may fail except while the
 * database is gone (counted and reported), and no acknowledged write may be lost.
 *
 * <p>One cluster and one stack; the tests run in order and build on each other. Two API replicas
 * (the property holds for any number; more would only slow JVM starts on 2 cores). The figures are
 * printed at the end as a table for {@code docs/measured.md}; timings are printed, never asserted.
 */
@Isolated // alone, after the kwok classes: one node per machine, and no CPU shared under traffic
@ExtendWith(SharedRealNode.class)
@TestMethodOrder(OrderAnnotation.class)
class RealNodeTrafficIT {

  private static final String NS = "traffic-it";
  private static final String OPERATOR_NS = "supernova-system";
  private static final String RELEASE = "supernova-operator";
  private static final String OPERATOR_IMAGE = "localhost/supernova/operator:local";
  private static final String NAME = "traffic";
  private static final String SYMBOL = "LOAD";

  /** The project's API server image and its variants (e2e/images/build). */
  private static final String BASE = "localhost/supernova/api-server:local";

  private static final String NEXT = BASE + "-next";
  private static final String BROKEN = BASE + "-broken";
  private static final String BAD_MIGRATION = BASE + "-badmigration";

  private static final int REPLICAS = 2;

  /** The canary's replicas: 25 % and 50 % are whole pods of 4. */
  private static final int CANARY_REPLICAS = 4;

  /**
   * Answers per canary share measured: the binomial tolerance (4 standard deviations) is then at
   * most 10 points (at 50 %), 8.7 at 25 %; at 50 requests/s, 8 s of a step's pause.
   */
  private static final int SHARE_SAMPLE = 400;

  private static final int PER_SECOND = 50;

  /**
   * Requests waiting for an answer at once: while the database is gone, writes (a quarter of the
   * load) hang up to the 10 s timeout, about 125 of them.
   */
  private static final int MAX_IN_FLIGHT = 200;

  /**
   * Longer than 3 failed readiness probes 5 s apart (the API's and Redis' own), shorter than the 4
   * failed liveness probes 15 s apart that would restart Redis.
   */
  private static final Duration REDIS_FREEZE = Duration.ofSeconds(25);

  /** Each phase's load stops by itself after this, or after as many requests as fit in it. */
  private static final Duration PHASE_LIMIT = Duration.ofMinutes(6);

  /**
   * The instant-rollback window: long enough for the manual promotion's checks and the rollback
   * that follows it (from the promotion to the rollback's edit about 2 s in CI runs), short enough
   * not to make every rollout wait long for its scale-down: (a) and the settle before (c) wait it
   * out (it was 40 s, twice the wait for the same events under load).
   */
  private static final int SCALE_DOWN_DELAY = 20;

  private static final int DEADLINE = 600;
  private static final int SHORT_DEADLINE = 30;

  /** A JVM starting on a share of 2 busy cores, PostgreSQL initialising its volume: minutes. */
  private static final Duration READY = Duration.ofMinutes(6);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static RealNode node;
  private static KubernetesClient client;
  private static LoadGenerator.Target target;
  private static SharedIndexInformer<SuperNovaStack> stackInformer;
  private static SharedIndexInformer<Service> serviceInformer;

  /** Written points are one second apart, from two days ago on: distinct keys across phases. */
  private static final AtomicLong POINTS =
      new AtomicLong(Instant.now().minus(Duration.ofDays(2)).getEpochSecond());

  /** Every write the API acknowledged, over all phases: all must be in the database at the end. */
  private static final Set<Long> ACKNOWLEDGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** What the stack's status said, each time it changed, as this test saw it. */
  private static final List<Observed> STATUS = new CopyOnWriteArrayList<>();

  /** When the active Service's selector named which color, as this test saw it. */
  private static final List<Observed> SELECTOR = new CopyOnWriteArrayList<>();

  private static final List<String> FIGURES = new ArrayList<>();
  private static final List<String> TIMELINES = new ArrayList<>();

  private record Observed(Instant time, String color, Map<String, String> conditions) {}

  @RegisterExtension
  static final TestWatcher DUMP_ON_FAILURE =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (node != null && Files.isDirectory(node.dir())) {
            System.err.println(
                "RealNodeTrafficIT."
                    + context.getDisplayName()
                    + " failed; diagnostics:\n"
                    + dump());
          }
        }
      };

  @BeforeAll
  static void up(RealNode shared) throws Exception {
    assertThat(Shell.run(List.of("id", "-u"), Map.of(), Duration.ofSeconds(5)).stdout().trim())
        .as("the real node needs root (bridges, network namespaces, iptables, mounts)")
        .isEqualTo("0");
    node = shared;
    node.importImages("api-server-next", "api-server-broken", "api-server-badmigration");
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(node.kubeconfig())))
            .build();
    for (String ns : List.of(OPERATOR_NS, NS)) {
      SharedRealNode.awaitNamespaceGone(client, ns); // another class's operator namespace
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(ns)
                  .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                  .endMetadata()
                  .build())
          .create();
    }
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> client.serviceAccounts().inNamespace(NS).withName("default").get() != null);
    node.helm(
        "install",
        RELEASE,
        RepoPaths.root().resolve("helm/supernova-operator").toString(),
        "-n",
        OPERATOR_NS,
        "--set",
        "image.repository=" + OPERATOR_IMAGE.substring(0, OPERATOR_IMAGE.indexOf(':')),
        "--set",
        "image.tag=local",
        "--set",
        "image.pullPolicy=IfNotPresent",
        "--set",
        "watchNamespaces={" + NS + "}",
        "--wait",
        "--timeout",
        "4m");

    SuperNovaStack stack = Stacks.loadExample("local-images.yaml");
    stack.getMetadata().setName(NAME);
    stack.getMetadata().setNamespace(NS);
    var api = stack.getSpec().getApi();
    api.setReplicas(REPLICAS);
    // The load is one client at 50 requests/s: above the default per-client limit on purpose.
    api.setRateLimitRequestsPerHour(100_000_000);
    api.setEnv(
        Stacks.withoutPerAddressLimits(
            new EnvVarBuilder().withName("RATE_LIMIT_BURST_SIZE").withValue("100000").build()));
    api.getRollout().setMinReadySeconds(5);
    api.getRollout().setScaleDownDelaySeconds(SCALE_DOWN_DELAY);
    api.getRollout().setProgressDeadlineSeconds(DEADLINE);
    stack.getSpec().getBackup().setEnabled(false);
    client.resource(stack).create();

    stackInformer =
        client
            .resources(SuperNovaStack.class)
            .inNamespace(NS)
            .withName(NAME)
            .inform(
                handler(
                    s ->
                        STATUS.add(
                            new Observed(
                                Instant.now(),
                                s.getStatus() == null || s.getStatus().getApi() == null
                                    ? null
                                    : s.getStatus().getApi().getActiveColor(),
                                conditions(s)))));
    serviceInformer =
        client
            .services()
            .inNamespace(NS)
            .withName(StackNames.apiService(stack))
            .inform(
                handler(
                    s -> {
                      String color = s.getSpec().getSelector().get(Labels.COLOR);
                      if (SELECTOR.isEmpty()
                          || !Objects.equals(SELECTOR.get(SELECTOR.size() - 1).color(), color)) {
                        SELECTOR.add(new Observed(Instant.now(), color, Map.of()));
                      }
                    }));

    awaitIdleAndReady();
    URI service = serviceUri(StackNames.apiService(stack));
    String credentials = ApiAccounts.create(client, NS, stack, service, "load", "read", "write");
    HttpResponse<String> login = post(service, "/auth/login", credentials);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    target =
        new LoadGenerator.Target(
            service, JSON.readTree(login.body()).get("access_token").asText(), SYMBOL);
  }

  @AfterAll
  static void down() {
    if (stackInformer != null) {
      stackInformer.close();
      serviceInformer.close();
    }
    if (client != null) {
      client.close();
    }
    System.out.println(
        "RealNodeTrafficIT timelines (requests per 5 s by answering color):\n"
            + String.join("\n", TIMELINES));
    System.out.println(
        "RealNodeTrafficIT figures ("
            + LocalDate.now()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs, "
            + PER_SECOND
            + " requests/s (open loop, up to "
            + MAX_IN_FLIGHT
            + " in flight), "
            + REPLICAS
            + " API replicas):\n"
            + "| phase | requests | failed | 4xx | acknowledged writes | measured |\n"
            + "|---|---|---|---|---|---|\n"
            + String.join("\n", FIGURES));
  }

  // ------------------------------------------------------------------------------------ phases

  @Test
  @Order(1)
  void anAutomaticRolloutToANewImageFailsNoRequestAndSwitchesOnce() {
    String from = activeColor();
    String to = other(from);
    TrafficReport report =
        underLoad(
            "(a) automatic rollout",
            load -> {
              Instant edit = Instant.now();
              edit(s -> s.getSpec().getApi().setImage(NEXT));
              Instant switched = awaitSelector(to, edit, READY);
              awaitIdleAndReady();
              return "selector seen→switch " + switchFigure(load, from, to, switched);
            });

    assertNoFailure(report);
    assertSwitchedOnce(report, from, to);
    assertThat(versionsOf(report, to)).containsExactly(tagOf(NEXT));
  }

  @Test
  @Order(2)
  void aManualRolloutWaitsForThePromoteAnnotationAndThePreviewReachesOnlyTheNewColor()
      throws Exception {
    String from = activeColor();
    String to = other(from);
    TrafficReport report =
        underLoad(
            "(b) manual rollout, promoted by annotation",
            load -> {
              edit(
                  s -> {
                    s.getSpec().getApi().getRollout().setAutoPromotion(false);
                    s.getSpec().getApi().setImage(BASE);
                  });
              await()
                  .atMost(READY)
                  .pollInterval(Duration.ofSeconds(1))
                  .untilAsserted(
                      () -> {
                        var rollout = current().getStatus().getRollout();
                        assertThat(rollout.getPhase()).isEqualTo(RolloutPhase.Progressing);
                        assertThat(rollout.getPreviewAvailableReplicas()).isEqualTo(REPLICAS);
                      });
              // Waiting for promotion: the preview Service reaches only the new color, the
              // active one only the old.
              URI preview = serviceUri(StackNames.apiPreviewService(current()));
              List<String> previewColors = new ArrayList<>();
              for (int i = 0; i < 20; i++) {
                previewColors.add(
                    JSON.readTree(get(preview, "/version").body()).get("color").asText());
              }
              assertThat(previewColors).containsOnly(to);
              assertThat(new TrafficReport("", load.snapshot()).colors().keySet())
                  .containsOnly(from);
              assertThat(activeColor()).isEqualTo(from);

              Instant promote = Instant.now();
              annotate(SuperNovaStack.PROMOTE_ANNOTATION, "true");
              Instant switched = awaitSelector(to, promote, Duration.ofMinutes(1));
              // Some traffic on the new color before the phase ends; the old color stays up.
              await()
                  .atMost(Duration.ofSeconds(30))
                  .until(
                      () ->
                          new TrafficReport("", load.snapshot()).colors().getOrDefault(to, 0L)
                              > 50);
              return "promote→selector "
                  + millis(promote, switched)
                  + ", switch "
                  + switchFigure(load, from, to, promote);
            });

    assertNoFailure(report);
    assertSwitchedOnce(report, from, to);
    assertThat(versionsOf(report, to)).containsExactly(tagOf(BASE));
  }

  @Test
  @Order(3)
  void aRollbackInsideTheScaleDownDelayToThePreviousImageIsInstant() {
    SuperNovaStack before = current();
    assertThat(before.getStatus().getRollout().getPhase())
        .as("still inside scaleDownDelaySeconds of the promotion before")
        .isEqualTo(RolloutPhase.Switched);
    String from = before.getStatus().getApi().getActiveColor();
    String to = other(from);
    Set<String> oldPods = podUids(to);
    String previous = before.getStatus().getApi().getPreviousImage();
    assertThat(previous)
        .as("status.api.previousImage: what the README's rollback sets spec.api.image to")
        .isEqualTo(NEXT);
    TrafficReport report =
        underLoad(
            "(d) rollback inside scaleDownDelaySeconds",
            load -> {
              Instant edit = Instant.now();
              edit(s -> s.getSpec().getApi().setImage(previous));
              Instant switched = awaitSelector(to, edit, Duration.ofMinutes(1));
              await()
                  .atMost(Duration.ofSeconds(30))
                  .until(
                      () ->
                          new TrafficReport("", load.snapshot()).colors().getOrDefault(to, 0L)
                              > 50);
              return "edit→selector "
                  + millis(edit, switched)
                  + ", rollback "
                  + switchFigure(load, from, to, edit);
            });

    assertNoFailure(report);
    assertSwitchedOnce(report, from, to);
    assertThat(versionsOf(report, to)).containsExactly(tagOf(NEXT));
    // Instant: the pods that answer are the ones kept for the window, none was started for it.
    assertThat(podUids(to)).isEqualTo(oldPods);
  }

  @Test
  @Order(4)
  void anAbortedRolloutNeverMovesTraffic() {
    settle();
    String active = activeColor();
    String image = current().getStatus().getApi().getActiveImage();
    TrafficReport report =
        underLoad(
            "(c) abort by annotation",
            load -> {
              String next = NEXT.equals(image) ? BASE : NEXT;
              edit(
                  s -> {
                    s.getSpec().getApi().getRollout().setAutoPromotion(false);
                    s.getSpec().getApi().setImage(next);
                  });
              awaitRollout(RolloutPhase.Progressing, next, Duration.ofMinutes(1));
              annotate(SuperNovaStack.ABORT_ANNOTATION, "true");
              awaitRollout(RolloutPhase.Aborted, next, Duration.ofMinutes(1));
              return "";
            });

    assertNoFailure(report);
    assertThat(report.colors().keySet()).containsOnly(active);
    assertThat(degradedReason()).isEqualTo("RolloutAborted");
  }

  @Test
  @Order(5)
  void aRolloutToAnImageThatNeverGetsReadyIsAbortedAtItsDeadline() {
    String active = activeColor();
    TrafficReport report =
        underLoad(
            "(e) never-ready image, aborted at the deadline",
            load -> {
              Instant edit = Instant.now();
              edit(
                  s -> {
                    s.getSpec().getApi().getRollout().setAutoPromotion(true);
                    s.getSpec().getApi().getRollout().setProgressDeadlineSeconds(SHORT_DEADLINE);
                    s.getSpec().getApi().setImage(BROKEN);
                  });
              awaitRollout(RolloutPhase.Aborted, BROKEN, Duration.ofSeconds(SHORT_DEADLINE + 90));
              return "aborted " + millis(edit, Instant.now()) + " after the edit";
            });

    assertNoFailure(report);
    assertThat(report.colors().keySet()).containsOnly(active);
    assertThat(degradedReason()).isEqualTo("RolloutAborted");
  }

  @Test
  @Order(6)
  void aRolloutWhoseMigrationFailsIsAbortedAsSuchWhileTheOldColorServes() {
    String active = activeColor();
    String preview = other(active);
    TrafficReport report =
        underLoad(
            "(f) failing migration",
            load -> {
              Instant edit = Instant.now();
              // A long deadline: what must abort this rollout is the migration failure itself.
              edit(
                  s -> {
                    s.getSpec().getApi().getRollout().setProgressDeadlineSeconds(DEADLINE);
                    s.getSpec().getApi().setImage(BAD_MIGRATION);
                  });
              await()
                  .atMost(Duration.ofMinutes(3))
                  .pollInterval(Duration.ofSeconds(2))
                  .untilAsserted(
                      () -> {
                        var rollout = current().getStatus().getRollout();
                        assertThat(rollout.getTargetImage()).isEqualTo(BAD_MIGRATION);
                        assertThat(rollout.getPhase()).isEqualTo(RolloutPhase.Aborted);
                        assertThat(degradedReason()).isEqualTo("MigrationFailed");
                      });
              return "aborted " + millis(edit, Instant.now()) + " after the edit";
            });

    assertNoFailure(report);
    assertThat(report.colors().keySet()).containsOnly(active);
    // What failed, in the stack's own words (from the new pods' termination message).
    assertThat(Stacks.condition(current(), "Degraded").map(Condition::getMessage).orElse(""))
        .contains("migration failed")
        .contains("900");
  }

  @Test
  @Order(7)
  void losingRedisFailsNoRequestAndTheStackShowsIt() {
    settle();
    TrafficReport report =
        underLoad(
            "(g) Redis pod deleted, then frozen " + REDIS_FREEZE.toSeconds() + " s",
            load -> {
              Pod redis = componentPods("redis").get(0);
              Instant deleted = Instant.now();
              client.resource(redis).delete();
              await()
                  .atMost(Duration.ofMinutes(2))
                  .until(() -> saw("RedisReady", "False", deleted));
              awaitIdleAndReady();
              Instant back = Instant.now();
              // A deleted Redis is back within seconds, before any readiness probe gave up on
              // it. Frozen (containerd's cgroup freezer) it stays unreachable for longer than the
              // API's readiness probe tolerates: what readiness means when Redis is down. (SIGSTOP
              // from inside would not do: a PID namespace's init ignores it. Redis' own exec probe
              // errors on a frozen container, and the kubelet discards errored probes, so the
              // stack's RedisReady shows the deletion above, not the freeze.)
              String container =
                  componentPods("redis")
                      .get(0)
                      .getStatus()
                      .getContainerStatuses()
                      .get(0)
                      .getContainerID()
                      .replaceFirst("^containerd://", "");
              URI apiPod =
                  URI.create(
                      "http://"
                          + componentPods("api").get(0).getStatus().getPodIP()
                          + ":"
                          + StackNames.API_PORT);
              Instant frozen = Instant.now();
              node.ctr("task", "pause", container).check("ctr task pause");
              try {
                // The fault is real: the API itself finds Redis unreachable.
                await()
                    .atMost(REDIS_FREEZE)
                    .ignoreExceptions()
                    .untilAsserted(
                        () ->
                            assertThat(
                                    JSON.readTree(get(apiPod, "/health/ready").body())
                                        .path("checks")
                                        .path("redis")
                                        .asText())
                                .isNotEqualTo("up"));
                await()
                    .atMost(REDIS_FREEZE)
                    .until(() -> Instant.now().isAfter(frozen.plus(REDIS_FREEZE)));
              } finally {
                node.ctr("task", "resume", container).check("ctr task resume");
              }
              Instant thawed = Instant.now();
              awaitIdleAndReady();
              Instant ready = Instant.now();
              // Requests go on a while on the recovered stack.
              Thread.sleep(5_000);
              return "RedisReady again "
                  + millis(deleted, back)
                  + " after the deletion, "
                  + millis(thawed, ready)
                  + " after the freeze ended";
            });

    assertNoFailure(report);
  }

  @Test
  @Order(8)
  void losingTheDatabasePodLosesNoAcknowledgedWriteAndTheApiRecoversWithoutRestarts() {
    settle();
    Map<String, Integer> restarts = apiRestarts();
    TrafficReport report =
        underLoad(
            "(h) database pod deleted",
            load -> {
              Pod db = componentPods("database").get(0);
              Instant deleted = Instant.now();
              client.resource(db).delete();
              await()
                  .atMost(READY)
                  .pollInterval(Duration.ofSeconds(1))
                  .until(
                      () ->
                          componentPods("database").stream()
                                  .anyMatch(
                                      p ->
                                          !p.getMetadata()
                                              .getUid()
                                              .equals(db.getMetadata().getUid()))
                              && Stacks.isReady(current()));
              Instant ready = Instant.now();
              // Writes are acknowledged again through the same API pods.
              int acknowledgedBefore =
                  new TrafficReport("", load.snapshot()).acknowledgedWrites().size();
              await()
                  .atMost(Duration.ofMinutes(2))
                  .until(
                      () ->
                          new TrafficReport("", load.snapshot()).acknowledgedWrites().size()
                              > acknowledgedBefore + 20);
              // Then until no request failed for longer than an answer may take: the recording
              // holds the whole outage, with its last failure and the recovery after it.
              Duration quiet = LoadGenerator.READ_TIMEOUT.plusSeconds(2);
              await()
                  .atMost(Duration.ofMinutes(2))
                  .pollInterval(Duration.ofSeconds(1))
                  .until(
                      () ->
                          Instant.now()
                              .isAfter(
                                  new TrafficReport("", load.snapshot())
                                      .failures().stream()
                                          .map(Request::done)
                                          .max(Instant::compareTo)
                                          .orElse(deleted)
                                          .plus(quiet)));
              TrafficReport sofar = new TrafficReport("", load.snapshot());
              return "stack Ready again "
                  + millis(deleted, ready)
                  + " after the deletion; first success after the last failure "
                  + sofar.recoveredAt().map(t -> millis(deleted, t)).orElse("n/a (none failed)")
                  + " after the deletion";
            });

    // Failures here are measured, not asserted: the database is gone for a while.
    assertThat(report.clientErrors()).as("4xx answers").isEmpty();
    assertThat(apiRestarts()).as("API pods and their restart counts").isEqualTo(restarts);
    Set<Long> stored =
        Optional.of(
                psql(
                    "select coalesce(string_agg(extract(epoch from time)::bigint::text, ','), '')"
                        + " from sentiment_data where symbol = '"
                        + SYMBOL
                        + "'"))
            .filter(s -> !s.isBlank())
            .map(
                s ->
                    java.util.Arrays.stream(s.split(","))
                        .map(Long::valueOf)
                        .collect(Collectors.toSet()))
            .orElse(Set.of());
    Set<Long> lost = new HashSet<>(ACKNOWLEDGED);
    lost.removeAll(stored);
    System.out.println(
        "RealNodeTrafficIT: "
            + ACKNOWLEDGED.size()
            + " acknowledged writes, "
            + stored.size()
            + " rows");
    assertThat(ACKNOWLEDGED).isNotEmpty();
    assertThat(lost).as("acknowledged writes missing from the database").isEmpty();
  }

  /**
   * Canary steps of 25 % (paused 10 s) and 50 % (paused until promoted) on 4 replicas, then an
   * abort: each step's share of the answers is measured over {@link #SHARE_SAMPLE} requests once
   * both colors have the step's pods, and compared with the pods' share within 4 standard
   * deviations of a binomial sample of that size (each request opens its own connection, which
   * kube-proxy sends to a uniformly random ready endpoint).
   */
  @Test
  @Order(9)
  void aCanaryFollowsItsStepsAnAbortReturnsToZeroAndNoRequestFails() {
    settle();
    Instant begin = Instant.now();
    String from = activeColor();
    String to = other(from);
    String image = current().getStatus().getApi().getActiveImage();
    String next = NEXT.equals(image) ? BASE : NEXT;
    List<String> shares = new ArrayList<>();
    try {
      TrafficReport report =
          underLoad(
              "(i) canary 25 % / 50 % (manual), then abort",
              load -> {
                edit(
                    s -> {
                      var api = s.getSpec().getApi();
                      // 4 pods: the steps' 25 % and 50 % are whole pods.
                      api.setReplicas(CANARY_REPLICAS);
                      var canary = new CanarySpec();
                      canary.setSteps(
                          List.of(
                              new CanaryStep(25, new CanaryPause("10s")),
                              new CanaryStep(50, new CanaryPause())));
                      api.getRollout().setStrategy(RolloutStrategy.Canary);
                      api.getRollout().setCanary(canary);
                      api.setImage(next);
                    });
                shares.add(stepShare(load, 1, to, 1, from, 3));
                shares.add(stepShare(load, 2, to, 2, from, 2));

                Instant abort = Instant.now();
                annotate(SuperNovaStack.ABORT_ANNOTATION, "true");
                Instant selector = awaitSelector(from, abort, Duration.ofMinutes(1));
                await()
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> podUids(to).isEmpty());
                // Its pods are terminating, not gone: kube-proxy may still send them a new
                // connection until it has synced (up to its 1 s minSyncPeriod after the
                // EndpointSlice), and they serve it; the preStop sleep covers exactly that. From
                // its end on, no new connection may reach them.
                Instant terminating = Instant.now();
                Instant drained = terminating.plusSeconds(ApiPodTemplate.PRE_STOP_SECONDS);
                List<Request> after = sample(load, drained, SHARE_SAMPLE);
                long newAfter = after.stream().filter(r -> to.equals(r.color())).count();
                assertThat(newAfter)
                    .as(
                        "answers of %s to the %d requests sent after its pods' preStop drain",
                        to, after.size())
                    .isZero();
                long whileDraining =
                    answeredSince(load, terminating).stream()
                        .filter(r -> r.sent().isBefore(drained) && to.equals(r.color()))
                        .count();
                Instant lastNew =
                    load.snapshot().stream()
                        .filter(r -> to.equals(r.color()))
                        .map(Request::sent)
                        .max(Instant::compareTo)
                        .orElse(abort);
                shares.add(
                    "abort: 0/"
                        + after.size()
                        + " new after its pods' drain ("
                        + whileDraining
                        + " while terminating); abort→selector "
                        + millis(abort, selector)
                        + ", →last new answer (by send time) "
                        + millis(abort, lastNew));
                return String.join("; ", shares);
              });
      assertNoFailure(report);
      assertThat(versionsOf(report, to)).containsExactly(tagOf(next));
      assertThat(current().getStatus().getRollout().getPhase()).isEqualTo(RolloutPhase.Aborted);
    } finally {
      System.out.println(
          "RealNodeTrafficIT canary: " + shares + "; test time " + millis(begin, Instant.now()));
      String active = current().getStatus().getApi().getActiveImage();
      edit(
          s -> {
            var api = s.getSpec().getApi();
            api.setReplicas(REPLICAS);
            api.getRollout().setStrategy(RolloutStrategy.BlueGreen);
            api.getRollout().setCanary(null);
            api.setImage(active);
          });
    }
  }

  /**
   * Waits for canary step {@code step} with {@code canary} ready pods of color {@code to} and
   * {@code stable} of {@code from}, then measures the share of {@code to} in the answers to the
   * next {@link #SHARE_SAMPLE} requests, asserts it within the binomial tolerance, and says it.
   */
  private static String stepShare(
      LoadGenerator load, int step, String to, int canary, String from, int stable) {
    await()
        .atMost(READY)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              var rollout = current().getStatus().getRollout();
              assertThat(rollout.getCanaryStep()).isEqualTo(step);
              assertThat(readyPods(to)).isEqualTo(canary);
              assertThat(readyPods(from)).isEqualTo(stable);
            });
    Instant reached = Instant.now();
    List<Request> window = sample(load, reached, SHARE_SAMPLE);
    // The same endpoints served the whole window (a next step's pod takes longer to be Ready).
    assertThat(readyPods(to)).isEqualTo(canary);
    assertThat(readyPods(from)).isEqualTo(stable);
    double expected = (double) canary / (canary + stable);
    double observed =
        (double) window.stream().filter(r -> to.equals(r.color())).count() / window.size();
    double tolerance = 4 * Math.sqrt(expected * (1 - expected) / window.size());
    String figure =
        String.format(
            Locale.ROOT,
            "step %d: %.1f %% new of %d answers (pods %d/%d = %.1f %%, ±%.1f)",
            step,
            100 * observed,
            window.size(),
            canary,
            canary + stable,
            100 * expected,
            100 * tolerance);
    assertThat(observed).as(figure).isCloseTo(expected, within(tolerance));
    return figure;
  }

  /** The first {@code n} answered requests sent at or after {@code since}, in send order. */
  private static List<Request> sample(LoadGenerator load, Instant since, int n) {
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> answeredSince(load, since).size() >= n);
    return answeredSince(load, since).subList(0, n);
  }

  private static List<Request> answeredSince(LoadGenerator load, Instant since) {
    return load.snapshot().stream()
        .filter(r -> !r.sent().isBefore(since) && r.color() != null)
        .sorted(java.util.Comparator.comparing(Request::sent))
        .toList();
  }

  /** API pods of {@code color} that are Ready and not terminating: the Service's endpoints. */
  private static long readyPods(String color) {
    return componentPods("api").stream()
        .filter(p -> color.equals(p.getMetadata().getLabels().get(Labels.COLOR)))
        .filter(
            p ->
                p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .count();
  }

  // ------------------------------------------------------------------------------- the load

  @FunctionalInterface
  private interface Phase {
    /** Acts on the stack while the load runs; returns the phase's measured figures. */
    String run(LoadGenerator load) throws Exception;
  }

  /** Runs {@code phase} under steady load, then records the requests and the figures. */
  private static TrafficReport underLoad(String name, Phase phase) {
    LoadGenerator load =
        LoadGenerator.start(
            target,
            PER_SECOND,
            MAX_IN_FLIGHT,
            PHASE_LIMIT,
            (int) (PER_SECOND * PHASE_LIMIT.toSeconds()),
            POINTS);
    String figures = "not measured: the phase failed";
    List<Request> requests;
    try {
      figures = phase.run(load);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      requests = load.stop();
      TrafficReport report = new TrafficReport(name, requests);
      report.acknowledgedWrites().forEach(r -> ACKNOWLEDGED.add(r.point().getEpochSecond()));
      System.out.println("RealNodeTrafficIT " + report.summary() + "; " + figures);
      TIMELINES.add(name + ": " + report.timeline(Duration.ofSeconds(5)));
      FIGURES.add(
          String.format(
              "| %s | %d | %d | %d | %d | %s |",
              name,
              report.sent(),
              report.failures().size(),
              report.clientErrors().size(),
              report.acknowledgedWrites().size(),
              figures
                  + report
                      .failureWindow()
                      .map(w -> "; failed " + report.failureKinds() + " sent/answered " + w)
                      .orElse("")));
    }
    return new TrafficReport(name, requests);
  }

  private static void assertNoFailure(TrafficReport report) {
    assertThat(report.sent()).as("requests sent").isPositive();
    assertThat(report.failures())
        .as("failed requests (connection errors, timeouts, 5xx) in %s", report.phase())
        .isEmpty();
    assertThat(report.clientErrors()).as("4xx answers in %s", report.phase()).isEmpty();
  }

  /** Both colors answered, and none of the old after the first answer of the new. */
  private static void assertSwitchedOnce(TrafficReport report, String from, String to) {
    TrafficReport.Switch s = report.switchFrom(from, to, Instant.EPOCH).orElseThrow();
    assertThat(report.colors()).containsKeys(from, to);
    assertThat(s.others()).as("answers from neither color").isZero();
    assertThat(s.oldAfterNew())
        .as("answers from %s to requests sent after %s first answered (%s)", from, to, s.firstNew())
        .isZero();
  }

  private static String switchFigure(LoadGenerator load, String from, String to, Instant since) {
    return new TrafficReport("", load.snapshot())
        .switchFrom(from, to, since)
        .map(
            s ->
                s.switchTime().toMillis()
                    + " ms to the last "
                    + from
                    + " answer (both answering for "
                    + s.overlap().toMillis()
                    + " ms)")
        .orElse("n/a");
  }

  /**
   * What the new color's replicas report: the operator passes the image's tag as SUPERNOVA_VERSION
   * (issue 15), whatever the image itself sets (the variants still bake their own; the base image
   * none, so it said "dev" before).
   */
  private static String tagOf(String image) {
    return image.substring(image.lastIndexOf(':') + 1);
  }

  private static Set<String> versionsOf(TrafficReport report, String color) {
    return report.requests().stream()
        .filter(r -> color.equals(r.color()) && r.version() != null)
        .map(Request::version)
        .collect(Collectors.toSet());
  }

  private static String millis(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() + " ms";
  }

  // ------------------------------------------------------------------------- the stack

  private static SuperNovaStack current() {
    return client.resources(SuperNovaStack.class).inNamespace(NS).withName(NAME).get();
  }

  private static String activeColor() {
    return current().getStatus().getApi().getActiveColor();
  }

  private static String other(String color) {
    return StackNames.BLUE.equals(color) ? StackNames.GREEN : StackNames.BLUE;
  }

  private static String degradedReason() {
    return Stacks.condition(current(), "Degraded").map(Condition::getReason).orElse(null);
  }

  private static Map<String, String> conditions(SuperNovaStack s) {
    Map<String, String> out = new HashMap<>();
    if (s.getStatus() != null && s.getStatus().getConditions() != null) {
      s.getStatus().getConditions().forEach(c -> out.put(c.getType(), c.getStatus()));
    }
    return out;
  }

  private static boolean saw(String condition, String status, Instant after) {
    return STATUS.stream()
        .anyMatch(o -> o.time().isAfter(after) && status.equals(o.conditions().get(condition)));
  }

  /** When this test saw the active Service select {@code color}, at or after {@code since}. */
  private static Instant awaitSelector(String color, Instant since, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                SELECTOR.stream()
                    .anyMatch(o -> !o.time().isBefore(since) && color.equals(o.color())));
    return SELECTOR.stream()
        .filter(o -> !o.time().isBefore(since) && color.equals(o.color()))
        .findFirst()
        .orElseThrow()
        .time();
  }

  /** The rollout of {@code image} in {@code phase} (not an earlier rollout's phase). */
  private static void awaitRollout(RolloutPhase phase, String image, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              var rollout = current().getStatus().getRollout();
              assertThat(rollout.getTargetImage()).isEqualTo(image);
              assertThat(rollout.getPhase()).isEqualTo(phase);
            });
  }

  private static void awaitIdleAndReady() {
    await()
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              SuperNovaStack s = current();
              assertThat(Stacks.isReady(s)).as("Ready; status: %s", s.getStatus()).isTrue();
              assertThat(s.getStatus().getRollout().getPhase()).isEqualTo(RolloutPhase.Idle);
            });
  }

  /**
   * Ends whatever an earlier phase left (an aborted rollout, a short deadline): the spec back to
   * the active image, then Idle and Ready.
   */
  private static void settle() {
    SuperNovaStack s = current();
    if (s.getStatus().getRollout().getPhase() != RolloutPhase.Idle
        || !s.getSpec().getApi().getImage().equals(s.getStatus().getApi().getActiveImage())) {
      String active = s.getStatus().getApi().getActiveImage();
      edit(
          x -> {
            x.getSpec().getApi().setImage(active);
            x.getSpec().getApi().getRollout().setProgressDeadlineSeconds(DEADLINE);
            x.getSpec().getApi().getRollout().setAutoPromotion(true);
          });
    }
    awaitIdleAndReady();
  }

  /** Edits the stack, retrying when the operator wrote it in between. */
  private static void edit(Consumer<SuperNovaStack> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .resources(SuperNovaStack.class)
            .inNamespace(NS)
            .withName(NAME)
            .edit(
                s -> {
                  change.accept(s);
                  return s;
                });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  private static void annotate(String key, String value) {
    edit(
        s -> {
          Map<String, String> annotations = new HashMap<>();
          if (s.getMetadata().getAnnotations() != null) {
            annotations.putAll(s.getMetadata().getAnnotations());
          }
          annotations.put(key, value);
          s.getMetadata().setAnnotations(annotations);
        });
  }

  private static List<Pod> componentPods(String component) {
    return client
        .pods()
        .inNamespace(NS)
        .withLabel(Labels.INSTANCE, NAME)
        .withLabel(Labels.COMPONENT, component)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static Set<String> podUids(String color) {
    return componentPods("api").stream()
        .filter(p -> color.equals(p.getMetadata().getLabels().get(Labels.COLOR)))
        .map(p -> p.getMetadata().getUid())
        .collect(Collectors.toSet());
  }

  /**
   * Restart count per API pod (by uid): the same pods, not restarted, after the database came back.
   */
  private static Map<String, Integer> apiRestarts() {
    return componentPods("api").stream()
        .filter(p -> activeColor().equals(p.getMetadata().getLabels().get(Labels.COLOR)))
        .collect(
            Collectors.toMap(
                p -> p.getMetadata().getName() + "/" + p.getMetadata().getUid(),
                p ->
                    p.getStatus().getContainerStatuses().stream()
                        .mapToInt(ContainerStatus::getRestartCount)
                        .sum()));
  }

  private static URI serviceUri(String service) {
    String ip = client.services().inNamespace(NS).withName(service).get().getSpec().getClusterIP();
    return URI.create("http://" + ip + ":" + StackNames.API_SERVICE_PORT);
  }

  private static String psql(String sql) {
    return node.kubectl(
            "exec",
            "-n",
            NS,
            StackNames.database(current()) + "-0",
            "-c",
            "timescaledb",
            "--",
            "psql",
            "-U",
            "postgres",
            "-d",
            StackNames.DATABASE_NAME,
            "-XAtc",
            sql)
        .trim();
  }

  private static <T> ResourceEventHandler<T> handler(Consumer<T> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        seen.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        seen.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
    };
  }

  private static HttpResponse<String> get(URI base, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(URI base, String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String dump() {
    StringBuilder out = new StringBuilder(node.diagnostics());
    if (client != null) {
      out.append("== namespace ").append(NS).append('\n').append(NamespaceDump.of(client, NS));
    }
    out.append("== stacks\n")
        .append(node.kubectlResult("get", "sns", "-n", NS, "-o", "yaml").stdout())
        .append("== operator log\n")
        .append(
            node.kubectlResult("logs", "-n", OPERATOR_NS, "deploy/" + RELEASE, "--tail=200")
                .stdout());
    return out.toString();
  }
}
