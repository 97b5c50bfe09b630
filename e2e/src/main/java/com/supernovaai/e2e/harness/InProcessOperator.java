package com.supernovaai.e2e.harness;

import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.operator.cache.OperatorSerialization;
import com.supernovaai.operator.runtime.OperatorConfig;
import com.supernovaai.operator.runtime.SuperNovaOperator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator running inside the test JVM against the real cluster, watching chosen namespaces.
 *
 * <p>It acts as its own user ({@link #USER}, impersonated by the admin credentials), so the API
 * server's audit log tells its writes apart from the test's; or, started {@link #startWith with a
 * client} of a ServiceAccount, with exactly that account's rights.
 */
public final class InProcessOperator implements AutoCloseable {

  public static final String USER = "supernova-operator-under-test";
  private static final Logger LOG = LoggerFactory.getLogger(InProcessOperator.class);
  public static final String LEASE_NAMESPACE = "default";

  /**
   * Shorter than the operator's default (30 s): tests that fix a fault wait for the next retry, and
   * a retry finds nothing to do on a stack without one.
   */
  public static final Duration FAULT_RETRY = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final OperatorConfig config;
  private final boolean ownsLease;
  private SuperNovaOperator operator;

  private InProcessOperator(KubernetesClient client, OperatorConfig config, boolean ownsLease) {
    this.client = client;
    this.config = config;
    this.ownsLease = ownsLease;
  }

  /** Installs the CRD if needed and starts an operator watching {@code namespaces}. */
  public static InProcessOperator start(TestCluster cluster, String... namespaces) {
    return start(cluster.kubeconfigYaml(), namespaces);
  }

  /** The same against any cluster, e.g. a {@code RealNode}'s. */
  public static InProcessOperator start(String kubeconfigYaml, String... namespaces) {
    Config config = Config.fromKubeconfig(kubeconfigYaml);
    config.setImpersonateUsername(USER);
    config.setImpersonateGroups("system:masters");
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withKubernetesSerialization(OperatorSerialization.shared())
            .build();
    Crds.install(client);
    // A Lease of its own (named after the first namespace), so test classes never wait for each
    // other; in LEASE_NAMESPACE, so its renewals (every 2 s) are not writes in the watched ones.
    String leaseName =
        "supernova-operator-" + Arrays.stream(namespaces).sorted().findFirst().orElseThrow();
    InProcessOperator harness =
        new InProcessOperator(
            client,
            OperatorConfig.forNamespaces(namespaces)
                .withLeaderElection(LEASE_NAMESPACE, leaseName, USER)
                .withFaultRetry(FAULT_RETRY),
            true);
    harness.startOperator();
    return harness;
  }

  /**
   * An operator acting with {@code client}'s own rights (a ServiceAccount's, see {@link
   * ServiceAccounts}) and {@code config}; the CRD must be installed already. Closing it closes
   * {@code client}. Its Lease, if any, is left to the caller: a ServiceAccount may not delete it.
   */
  public static InProcessOperator startWith(KubernetesClient client, OperatorConfig config) {
    InProcessOperator harness = new InProcessOperator(client, config, false);
    harness.startOperator();
    return harness;
  }

  /**
   * The identity stays the same across {@link #restart}: a restarted operator takes its Lease back
   * at once. Losing it is logged instead of ending the test JVM.
   */
  private void startOperator() {
    operator =
        SuperNovaOperator.create(
                client, config, () -> LOG.error("The operator under test lost its Lease"))
            .start();
  }

  /**
   * Stops and starts the operator again, as a pod restart would (caches are rebuilt from the
   * cluster).
   */
  public void restart() {
    operator.stop();
    startOperator();
  }

  public void stop() {
    if (operator != null) {
      operator.stop();
      operator = null;
    }
  }

  public void startAgain() {
    if (operator == null) {
      startOperator();
    }
  }

  public SuperNovaOperator operator() {
    return operator;
  }

  @Override
  public void close() {
    stop();
    if (ownsLease) {
      client.leases().inNamespace(config.leaseNamespace()).withName(config.leaseName()).delete();
    }
    client.close();
  }
}
