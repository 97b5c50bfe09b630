package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.RolloutPlanner;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the operator's server-side apply of an autoscaled API Deployment carries, decided by JOSDK's
 * SSA matcher on the managed fields the API server reports: once the HPA has set spec.replicas, no
 * apply of the operator's may carry it, or it would write back a count its cache held.
 */
class ApiDeploymentAutoscaledMatchTest {

  private static final String OPERATOR = "supernova-operator";
  private static final String AUTOSCALER = "kube-controller-manager";

  private final ApiDeploymentDependent blue = new ApiDeploymentDependent.Blue();

  @Test
  void anHpaScaleIsNoReasonForAWrite() {
    SuperNovaStack stack = Stacks.minimal();
    Deployment scaled = scaledByTheHpa(stack, 6);
    Context<SuperNovaStack> context = ssaContext(scaled);

    var result = blue.match(scaled, blue.desired(stack, context), stack, context);

    assertThat(result.matched()).as("nothing of the operator's changed").isTrue();
  }

  @Test
  void aChangeOfTheOperatorsIsAppliedWithoutReplicas() {
    SuperNovaStack stack = Stacks.minimal();
    Deployment scaled = scaledByTheHpa(stack, 6);
    stack.getSpec().getApi().getRollout().setMinReadySeconds(17);
    Context<SuperNovaStack> context = ssaContext(scaled);

    var result = blue.match(scaled, blue.desired(stack, context), stack, context);

    assertThat(result.matched()).isFalse();
    Deployment applied = result.computedDesired().orElseThrow();
    assertThat(applied.getSpec().getMinReadySeconds()).isEqualTo(17);
    assertThat(applied.getSpec().getReplicas()).as("spec.replicas in the apply").isNull();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theOperatorReleasesReplicasOnceTheyAreHandedOver() {
    SuperNovaStack stack = Stacks.minimal();
    // Created at the HPA's minimum by the operator's apply; the hand-over manager holds the count
    // too now: the operator's next apply leaves it out, which releases the operator's share.
    Deployment handedOver = scaledByTheHpa(stack, 3);
    List<ManagedFieldsEntry> managers = handedOver.getMetadata().getManagedFields();
    ((Map<String, Object>) managers.get(0).getFieldsV1().getAdditionalProperties().get("f:spec"))
        .put("f:replicas", Map.of());
    handedOver
        .getMetadata()
        .setManagedFields(
            List.of(
                managers.get(0),
                entry(
                    RolloutPlanner.HANDOVER_FIELD_MANAGER,
                    "Apply",
                    Map.of("f:spec", Map.of("f:replicas", Map.of())))));
    Context<SuperNovaStack> context = ssaContext(handedOver);

    var result = blue.match(handedOver, blue.desired(stack, context), stack, context);

    assertThat(result.matched()).isFalse();
    assertThat(result.computedDesired().orElseThrow().getSpec().getReplicas())
        .as("spec.replicas in the apply")
        .isNull();
  }

  /**
   * The blue Deployment after the hand-over and the HPA's scale: the operator's apply holds every
   * field it renders but spec.replicas, the HPA's update of the scale subresource holds that.
   */
  private Deployment scaledByTheHpa(SuperNovaStack stack, int replicas) {
    Deployment created = blue.desired(stack, TestContexts.with());
    Deployment rendered = blue.desired(stack, TestContexts.with(created));
    rendered.addOwnerReference(stack);
    var serialization = new KubernetesSerialization();
    Deployment scaled = serialization.clone(rendered);
    Map<String, Object> applied = serialization.convertValue(rendered, Map.class);
    scaled
        .getMetadata()
        .setManagedFields(
            List.of(
                entry(
                    OPERATOR,
                    "Apply",
                    Map.of(
                        "f:metadata",
                        Map.of(
                            "f:labels",
                            Map.of(),
                            "f:annotations",
                            Map.of(),
                            "f:ownerReferences",
                            Map.of()),
                        "f:spec",
                        fields(applied.get("spec")))),
                entry(AUTOSCALER, "Update", Map.of("f:spec", Map.of("f:replicas", Map.of())))));
    scaled.getSpec().setReplicas(replicas);
    return scaled;
  }

  /**
   * The FieldsV1 the API server records for an applied value: a field per key, list items by name
   * where they have one, other lists whole.
   */
  private static Map<String, Object> fields(Object value) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, child) -> fields.put("f:" + key, fields(child)));
    } else if (value instanceof List<?> list
        && !list.isEmpty()
        && list.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null)) {
      list.forEach(
          item ->
              fields.put("k:{\"name\":\"" + ((Map<?, ?>) item).get("name") + "\"}", fields(item)));
    }
    return fields;
  }

  private static ManagedFieldsEntry entry(
      String manager, String operation, Map<String, Object> fields) {
    FieldsV1 fieldsV1 = new FieldsV1();
    fields.forEach(fieldsV1::setAdditionalProperty);
    return new ManagedFieldsEntryBuilder()
        .withManager(manager)
        .withOperation(operation)
        .withApiVersion("apps/v1")
        .withFieldsType("FieldsV1")
        .withFieldsV1(fieldsV1)
        .build();
  }

  /** A context whose dependents apply with SSA as {@link #OPERATOR}, like the operator's. */
  @SuppressWarnings("unchecked")
  private static Context<SuperNovaStack> ssaContext(Deployment... cached) {
    Context<SuperNovaStack> context = TestContexts.with(cached);
    ControllerConfiguration<SuperNovaStack> configuration = mock(ControllerConfiguration.class);
    ConfigurationService service = mock(ConfigurationService.class);
    when(service.shouldUseSSA(any(), any(), any())).thenReturn(true);
    when(configuration.fieldManager()).thenReturn(OPERATOR);
    when(configuration.getConfigurationService()).thenReturn(service);
    when(context.getControllerConfiguration()).thenReturn(configuration);
    KubernetesClient client = mock(KubernetesClient.class);
    when(client.getKubernetesSerialization()).thenReturn(new KubernetesSerialization());
    when(context.getClient()).thenReturn(client);
    return context;
  }
}
