package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.RolloutAnnotations;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /version} tells the truth (issue 15): each color's pods get SUPERNOVA_VERSION from the
 * image that color runs, the new color the rollout's target, the serving one its own.
 */
class ApiVersionEnvTest {

  private static final String OLD = "registry.example.com/supernova/api-server:1.4.0";
  private static final String NEW = "registry.example.com/supernova/api-server:1.5.0";

  private static List<String> version(PodTemplateSpec template) {
    return template.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals("SUPERNOVA_VERSION"))
        .map(EnvVar::getValue)
        .toList();
  }

  private static SuperNovaStack stack(String image) {
    var stack = Stacks.minimal();
    stack.getSpec().getApi().getAutoscaling().setEnabled(false);
    stack.getSpec().getApi().setReplicas(2);
    stack.getSpec().getApi().setImage(image);
    return stack;
  }

  @Test
  void eachColorReportsTheImageItRuns() {
    // Blue serves 1.4.0; the spec now asks for 1.5.0, so green is the rollout's preview.
    Deployment blue = new ApiDeploymentDependent.Blue().desired(stack(OLD), TestContexts.with());
    assertThat(version(blue.getSpec().getTemplate())).containsExactly("1.4.0");
    blue.getMetadata().setAnnotations(Map.of(RolloutAnnotations.TEMPLATE_HASH, "hash-old"));
    blue.getMetadata().setGeneration(1L);
    blue.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(1L)
            .withReplicas(2)
            .withUpdatedReplicas(2)
            .withReadyReplicas(2)
            .withAvailableReplicas(2)
            .build());
    var activeService =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("prod-api")
            .withNamespace("supernova")
            .endMetadata()
            .withNewSpec()
            .withSelector(Map.of(Labels.COLOR, "blue"))
            .endSpec()
            .build();
    var stack = stack(NEW);
    var context = TestContexts.with(blue, activeService);

    Deployment green = new ApiDeploymentDependent.Green().desired(stack, context);
    assertThat(version(green.getSpec().getTemplate())).containsExactly("1.5.0");
    Deployment keptBlue = new ApiDeploymentDependent.Blue().desired(stack, context);
    assertThat(version(keptBlue.getSpec().getTemplate())).containsExactly("1.4.0");
  }

  @Test
  void aDigestWithoutATagIsTheVersion() {
    String digest = "sha256:" + "0123456789abcdef".repeat(4);
    var stack = stack("registry.example.com/supernova/api-server@" + digest);
    assertThat(version(ApiPodTemplate.render(stack, TestContexts.with(), "blue")))
        .containsExactly(digest);
  }

  @Test
  void theVersionIsTheSameInBothColorsSoTheTemplateHashStaysColorNeutral() {
    var stack = stack(NEW);
    String hash = ApiPodTemplate.hash(stack, TestContexts.with());
    assertThat(version(ApiPodTemplate.render(stack, TestContexts.with(), "blue")))
        .isEqualTo(version(ApiPodTemplate.render(stack, TestContexts.with(), "green")));
    assertThat(ApiPodTemplate.hash(stack, TestContexts.with())).isEqualTo(hash);
    // A new tag is a new template: the change that starts a rollout.
    assertThat(ApiPodTemplate.hash(stack(OLD), TestContexts.with())).isNotEqualTo(hash);
  }

  @Test
  void aUsersSupernovaVersionDoesNotOverrideTheImages() {
    var stack = stack(NEW);
    stack
        .getSpec()
        .getApi()
        .setEnv(
            List.of(new EnvVarBuilder().withName("SUPERNOVA_VERSION").withValue("dev").build()));
    assertThat(version(ApiPodTemplate.render(stack, TestContexts.with(), "blue")))
        .containsExactly("1.5.0");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "registry.example.com/supernova/api-server:1.5.0, 1.5.0",
    "registry.example.com:5000/supernova/api-server:2.0.0-rc.1, 2.0.0-rc.1",
    "registry.example.com:5000/supernova/api-server, latest",
    "api-server, latest",
    "api-server@sha256:abc123, sha256:abc123",
    "registry.example.com:5000/api-server:1.4.2@sha256:abc123, 1.4.2",
  })
  void theVersionOfAnImageReference(String image, String version) {
    assertThat(ApiPodTemplate.imageVersion(image)).isEqualTo(version);
  }
}
