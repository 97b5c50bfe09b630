package com.supernovaai.e2e.cluster;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/** A K3s Testcontainer: the cluster for machines that have a Docker engine. */
final class K3sCluster implements AutoCloseable {

  static final String IMAGE = "rancher/k3s:v1.34.4-k3s1";
  private final K3sContainer container;

  private K3sCluster(K3sContainer container) {
    this.container = container;
  }

  static boolean dockerAvailable() {
    // Asking Testcontainers on a machine without any Docker endpoint logs a scary error; skip that.
    String dockerHost = System.getenv("DOCKER_HOST");
    if ((dockerHost == null || dockerHost.isBlank())
        && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
        && !java.nio.file.Files.exists(
            java.nio.file.Path.of(System.getProperty("user.home"), ".testcontainers.properties"))) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  static K3sCluster start() {
    K3sContainer container = new K3sContainer(DockerImageName.parse(IMAGE));
    container.start();
    return new K3sCluster(container);
  }

  String kubeconfigYaml() {
    return container.getKubeConfigYaml();
  }

  @Override
  public void close() {
    container.stop();
  }
}
