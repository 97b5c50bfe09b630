package com.supernovaai.e2e.harness;

import com.supernovaai.e2e.cluster.RepoPaths;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Installs the committed SuperNovaStack CRD ({@code crds/}) the way a user would: server-side
 * apply.
 */
public final class Crds {

  public static final String FILE = "crds/supernovastacks.ops.supernova-ai.com-v1.yml";

  private Crds() {}

  public static Path file() {
    return RepoPaths.root().resolve(FILE);
  }

  public static synchronized void install(KubernetesClient client) {
    CustomResourceDefinition crd;
    try (InputStream in = Files.newInputStream(file())) {
      crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(crd)
        .fieldManager("supernova-tests")
        .forceConflicts()
        .serverSideApply();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    // Right after creation the status exists but has no conditions yet.
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
            60,
            TimeUnit.SECONDS);
  }
}
