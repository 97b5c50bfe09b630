package com.supernovaai.e2e.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

/**
 * The operator's own identity, as in a real deployment: a ServiceAccount bound to cluster-admin and
 * its token, so that its writes carry its name in the audit log.
 */
final class OperatorIdentity {

  static final String NAMESPACE = "supernova-system";
  static final String NAME = "supernova-operator";
  static final String USER = "system:serviceaccount:" + NAMESPACE + ":" + NAME;

  private OperatorIdentity() {}

  /**
   * Creates the ServiceAccount and binding, and writes its token and the cluster's CA certificate
   * into {@code dir/operator-serviceaccount}, as a pod has them.
   */
  static Credentials create(KubernetesClient admin, Path dir) {
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    var account =
        admin
            .serviceAccounts()
            .inNamespace(NAMESPACE)
            .resource(
                new ServiceAccountBuilder()
                    .withNewMetadata()
                    .withName(NAME)
                    .withNamespace(NAMESPACE)
                    .endMetadata()
                    .build())
            .serverSideApply();
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(NAME + "-bench")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(NAME)
                .withNamespace(NAMESPACE)
                .endSubject()
                .build())
        .serverSideApply();
    String token =
        admin
            .serviceAccounts()
            .inNamespace(NAMESPACE)
            .withName(account.getMetadata().getName())
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(24L * 3600)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    var config = admin.getConfiguration();
    byte[] ca =
        config.getCaCertData() != null
            ? Base64.getDecoder().decode(config.getCaCertData())
            : readCaFile(config.getCaCertFile());
    URI server = URI.create(config.getMasterUrl());
    Path files = dir.resolve("operator-serviceaccount");
    try {
      Files.createDirectories(files);
      Files.setPosixFilePermissions(files, PosixFilePermissions.fromString("rwx------"));
      Files.writeString(files.resolve("token"), token);
      Files.setPosixFilePermissions(
          files.resolve("token"), PosixFilePermissions.fromString("rw-------"));
      Files.write(files.resolve("ca.crt"), ca);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Credentials(
        server.getHost(), server.getPort(), files.resolve("token"), files.resolve("ca.crt"));
  }

  /**
   * How the operator process finds the API server: as in its pod (the service's address in the
   * environment, the token and CA certificate in files), not from a kubeconfig. fabric8 reads a
   * kubeconfig with a serialization that registers every kind on the class path (348, 6 MiB of
   * classes), which the operator in its pod never loads.
   */
  record Credentials(String host, int port, Path token, Path caCertificate) {

    /** The variables the process is given; the token is in the file they name. */
    Map<String, String> environment() {
      return Map.of(
          "KUBERNETES_SERVICE_HOST", host,
          "KUBERNETES_SERVICE_PORT", Integer.toString(port),
          "KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN", token.toString(),
          "KUBERNETES_CERTS_CA_FILE", caCertificate.toString(),
          "KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    }
  }

  private static byte[] readCaFile(String file) {
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
