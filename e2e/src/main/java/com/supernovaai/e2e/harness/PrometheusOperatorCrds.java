package com.supernovaai.e2e.harness;

import com.supernovaai.e2e.cluster.LocalControlPlane;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Installs the released Prometheus Operator CRDs (fetched by {@code
 * e2e/cluster/prometheus-operator-crds.sh}) as a user would: server-side apply, then wait until
 * established. Cluster-wide and idempotent, so any test may install them.
 */
public final class PrometheusOperatorCrds {

  private PrometheusOperatorCrds() {}

  public static synchronized void install(KubernetesClient client) {
    Path dir = LocalControlPlane.binary("prometheus-operator-crds");
    try (var files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        CustomResourceDefinition crd;
        try (InputStream in = Files.newInputStream(file)) {
          crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
        }
        var crds = client.apiextensions().v1().customResourceDefinitions();
        crds.resource(crd).fieldManager("supernova-tests").forceConflicts().serverSideApply();
        crds.withName(crd.getMetadata().getName())
            .waitUntilCondition(
                c ->
                    c != null
                        && c.getStatus() != null
                        && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream()
                            .anyMatch(
                                x ->
                                    "Established".equals(x.getType())
                                        && "True".equals(x.getStatus())),
                60,
                TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
