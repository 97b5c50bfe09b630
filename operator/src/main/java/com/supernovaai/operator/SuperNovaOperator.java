package com.supernovaai.operator;

import com.supernovaai.operator.reconciler.StackMetrics;
import com.supernovaai.operator.reconciler.SuperNovaStackReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
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

  private final KubernetesClient client;
  private final OperatorConfig config;
  private final PrometheusMeterRegistry registry;
  private final Operator operator;
  private final SuperNovaStackReconciler reconciler;
  private final AtomicBoolean started = new AtomicBoolean();
  private OperatorHttpServer httpServer;

  private SuperNovaOperator(KubernetesClient client, OperatorConfig config) {
    this.client = client;
    this.config = config;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    var metrics =
        MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build();
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withMetrics(metrics)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(config.concurrentReconciliations())
                  .withStopOnInformerErrorDuringStartup(false);
              if (config.leaderElection()) {
                var leaderElection =
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                        config.leaseName());
                if (config.leaseNamespace() != null) {
                  leaderElection.withLeaseNamespace(config.leaseNamespace());
                }
                o.withLeaderElectionConfiguration(leaderElection.build());
              }
            });
    this.reconciler = new SuperNovaStackReconciler(new StackMetrics(registry), config.faultRetry());
    operator.register(
        reconciler,
        c -> {
          if (config.namespaces().isEmpty()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(config.namespaces());
          }
        });
  }

  /** An operator that is not started yet. */
  public static SuperNovaOperator create(KubernetesClient client, OperatorConfig config) {
    return new SuperNovaOperator(client, config);
  }

  /** Starts the HTTP server (if any) and the operator; returns once informers are synced. */
  public synchronized SuperNovaOperator start() {
    if (config.httpPort() >= 0 && httpServer == null) {
      try {
        httpServer = new OperatorHttpServer(config.httpPort(), () -> true, this::isReady, registry);
        httpServer.start();
        LOG.info("Serving /healthz, /readyz and /metrics on port {}", httpServer.port());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    operator.start();
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
