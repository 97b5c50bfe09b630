package com.supernovaai.operator.runtime;

import com.supernovaai.operator.cache.ListPages;
import com.supernovaai.operator.cache.PrunedItemStore;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.reconciler.StackDeletionReconciler;
import com.supernovaai.operator.reconciler.StackMetrics;
import com.supernovaai.operator.reconciler.SuperNovaStackReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SuperNova operator as an object: built from a client and a configuration, started and
 * stopped. {@link Main} runs one; tests can run one in-process against any cluster.
 */
public final class SuperNovaOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SuperNovaOperator.class);

  /** How long a stop waits for reconciliations in flight (a workflow's API calls). */
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  /** The one clock of the process; components take it rather than read the time themselves. */
  private final Clock clock = Clock.systemUTC();

  private final KubernetesClient client;
  private final OperatorConfig config;
  private final PrometheusMeterRegistry registry;
  private final Operator operator;
  private final SuperNovaStackReconciler reconciler;
  private final AtomicBoolean started = new AtomicBoolean();
  private final Runnable onLeaseLost;
  private final InformerLiveness liveness;
  private volatile boolean informersCreated;
  private OperatorHttpServer httpServer;

  private SuperNovaOperator(KubernetesClient client, OperatorConfig config, Runnable onLeaseLost) {
    this.client = client;
    this.config = config;
    this.onLeaseLost = onLeaseLost;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    var metrics = new ReconcileMetrics(registry);
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withMetrics(metrics)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(config.concurrentReconciliations())
                  .withConcurrentWorkflowExecutorThreads(config.workflowThreads())
                  // A failing informer keeps retrying (a CRD installed a moment later is
                  // picked up); InformerLiveness ends the wait if it lasts.
                  .withStopOnInformerErrorDuringStartup(false)
                  .withCacheSyncTimeout(config.informerGrace());
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(leaderElection(config));
              }
            });
    this.reconciler = new SuperNovaStackReconciler(new StackMetrics(registry), config.faultRetry());
    this.liveness =
        new InformerLiveness(
            config.informerGrace(),
            clock,
            this::failingInformers,
            f -> WatchDiagnosis.diagnose(client, f, config.informerGrace()));
    operator.register(reconciler, c -> watching(c, config));
    operator.register(new StackDeletionReconciler(reconciler::forget), c -> watching(c, config));
  }

  /** Both controllers watch the stacks of the configured namespaces, into a pruning store. */
  private static void watching(
      ControllerConfigurationOverrider<SuperNovaStack> c, OperatorConfig config) {
    if (config.namespaces().isEmpty()) {
      c.watchingAllNamespaces();
      c.withItemStore(PrunedItemStore.forNamespaces(Constants.WATCH_ALL_NAMESPACE_SET));
    } else {
      c.settingNamespaces(config.namespaces());
      c.withItemStore(PrunedItemStore.forNamespaces(config.namespaces()));
    }
    c.withInformerListLimit(ListPages.SIZE);
  }

  /**
   * An operator that is not started yet. With leader election, losing the Lease ends the process
   * (exit code 1), so that Kubernetes starts a fresh one that waits for the Lease.
   */
  public static SuperNovaOperator create(KubernetesClient client, OperatorConfig config) {
    return create(client, config, SuperNovaOperator::exit);
  }

  /** As above, with what to do once the Lease is lost (after reconciling has stopped). */
  public static SuperNovaOperator create(
      KubernetesClient client, OperatorConfig config, Runnable onLeaseLost) {
    return new SuperNovaOperator(client, config, onLeaseLost);
  }

  /**
   * JOSDK's own reaction to a lost Lease is System.exit, also when the operator is stopped on
   * purpose (the leader elector is cancelled then); so it is switched off and this callback tells
   * the two apart.
   */
  private LeaderElectionConfiguration leaderElection(OperatorConfig config) {
    var leaderElection =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaseName())
            .withExitOnStopLeading(false)
            .withLeaderCallbacks(
                new LeaderCallbacks(
                    () -> LOG.info("Leading: this instance reconciles"),
                    this::leaseLost,
                    leader -> {}));
    if (config.leaseNamespace() != null) {
      leaderElection.withLeaseNamespace(config.leaseNamespace());
    }
    if (config.leaseIdentity() != null) {
      leaderElection.withIdentity(config.leaseIdentity());
    }
    return leaderElection.build();
  }

  /** Another instance may reconcile from now on: reconcile nothing more, then go. */
  private void leaseLost() {
    if (!started.get()) {
      return; // stopping on purpose
    }
    LOG.error(
        "Lost the Lease {}/{}; another instance may be reconciling: stopping",
        config.leaseNamespace() == null ? client.getNamespace() : config.leaseNamespace(),
        config.leaseName());
    reconciler.gate().close(Duration.ZERO);
    // Not on the leader elector's thread: stopping waits for that executor.
    Thread stopper = new Thread(onLeaseLost, "lease-lost");
    stopper.setDaemon(false);
    stopper.start();
  }

  private static void exit() {
    System.exit(1);
  }

  /** Starts the HTTP server (if any) and the operator; returns once informers are synced. */
  public synchronized SuperNovaOperator start() {
    if (config.httpPort() >= 0 && httpServer == null) {
      try {
        httpServer =
            new OperatorHttpServer(config.httpPort(), this::isLive, this::isReady, registry);
        httpServer.start();
        LOG.info("Serving /healthz, /readyz and /metrics on port {}", httpServer.port());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // The grace period runs from now; the informers exist only once JOSDK's start returns.
    liveness.failingSince(clock.instant());
    try {
      operator.start();
    } catch (RuntimeException e) {
      LOG.error("The operator could not start: {}", rootMessage(e));
      throw e;
    } finally {
      informersCreated = true;
    }
    // Informers still failing after the wait: say why now, not only at the next probe.
    liveness.live();
    started.set(true);
    LOG.info(
        "SuperNova operator started, watching {}",
        config.namespaces().isEmpty() ? "all namespaces" : config.namespaces());
    return this;
  }

  public synchronized void stop() {
    if (started.getAndSet(false)) {
      if (!reconciler.gate().close(STOP_GRACE)) {
        LOG.warn("A reconciliation still ran after {}; stopping anyway", STOP_GRACE);
      }
      operator.stop();
    }
    if (httpServer != null) {
      httpServer.stop();
      httpServer = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * False once an informer has failed to list or watch for longer than {@link
   * OperatorConfig#informerGrace()} (see {@link InformerLiveness}); Kubernetes then restarts the
   * operator.
   */
  public boolean isLive() {
    // While JOSDK starts (at most the grace period: its cache sync timeout) there is nothing to
    // ask.
    return !informersCreated || liveness.live();
  }

  /** The informers that are not running, synced and watching, by kind and namespace. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private List<InformerLiveness.Failing> failingInformers() {
    List<InformerLiveness.Failing> failing = new ArrayList<>();
    for (var controller : operator.getRegisteredControllers()) {
      Map<String, InformerWrappingEventSourceHealthIndicator> sources;
      try {
        sources =
            controller.getControllerHealthInfo().unhealthyInformerEventSourceHealthIndicators();
      } catch (RuntimeException e) {
        // JOSDK gave up starting (its event sources were never created): the stacks' informer
        // stands for all of them.
        failing.add(new InformerLiveness.Failing(SuperNovaStack.class, null));
        continue;
      }
      for (var source : sources.values()) {
        if (!(source instanceof EventSource<?, ?> eventSource)
            || !HasMetadata.class.isAssignableFrom(eventSource.resourceType())) {
          continue;
        }
        var type = (Class<? extends HasMetadata>) eventSource.resourceType();
        Map<String, InformerHealthIndicator> informers = source.informerHealthIndicators();
        for (InformerHealthIndicator informer : informers.values()) {
          if (informer.getStatus() != Status.HEALTHY) {
            String namespace = informer.getTargetNamespace();
            failing.add(
                new InformerLiveness.Failing(
                    type, Constants.WATCH_ALL_NAMESPACES.equals(namespace) ? null : namespace));
          }
        }
      }
    }
    return failing;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** Started and all informers healthy (with leader election: also when waiting to lead). */
  public boolean isReady() {
    return started.get() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /** Port of the HTTP server, or -1 without one. */
  public int httpPort() {
    return httpServer == null ? -1 : httpServer.port();
  }

  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  public KubernetesClient client() {
    return client;
  }
}
