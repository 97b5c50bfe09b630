package com.supernovaai.e2e.harness;

import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.operator.OperatorConfig;
import com.supernovaai.operator.SuperNovaOperator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator running inside the test JVM against the real cluster, watching chosen namespaces.
 *
 * <p>It acts as its own user ({@link #USER}, impersonated by the admin credentials), so the API
 * server's audit log tells its writes apart from the test's.
 */
public final class InProcessOperator implements AutoCloseable {

  public static final String USER = "supernova-operator-under-test";
  private static final Logger LOG = LoggerFactory.getLogger(InProcessOperator.class);
  public static final String LEASE_NAMESPACE = "default";
  private final String leaseName;
  private final KubernetesClient client;
  private final Set<String> namespaces;
  private SuperNovaOperator operator;

  private InProcessOperator(KubernetesClient client, Set<String> namespaces) {
    this.client = client;
    this.namespaces = namespaces;
    this.leaseName = "supernova-operator-" + namespaces.stream().sorted().findFirst().orElseThrow();
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

  /**
   * With leader election, as in a cluster. Each harness has a Lease of its own (named after its
   * first namespace), so test classes never wait for each other; it lives in {@link
   * #LEASE_NAMESPACE}, so that its renewals (every 2 s) are not counted as writes in the watched
   * namespaces. The identity stays the same across {@link #restart}: a restarted operator takes its
   * Lease back at once. Losing it is logged instead of ending the test JVM.
   */
  private void startOperator() {
    OperatorConfig config =
        OperatorConfig.forNamespaces(namespaces.toArray(String[]::new))
            .withLeaderElection(LEASE_NAMESPACE, leaseName, USER);
    SuperNovaOperator created =
        SuperNovaOperator.create(
            client, config, () -> LOG.error("The operator under test lost its Lease"));
    operator = created.start();
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
    client.leases().inNamespace(LEASE_NAMESPACE).withName(leaseName).delete();
    client.close();
  }
}
