package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The downward API's field references name their API version: the API server defaults it, and a
 * desired object without it differs from the actual one for ever (the sentinel-mode Redis
 * StatefulSet was patched on every reconcile of an idle operator, StackLifecycleIT).
 */
class DownwardApiTest {

  @Test
  void anEnvironmentVariableFromAFieldNamesV1() {
    assertThat(EnvVars.fromField("POD_NAME", "metadata.name").getValueFrom().getFieldRef())
        .satisfies(
            ref -> {
              assertThat(ref.getApiVersion()).isEqualTo("v1");
              assertThat(ref.getFieldPath()).isEqualTo("metadata.name");
            });
  }

  @Test
  void theTokenVolumesNamespaceFileNamesV1() {
    assertThat(DatabaseArchiving.tokenVolume().getProjected().getSources())
        .filteredOn(source -> source.getDownwardAPI() != null)
        .flatMap(source -> source.getDownwardAPI().getItems())
        .isNotEmpty()
        .allSatisfy(item -> assertThat(item.getFieldRef().getApiVersion()).isEqualTo("v1"));
  }
}
