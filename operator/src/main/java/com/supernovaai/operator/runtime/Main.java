package com.supernovaai.operator.runtime;

import com.supernovaai.operator.cache.OperatorSerialization;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar supernova-operator.jar}: connects with KUBECONFIG or the in-cluster
 * configuration and runs until stopped (see {@link OperatorConfig#fromEnvironment}).
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    var config = OperatorConfig.fromEnvironment(System.getenv());
    Config kubernetes = new ConfigBuilder().build(); // KUBECONFIG, else in-cluster
    var client =
        new KubernetesClientBuilder()
            .withConfig(kubernetes)
            .withHttpClientFactory(new ApiServerHttpClientFactory(kubernetes.getTlsVersions()))
            .withKubernetesSerialization(OperatorSerialization.shared())
            .build();
    var operator = SuperNovaOperator.create(client, config);
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.stop();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    try {
      operator.start();
    } catch (RuntimeException e) {
      // Already logged in one line; a restart by Kubernetes is the way to try again.
      System.exit(1);
    }
    stopped.await();
  }
}
