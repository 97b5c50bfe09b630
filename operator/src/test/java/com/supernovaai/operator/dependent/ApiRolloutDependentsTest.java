package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.RolloutAnnotations;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API objects shaped by the blue-green plan: both Deployments, both Services, the HPA. */
class ApiRolloutDependentsTest {

  private final ApiDeploymentDependent blue = new ApiDeploymentDependent.Blue();
  private final ApiDeploymentDependent green = new ApiDeploymentDependent.Green();

  @Test
  void theTemplateHashIgnoresTheColorButNotTheImageOrPodAnnotations() {
    var stack = stack();
    String hash = ApiPodTemplate.hash(stack, TestContexts.with());
    var blueEnv = ApiPodTemplate.render(stack, TestContexts.with(), "blue");
    var greenEnv = ApiPodTemplate.render(stack, TestContexts.with(), "green");
    assertThat(blueEnv).isNotEqualTo(greenEnv);
    assertThat(ApiPodTemplate.hash(stack, TestContexts.with())).isEqualTo(hash);

    stack.getSpec().getApi().setImage("registry.example.com/supernova/api-server:1.6.0");
    String newImage = ApiPodTemplate.hash(stack, TestContexts.with());
    assertThat(newImage).isNotEqualTo(hash);

    stack.getSpec().getApi().setPodAnnotations(Map.of("kwok.supernova.test/never-ready", "true"));
    assertThat(ApiPodTemplate.hash(stack, TestContexts.with())).isNotEqualTo(newImage);
    assertThat(
            ApiPodTemplate.render(stack, TestContexts.with(), "green")
                .getMetadata()
                .getAnnotations())
        .containsEntry("kwok.supernova.test/never-ready", "true");
  }

  @Test
  void eachColorHasItsLabelSelectorAndEnv() {
    var stack = stack();
    Deployment d = green.desired(stack, rolloutContext(stack, "hash-old"));
    assertThat(d.getMetadata().getName()).isEqualTo("prod-api-green");
    assertThat(d.getSpec().getSelector().getMatchLabels()).containsEntry(Labels.COLOR, "green");
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry(Labels.COLOR, "green");
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .filteredOn(e -> e.getName().equals("SUPERNOVA_COLOR"))
        .extracting(EnvVar::getValue)
        .containsExactly("green");
  }

