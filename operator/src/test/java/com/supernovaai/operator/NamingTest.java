package com.supernovaai.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamingTest {

  @Test
  void namesOfAStack() {
    var stack = Stacks.minimal();
    assertThat(StackNames.apiDeployment(stack, StackNames.BLUE)).isEqualTo("prod-api-blue");
    assertThat(StackNames.apiDeployment(stack, StackNames.GREEN)).isEqualTo("prod-api-green");
    assertThat(StackNames.apiService(stack)).isEqualTo("prod-api");
    assertThat(StackNames.apiPreviewService(stack)).isEqualTo("prod-api-preview");
    assertThat(StackNames.database(stack)).isEqualTo("prod-db");
    assertThat(StackNames.pooler(stack)).isEqualTo("prod-pooler");
    assertThat(StackNames.redis(stack)).isEqualTo("prod-redis");
    assertThat(StackNames.backupVolume(stack)).isEqualTo("prod-backup");
    assertThat(StackNames.serviceHost(stack, "prod-api")).isEqualTo("prod-api.supernova.svc");
  }

  @Test
  void labelsAndSelectors() {
    var stack = Stacks.minimal();
    assertThat(Labels.of(stack, Labels.COMPONENT_DATABASE))
        .containsOnlyKeys(
            Labels.NAME, Labels.INSTANCE, Labels.COMPONENT, Labels.PART_OF, Labels.MANAGED_BY);
    assertThat(Labels.stackSelector(stack))
        .isEqualTo(
            "app.kubernetes.io/managed-by=supernova-operator,app.kubernetes.io/instance=prod");
    assertThat(Labels.selector(stack, "api")).doesNotContainKey(Labels.VERSION);
  }

  @Test
  void versionLabelFromImage() {
    assertThat(Labels.versionOf("registry.example.com:5000/supernova/api:1.4.2"))
        .isEqualTo("1.4.2");
    assertThat(Labels.versionOf("registry.example.com:5000/supernova/api")).isNull();
    assertThat(Labels.versionOf("redis:7.2-alpine")).isEqualTo("7.2-alpine");
    assertThat(Labels.versionOf("api@sha256:" + "a".repeat(64))).hasSize(63).startsWith("sha256-");
  }
}
