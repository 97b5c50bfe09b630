package com.supernovaai.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl explain sns.spec...} reads well: every field of our own API has a description.
 * Fields inside embedded Kubernetes types (env, resources, affinity, tolerations, HPA behavior) are
 * documented by Kubernetes itself and are not walked into.
 */
class CrdDescriptionsTest {

  /** Our fields whose schema is a Kubernetes core type, so their members are Kubernetes'. */
  private static final Set<String> KUBERNETES_TYPED =
      Set.of(
          "spec.api.env",
          "spec.api.envFrom",
          "spec.api.autoscaling.behavior",
          "spec.api.scheduling.affinity",
          "spec.api.scheduling.nodeSelector",
          "spec.api.scheduling.tolerations",
          "spec.api.scheduling.topologySpreadConstraints",
          "spec.api.resources",
          "spec.database.resources",
          "spec.pooler.resources",
          "spec.redis.resources",
          "spec.backup.resources",
          "spec.frontend.resources");

  @Test
  void everyFieldOfOurApiHasADescription() throws IOException {
    CustomResourceDefinition crd =
        new KubernetesSerialization()
            .unmarshal(
                Files.readString(Path.of("../crds/" + SuperNovaStack.CRD_NAME + "-v1.yml")),
                CustomResourceDefinition.class);
    JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    List<String> undescribed = new ArrayList<>();
    List<String> walked = new ArrayList<>();
    // spec and status themselves are the CustomResource base class's, without a description.
    for (String top : List.of("spec", "status")) {
      root.getProperties()
          .get(top)
          .getProperties()
          .forEach((name, child) -> walk(child, top + "." + name, undescribed, walked));
    }
    assertThat(walked).as("fields walked").hasSizeGreaterThan(100);
    assertThat(undescribed).as("fields without a description").isEmpty();
  }

  private static void walk(
      JSONSchemaProps schema, String path, List<String> undescribed, List<String> walked) {
    if (schema == null) {
      return;
    }
    walked.add(path);
    if (schema.getDescription() == null || schema.getDescription().isBlank()) {
      undescribed.add(path);
    }
    if (KUBERNETES_TYPED.contains(path)) {
      return;
    }
    if (schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach((name, child) -> walk(child, path + "." + name, undescribed, walked));
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      walkChildren(schema.getItems().getSchema(), path, undescribed, walked);
    }
  }

  /** The members of a list item: the item itself is described by its list field. */
  private static void walkChildren(
      JSONSchemaProps item, String path, List<String> undescribed, List<String> walked) {
    if (item.getProperties() != null) {
      item.getProperties()
          .forEach((name, child) -> walk(child, path + "[]." + name, undescribed, walked));
    }
  }
}
