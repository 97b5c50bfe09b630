package com.supernovaai.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.Crds;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.runtime.OperatorConfig;
import com.supernovaai.operator.runtime.SuperNovaOperator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The operator process on the real API server: one whose informers cannot start becomes not live,
 * so that Kubernetes restarts it, and says why in one log line; one that loses its Lease stops
 * reconciling and ends.
 */
@ExtendWith(KubernetesClusterExtension.class)
class OperatorHealthIT {

  private static final String USER = "supernova-operator-without-rbac";

  @Test
  void anOperatorThatMayNotWatchItsStacksIsNotLiveAndLogsTheServersAnswer(
      KubernetesClient admin,
      TestCluster cluster,
      KubernetesClusterExtension.TestNamespace namespace)
      throws Exception {
    // The CRD is there: what is missing is the permission, and that is what must be said.
    Crds.install(admin);
    Config config = Config.fromKubeconfig(cluster.kubeconfigYaml());
    config.setImpersonateUsername(USER);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(log);
    long start = System.nanoTime();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        SuperNovaOperator operator =
            SuperNovaOperator.create(
                client,
                // As the chart configures it, with the HTTP server on any free port.
                OperatorConfig.fromEnvironment(
                        Map.of(
                            "WATCH_NAMESPACES", namespace.name(),
                            "OPERATOR_HTTP_PORT", "0",
                            "LEADER_ELECTION", "false"))
                    .withInformerGrace(Duration.ofSeconds(5)))) {
      operator.start();
      HttpClient http = HttpClient.newHttpClient();
      URI healthz = URI.create("http://127.0.0.1:" + operator.httpPort() + "/healthz");

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  http.send(
                              HttpRequest.newBuilder(healthz).build(),
                              HttpResponse.BodyHandlers.discarding())
                          .statusCode()
                      == 503);
      System.out.printf(
          "OperatorHealthIT: not live %d s after start (grace 5 s)%n",
          Duration.ofNanos(System.nanoTime() - start).toSeconds());

      List<String> causes =
          log.list.stream()
              .filter(e -> e.getLoggerName().endsWith("InformerLiveness"))
              .map(ILoggingEvent::getFormattedMessage)
              .filter(m -> m.startsWith("Not live"))
              // The root logger also hears the operators of the classes running beside this one.
              .filter(m -> m.contains(" in namespace " + namespace.name() + ":"))
              .toList();
      assertThat(causes).as("one line, logged once").hasSize(1);
      assertThat(causes.get(0))
          .contains(
              "cannot watch supernovastacks.ops.supernova-ai.com in namespace "
                  + namespace.name()
                  + ": forbidden: ")
          // the API server's own words: who may not do what
          .contains("User \"" + USER + "\" cannot list resource \"supernovastacks\"");
      assertThat(operator.isReady()).isFalse();
    } finally {
      root.detachAppender(log);
    }
  }

  /**
   * Another holder takes the Lease (as after a partition): the operator reconciles nothing more and
   * runs its lease-lost action (in a pod: exit, and Kubernetes restarts it).
   */
  @Test
  void anOperatorThatLosesItsLeaseStopsReconcilingAndEnds(
      KubernetesClient client, KubernetesClusterExtension.TestNamespace namespace)
      throws Exception {
    Crds.install(client);
    String lease = "supernova-operator";
    CountDownLatch lost = new CountDownLatch(1);
    try (SuperNovaOperator operator =
        SuperNovaOperator.create(
            client,
            OperatorConfig.forNamespaces(namespace.name())
                .withLeaderElection(namespace.name(), lease, "operator-health-it"),
            lost::countDown)) {
      operator.start();
      stack(client, "before");
      await().atMost(Duration.ofSeconds(30)).until(() -> get(client, "before").getStatus() != null);

      long stolenAt = System.nanoTime();
      // A merge patch without resourceVersion, as `kubectl patch` sends it: a read-modify-write
      // (edit) raced the operator's own renewals and got 409 Conflict in a CI run. The operator's
      // next renewal is an update at the version it read, so it cannot write over this one.
      String renewTime =
          DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
              .format(ZonedDateTime.now(ZoneOffset.UTC));
      client
          .leases()
          .withName(lease)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"holderIdentity\":\"another-operator\",\"renewTime\":\""
                  + renewTime
                  + "\"}}");
      assertThat(lost.await(30, TimeUnit.SECONDS)).as("the lease-lost action ran").isTrue();
      System.out.printf(
          "OperatorHealthIT: lease loss noticed after %d ms%n",
          Duration.ofNanos(System.nanoTime() - stolenAt).toMillis());

      stack(client, "after");
      await()
          .pollDelay(Duration.ofSeconds(5))
          .atMost(Duration.ofSeconds(6))
          .untilAsserted(
              () ->
                  assertThat(get(client, "after").getStatus())
                      .as("a stack created after the Lease was lost is not reconciled")
                      .isNull());
    }
  }

  private static SuperNovaStack stack(KubernetesClient client, String name) {
    SuperNovaStack stack = Stacks.loadExample("minimal.yaml");
    stack.getMetadata().setName(name);
    stack.getMetadata().setNamespace(client.getNamespace());
    return client.resource(stack).create();
  }

  private static SuperNovaStack get(KubernetesClient client, String name) {
    return client.resources(SuperNovaStack.class).withName(name).get();
  }
}
