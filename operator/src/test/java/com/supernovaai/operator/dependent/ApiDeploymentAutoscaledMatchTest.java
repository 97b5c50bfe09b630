package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
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

  /**
   * The blue Deployment after the hand-over and the HPA's scale: the operator's apply holds every
   * field it renders but spec.replicas, the HPA's update of the scale subresource holds that.
   */
  private Deployment scaledByTheHpa(SuperNovaStack stack, int replicas) {
    Deployment created = blue.desired(stack, TestContexts.with());
    Deployment rendered = blue.desired(stack, TestContexts.with(created));
    rendered.addOwnerReference(stack);
    Map<String, Object> operatorSpec = new LinkedHashMap<>();
    new KubernetesSerialization()
        .convertValue(rendered.getSpec(), Map.class)
        .keySet()
        .forEach(key -> operatorSpec.put("f:" + key, Map.of()));
    return new DeploymentBuilder(rendered)
        .editMetadata()
        .withManagedFields(
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
                    operatorSpec)),
            entry(AUTOSCALER, "Update", Map.of("f:spec", Map.of("f:replicas", Map.of()))))
        .endMetadata()
        .editSpec()
        .withReplicas(replicas)
        .endSpec()
        .build();
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
