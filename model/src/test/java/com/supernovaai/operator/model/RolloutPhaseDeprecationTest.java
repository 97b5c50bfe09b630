package com.supernovaai.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Rollout phase Promoting was renamed Switched. For one release the old name stays valid: stacks
 * whose status a previous operator wrote still read, and the CRD says which name is deprecated.
 */
class RolloutPhaseDeprecationTest {

  @Test
  void aStatusWrittenByThePreviousReleaseStillReads() {
    RolloutStatus status =
        new KubernetesSerialization().unmarshal("{\"phase\":\"Promoting\"}", RolloutStatus.class);
    assertThat(status.getPhase()).isEqualTo(RolloutPhase.Promoting);
  }

  @Test
  void theCrdAcceptsBothNamesAndSaysWhichIsDeprecated() throws IOException {
    CustomResourceDefinition crd =
        new KubernetesSerialization()
            .unmarshal(
                Files.readString(Path.of("../crds/" + SuperNovaStack.CRD_NAME + "-v1.yml")),
                CustomResourceDefinition.class);
    JSONSchemaProps phase =
        crd.getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("status")
            .getProperties()
            .get("rollout")
            .getProperties()
            .get("phase");
    assertThat(phase.getEnum()).extracting(JsonNode::asText).contains("Switched", "Promoting");
    assertThat(phase.getDescription()).contains("Promoting is the deprecated name of Switched");
  }
}
