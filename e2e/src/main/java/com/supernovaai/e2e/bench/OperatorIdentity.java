package com.supernovaai.e2e.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * The operator's own identity, as in a real deployment: a ServiceAccount bound to cluster-admin and
 * a kubeconfig with its token, so that its writes carry its name in the audit log.
 */
final class OperatorIdentity {

  static final String NAMESPACE = "supernova-system";
  static final String NAME = "supernova-operator";
  static final String USER = "system:serviceaccount:" + NAMESPACE + ":" + NAME;

  private OperatorIdentity() {}

  /** Creates the ServiceAccount and binding, and writes {@code dir/operator-kubeconfig}. */
  static Path create(KubernetesClient admin, Path dir) {
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
    String ca =
        config.getCaCertData() != null
            ? config.getCaCertData()
            : Base64.getEncoder().encodeToString(readCaFile(config.getCaCertFile()));
    String yaml =
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: local",
            "  cluster:",
            "    server: " + config.getMasterUrl(),
            "    certificate-authority-data: " + ca,
            "users:",
            "- name: " + NAME,
            "  user:",
            "    token: " + token,
            "contexts:",
            "- name: operator",
            "  context: {cluster: local, user: " + NAME + "}",
            "current-context: operator",
            "");
    Path file = dir.resolve("operator-kubeconfig");
    try {
      Files.writeString(file, yaml);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static byte[] readCaFile(String file) {
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
