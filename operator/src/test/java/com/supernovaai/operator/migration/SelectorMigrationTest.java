package com.supernovaai.operator.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorMigrationTest {

  private static final Map<String, String> OLD =
      Map.of(Labels.INSTANCE, "prod", Labels.COMPONENT, "database");
  private static final Map<String, String> POD_LABELS =
      Map.of(
          Labels.NAME, "supernova",
          Labels.INSTANCE, "prod",
          Labels.COMPONENT, "database",
          Labels.MANAGED_BY, "supernova-operator");

  @Test
  void onlyTheStacksSelectorsWithoutTheNameLabelAreOutdated() {
    assertThat(SelectorMigration.outdated(selector(OLD))).isTrue();
    assertThat(
            SelectorMigration.outdated(
                selector(Map.of(Labels.NAME, "supernova", Labels.INSTANCE, "prod"))))
        .isFalse();
    assertThat(SelectorMigration.outdated(selector(Map.of("app", "something-else")))).isFalse();
    assertThat(SelectorMigration.outdated(null)).isFalse();
  }

  @Test
  void aStatefulSetIsReplacedWithTheSameSpecClaimsAndOwnerUnderTheNewSelector() {
    StatefulSet old =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("prod-db")
            .withNamespace("ns")
            .withUid("old-uid")
            .withResourceVersion("42")
            .withLabels(POD_LABELS)
            .addToAnnotations("ops.supernova-ai.com/note", "kept")
            .addNewOwnerReference()
            .withKind("SuperNovaStack")
            .withName("prod")
            .withUid("stack-uid")
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withServiceName("prod-db-headless")
            .withSelector(selector(OLD))
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(POD_LABELS)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("timescaledb")
            .withImage("timescale:1")
            .endContainer()
            .endSpec()
            .endTemplate()
            .withVolumeClaimTemplates(
                new PersistentVolumeClaimBuilder()
                    .withNewMetadata()
                    .withName("data")
                    .endMetadata()
                    .build())
            .endSpec()
            .withNewStatus()
            .withReplicas(1)
            .endStatus()
            .build();

    StatefulSet next = SelectorMigration.replacement(old);

    assertThat(next.getSpec().getSelector().getMatchLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                Labels.NAME, "supernova", Labels.INSTANCE, "prod", Labels.COMPONENT, "database"));
    assertThat(next.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(POD_LABELS);
    assertThat(next.getSpec().getVolumeClaimTemplates())
        .isEqualTo(old.getSpec().getVolumeClaimTemplates());
    assertThat(next.getSpec().getTemplate().getSpec())
        .isEqualTo(old.getSpec().getTemplate().getSpec());
    assertThat(next.getSpec().getServiceName()).isEqualTo("prod-db-headless");
    assertThat(next.getMetadata().getOwnerReferences())
        .isEqualTo(old.getMetadata().getOwnerReferences());
    assertThat(next.getMetadata().getAnnotations())
        .containsEntry("ops.supernova-ai.com/note", "kept");
    assertThat(next.getMetadata().getUid()).isNull();
    assertThat(next.getMetadata().getResourceVersion()).isNull();
    assertThat(next.getStatus()).isNull();
    assertThat(SelectorMigration.outdated(next.getSpec().getSelector())).isFalse();
  }

  @Test
  void aColorDeploymentKeepsItsColorReplicasAndRolloutAnnotations() {
    Map<String, String> oldSelector =
        Map.of(Labels.INSTANCE, "prod", Labels.COMPONENT, "api", Labels.COLOR, "green");
    Deployment old =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("prod-api-green")
            .withNamespace("ns")
            .addToAnnotations("ops.supernova-ai.com/rollout-phase", "Promoted")
            .endMetadata()
            .withNewSpec()
            .withReplicas(4)
            .withSelector(selector(oldSelector))
            .withNewTemplate()
            .withNewMetadata()
            // a template that lacks the name label still matches the new selector
            .withLabels(oldSelector)
            .endMetadata()
            .endTemplate()
            .endSpec()
            .build();

    Deployment next = SelectorMigration.replacement(old);

    assertThat(next.getSpec().getSelector().getMatchLabels())
        .containsEntry(Labels.NAME, "supernova")
        .containsEntry(Labels.COLOR, "green");
    assertThat(next.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(next.getSpec().getSelector().getMatchLabels());
    assertThat(next.getSpec().getReplicas()).isEqualTo(4);
    assertThat(next.getMetadata().getAnnotations())
        .containsEntry("ops.supernova-ai.com/rollout-phase", "Promoted");
  }

  private static LabelSelector selector(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(labels).build();
  }
}
