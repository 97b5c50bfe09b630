package com.supernovaai.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.FieldManagers;
import com.supernovaai.operator.rollout.Deployments;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachedMetadataTest {

  /** The operator's apply entry of a Deployment, as the API server records it. */
  private static final ManagedFieldsEntry OPERATOR_APPLY =
      entry(
          FieldManagers.OPERATOR,
          "Apply",
          "{\"f:metadata\":{\"f:labels\":{\"f:app.kubernetes.io/instance\":{}}},"
              + "\"f:spec\":{\"f:template\":{\"f:spec\":{\"f:containers\":"
              + "{\"k:{\\\"name\\\":\\\"api\\\"}\":{\".\":{},\"f:image\":{}}}}}}}");

  private static final ManagedFieldsEntry HANDOVER_APPLY =
      entry(FieldManagers.HPA_HANDOVER, "Apply", "{\"f:spec\":{\"f:replicas\":{}}}");

  private static final ManagedFieldsEntry CONTROLLER_STATUS =
      entry(
          "kube-controller-manager",
          "Update",
          "{\"f:status\":{\"f:availableReplicas\":{},\"f:conditions\":{}}}");

  private static final ManagedFieldsEntry KUBECTL_EDIT =
      entry("kubectl-edit", "Update", "{\"f:spec\":{\"f:template\":{}}}");

  private static ManagedFieldsEntry entry(String manager, String operation, String fields) {
    return new ManagedFieldsEntryBuilder()
        .withManager(manager)
        .withOperation(operation)
        .withApiVersion("apps/v1")
        .withFieldsType("FieldsV1")
        .withFieldsV1(Serialization.unmarshal(fields, FieldsV1.class))
        .withTime("2026-12-02T10:00:00Z")
        .build();
  }

  private static Deployment deployment(
      List<ManagedFieldsEntry> managedFields, Map<String, String> annotations) {
    // Through JSON, as an informer gets it.
    return Serialization.unmarshal(
        Serialization.asJson(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("prod-api-blue")
                .withNamespace("shop")
                .withResourceVersion("42")
                .addToLabels("app.kubernetes.io/instance", "prod")
                .withAnnotations(annotations)
                .withManagedFields(managedFields)
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .endSpec()
                .build()),
        Deployment.class);
  }

  @Test
  void keepsOnlyWhetherTheOperatorsManagersApplyReplicas() {
    var operatorWithReplicas =
        entry(
            FieldManagers.OPERATOR,
            "Apply",
            "{\"f:metadata\":{\"f:labels\":{}},\"f:spec\":{\"f:replicas\":{},\"f:template\":{}}}");
    var actual =
        deployment(
            List.of(CONTROLLER_STATUS, operatorWithReplicas, KUBECTL_EDIT, HANDOVER_APPLY),
            Map.of());

    var pruned = CachedMetadata.pruned(actual.getMetadata(), FieldManagers.READ);

    assertThat(pruned.getManagedFields())
        .extracting(ManagedFieldsEntry::getManager)
        .containsExactly(FieldManagers.OPERATOR, FieldManagers.HPA_HANDOVER);
    assertThat(pruned.getManagedFields())
        .allSatisfy(
            e -> {
              assertThat(Serialization.asJson(e.getFieldsV1()))
                  .isEqualTo("{\"f:spec\":{\"f:replicas\":{}}}");
              assertThat(e.getOperation()).isEqualTo("Apply");
            });
    // What the rollout reads of them is unchanged.
    var cached = new Deployment();
    cached.setMetadata(pruned);
    assertThat(Deployments.appliesReplicas(cached, FieldManagers.OPERATOR)).isTrue();
    assertThat(Deployments.appliesReplicas(cached, FieldManagers.HPA_HANDOVER)).isTrue();
  }

  @Test
  void anEntryOfTheOperatorsThatLeavesReplicasOutIsDropped() {
    // The operator's apply of every object but an API Deployment at its planned size.
    var actual = deployment(List.of(OPERATOR_APPLY, CONTROLLER_STATUS), Map.of());

    var pruned = CachedMetadata.pruned(actual.getMetadata(), FieldManagers.READ);

    assertThat(pruned.getManagedFields()).isEmpty();
    var cached = new Deployment();
    cached.setMetadata(pruned);
    assertThat(Deployments.appliesReplicas(cached, FieldManagers.OPERATOR)).isFalse();
  }

  @Test
  void keepsEverythingElseOfTheMetadata() {
    var actual =
        deployment(
            List.of(OPERATOR_APPLY, CONTROLLER_STATUS),
            Map.of(
                "supernova.ai/promoted-at",
                "2026-12-02T10:00:00Z",
                CachedMetadata.LAST_APPLIED,
                "{\"apiVersion\":\"apps/v1\"}"));

    var pruned = CachedMetadata.pruned(actual.getMetadata(), FieldManagers.READ);

    assertThat(pruned.getAnnotations())
        .containsExactly(Map.entry("supernova.ai/promoted-at", "2026-12-02T10:00:00Z"));
    assertThat(pruned.getName()).isEqualTo("prod-api-blue");
    assertThat(pruned.getNamespace()).isEqualTo("shop");
    assertThat(pruned.getResourceVersion()).isEqualTo("42");
    assertThat(pruned.getLabels()).isEqualTo(actual.getMetadata().getLabels());
  }

  @Test
  void anObjectTheOperatorNeverAppliedKeepsAnEmptyList() {
    // Code that streams managedFields without a null check (JOSDK's SSA matcher does) finds a
    // list, as on an object read from the API server.
    var pod = deployment(List.of(CONTROLLER_STATUS, KUBECTL_EDIT), Map.of());

    var pruned = CachedMetadata.pruned(pod.getMetadata(), FieldManagers.READ);

    assertThat(pruned.getManagedFields()).isNotNull().isEmpty();
  }

  @Test
  void metadataWithNothingToDropIsReturnedAsItIs() {
    var actual = deployment(List.of(HANDOVER_APPLY), Map.of("supernova.ai/color", "blue"));
    var pruned = CachedMetadata.pruned(actual.getMetadata(), FieldManagers.READ);

    assertThat(CachedMetadata.pruned(pruned, FieldManagers.READ)).isSameAs(pruned);
  }

  @Test
  void theInputIsLeftUnchanged() {
    var actual = deployment(List.of(OPERATOR_APPLY, CONTROLLER_STATUS), Map.of());
    String before = Serialization.asJson(actual);

    CachedMetadata.pruned(actual.getMetadata(), FieldManagers.READ);

    assertThat(Serialization.asJson(actual)).isEqualTo(before);
  }
}