  @Test
  void aRolloutKeepsTheActiveTemplateAndRendersThePreviewAtTheActiveSize() {
    var stack = stack();
    var context = rolloutContext(stack, "hash-old");

    Deployment preview = green.desired(stack, context);
    assertThat(preview.getSpec().getReplicas()).isEqualTo(3);
    assertThat(preview.getMetadata().getAnnotations())
        .containsEntry(RolloutAnnotations.TEMPLATE_HASH, ApiPodTemplate.hash(stack, context))
        .containsKey(RolloutAnnotations.STARTED_AT);
    assertThat(preview.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .endsWith(":1.5.0");

    Deployment observedBlue = activeBlue("hash-old");
    Deployment kept = blue.desired(stack, context);
    assertThat(kept.getSpec().getTemplate()).isEqualTo(observedBlue.getSpec().getTemplate());
    assertThat(blue.match(observedBlue, kept, stack, context).matched())
        .as("the serving color is not written during a rollout")
        .isTrue();
  }

  @Test
  void servicesAndHpaFollowThePlan() {
    var stack = stack();
    stack.getSpec().getApi().getAutoscaling().setEnabled(true);
    var context = rolloutContext(stack, "hash-old");
    assertThat(new ApiServiceDependent().desired(stack, context).getSpec().getSelector())
        .containsEntry(Labels.COLOR, "blue");
    assertThat(new ApiPreviewServiceDependent().desired(stack, context).getSpec().getSelector())
        .containsEntry(Labels.COLOR, "green");
    assertThat(
            new ApiAutoscalerDependent()
                .desired(stack, context)
                .getSpec()
                .getScaleTargetRef()
                .getName())
        .isEqualTo("prod-api-blue");
    assertThat(new ApiPreviewServiceDependent().desired(stack, context).getMetadata().getName())
        .isEqualTo("prod-api-preview");
  }

  @Test
  void afterASwitchTheServiceAndHpaPointAtTheNewColor() {
    var stack = stack();
    var promoted = Instant.now().minusSeconds(2);
    var service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("prod-api")
            .withNamespace("supernova")
            .addToAnnotations(RolloutAnnotations.PROMOTED_AT, promoted.toString())
            .addToAnnotations(RolloutAnnotations.PREVIOUS_IMAGE, "example/api:1.4.2")
            .endMetadata()
            .withNewSpec()
            .withSelector(Map.of(Labels.COLOR, "green"))
            .endSpec()
            .build();
    var context = TestContexts.with(activeBlue("hash-old"), service);
    var desired = new ApiServiceDependent().desired(stack, context);
    assertThat(desired.getSpec().getSelector()).containsEntry(Labels.COLOR, "green");
    assertThat(desired.getMetadata().getAnnotations())
        .containsEntry(RolloutAnnotations.PROMOTED_AT, promoted.toString())
        .as("the rollback target stays until the next switch")
        .containsEntry(RolloutAnnotations.PREVIOUS_IMAGE, "example/api:1.4.2");
    assertThat(
            new ApiAutoscalerDependent()
                .desired(stack, context)
                .getSpec()
                .getScaleTargetRef()
                .getName())
        .isEqualTo("prod-api-green");
  }

  @Test
  void theDeploymentTheHpaScalesIsNeverWrittenAndANewColorStartsAtItsCount() {
    var stack = stack();
    stack.getSpec().getApi().getAutoscaling().setEnabled(true);
    var scaledBlue = activeBlue("hash-old");
    scaledBlue.getSpec().setReplicas(7); // the HPA scaled it up
    var rolling = TestContexts.with(scaledBlue, activeService("blue", null));

    // During the rollout: blue is the HPA's; the preview starts at blue's current count.
    Deployment keptBlue = blue.desired(stack, rolling);
    assertThat(blue.match(scaledBlue, keptBlue, stack, rolling).matched()).isTrue();
    assertThat(green.desired(stack, rolling).getSpec().getReplicas()).isEqualTo(7);
    assertThat(
            new ApiAutoscalerDependent()
                .desired(stack, rolling)
                .getSpec()
                .getScaleTargetRef()
                .getName())
        .isEqualTo("prod-api-blue");

    // After the switch: green is the HPA's, scaled further by it; nothing of it is written.
    Deployment promotedGreen = green.desired(stack, rolling);
    promotedGreen.getSpec().setReplicas(9);
    promotedGreen.getMetadata().setGeneration(1L);
    promotedGreen.setStatus(scaledBlue.getStatus());
    var switched =
        TestContexts.with(
            scaledBlue, promotedGreen, activeService("green", Instant.now().minusSeconds(1)));
    // spec.replicas is left out of every apply (and of the comparison that decides whether to
    // apply): the HPA's value is neither written nor reset.
    Deployment desiredGreen = green.desired(stack, switched);
    assertThat(desiredGreen.getSpec().getReplicas()).as("left out of the apply").isNull();
    assertThat(
            new ApiAutoscalerDependent()
                .desired(stack, switched)
                .getSpec()
                .getScaleTargetRef()
                .getName())
        .isEqualTo("prod-api-green");
    // The old color is kept as the HPA left it, for an instant rollback.
    Deployment keptOld = blue.desired(stack, switched);
    assertThat(keptOld.getSpec().getReplicas()).isEqualTo(7);
    assertThat(blue.match(scaledBlue, keptOld, stack, switched).matched()).isTrue();
  }

  private static Service activeService(String color, Instant promotedAt) {
    var builder =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("prod-api")
            .withNamespace("supernova")
            .endMetadata()
            .withNewSpec()
            .withSelector(Map.of(Labels.COLOR, color))
            .endSpec();
    if (promotedAt != null) {
      builder
          .editMetadata()
          .addToAnnotations(RolloutAnnotations.PROMOTED_AT, promotedAt.toString())
          .endMetadata();
    }
    return builder.build();
  }

  private static SuperNovaStack stack() {
    var stack = Stacks.minimal();
    stack.getSpec().getApi().getAutoscaling().setEnabled(false);
    stack.getSpec().getApi().setReplicas(3);
    stack.getSpec().getApi().setImage("registry.example.com/supernova/api-server:1.5.0");
    return stack;
  }

  /** Blue serves an older template (hash {@code activeHash}) behind the active Service. */
  private static Context<SuperNovaStack> rolloutContext(SuperNovaStack stack, String activeHash) {
    var service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("prod-api")
            .withNamespace("supernova")
            .endMetadata()
            .withNewSpec()
            .withSelector(Map.of(Labels.COLOR, "blue"))
            .endSpec()
            .build();
    return TestContexts.with(activeBlue(activeHash), service);
  }

  private static Deployment activeBlue(String hash) {
    var old = Stacks.minimal();
    old.getSpec().getApi().getAutoscaling().setEnabled(false);
    old.getSpec().getApi().setReplicas(3);
    Deployment d = new ApiDeploymentDependent.Blue().desired(old, TestContexts.with());
    d.getMetadata().setAnnotations(Map.of(RolloutAnnotations.TEMPLATE_HASH, hash));
    d.getMetadata().setGeneration(1L);
    d.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(1L)
            .withReplicas(3)
            .withUpdatedReplicas(3)
            .withReadyReplicas(3)
            .withAvailableReplicas(3)
            .build());
    return d;
  }
}
