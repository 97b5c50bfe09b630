package com.supernovaai.e2e.harness;

import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.operator.OperatorConfig;
import com.supernovaai.operator.SuperNovaOperator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Set;

/**
 * The operator running inside the test JVM against the real cluster, watching chosen namespaces.
 *
 * <p>It acts as its own user ({@link #USER}, impersonated by the admin credentials), so the API
 * server's audit log tells its writes apart from the test's.
 */
public final class InProcessOperator implements AutoCloseable {

  public static final String USER = "supernova-operator-under-test";

  /**
   * Shorter than the operator's default (30 s): tests that fix a fault wait for the next retry, and
   * a retry finds nothing to do on a stack without one.
   */
  public static final Duration FAULT_RETRY = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private SuperNovaOperator operator;

  private InProcessOperator(KubernetesClient client, Set<String> namespaces) {
    this.client = client;
    this.namespaces = namespaces;
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
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    Crds.install(client);
    InProcessOperator harness = new InProcessOperator(client, Set.of(namespaces));
    harness.startOperator();
    return harness;
  }

  private void startOperator() {
    operator =
        SuperNovaOperator.create(
                client,
                OperatorConfig.forNamespaces(namespaces.toArray(String[]::new))
                    .withFaultRetry(FAULT_RETRY))
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
    client.close();
  }
}
