package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.FrontendSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** spec.frontend: a hardened nginx Deployment, its Service, a budget when replicated. */
class FrontendDependentsTest {

  private static final String IMAGE = "registry.example.com/supernova/frontend:1.0.0";

  private static SuperNovaStack stack(int replicas) {
    var stack = Stacks.minimal();
    var frontend = new FrontendSpec();
    frontend.setImage(IMAGE);
    frontend.setReplicas(replicas);
    stack.getSpec().setFrontend(frontend);
    return stack;
  }

  private static Deployment deployment(SuperNovaStack stack) {
    return new FrontendDeploymentDependent().desired(stack, TestContexts.with());
  }

  private static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void onlyAStackWithAFrontendHasOne() {
    assertThat(new Preconditions.FrontendEnabled().test(Stacks.minimal())).isFalse();
    assertThat(new Preconditions.FrontendEnabled().test(stack(1))).isTrue();
    assertThat(new Preconditions.FrontendReplicated().test(Stacks.minimal())).isFalse();
    assertThat(new Preconditions.FrontendReplicated().test(stack(1))).isFalse();
    assertThat(new Preconditions.FrontendReplicated().test(stack(2))).isTrue();
  }

  @Test
  void nginxProxiesToTheApiServiceFromAReadOnlyNonRootPod() {
    var deployment = deployment(stack(2));
    assertThat(deployment.getMetadata().getName()).isEqualTo("prod-frontend");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    // A new image never leaves the page with fewer pods than asked for.
    assertThat(
            deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isZero();
    var pod = deployment.getSpec().getTemplate().getSpec();
    var container = container(deployment);
    assertThat(container.getImage()).isEqualTo(IMAGE);
    assertThat(container.getEnv())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getName()).isEqualTo(FrontendDeploymentDependent.UPSTREAM_ENV);
              assertThat(e.getValue()).isEqualTo("prod-api:80");
            });
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getContainerPort()).isEqualTo(8080);
            });
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");

    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(101L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var security = container.getSecurityContext();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    // nginx's pid, temp files and the rendered upstream: the only writable place.
    assertThat(container.getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes())
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
  }

  @Test
  void resourcesAreSmallUnlessGiven() {
    var resources = container(deployment(stack(1))).getResources();
    assertThat(resources.getRequests())
        .containsEntry("cpu", new Quantity("20m"))
        .containsEntry("memory", new Quantity("32Mi"));
    assertThat(resources.getLimits()).containsEntry("memory", new Quantity("64Mi"));

    var stack = stack(1);
    stack
        .getSpec()
        .getFrontend()
        .setResources(
            new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .withLimits(Map.of("memory", new Quantity("256Mi")))
                .build());
    assertThat(container(deployment(stack)).getResources().getLimits())
        .containsExactlyEntriesOf(Map.of("memory", new Quantity("256Mi")));
  }

  @Test
  void theServiceAndTheBudgetSelectTheFrontendPods() {
    var stack = stack(3);
    var podLabels = deployment(stack).getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels)
        .containsEntry(Labels.COMPONENT, "frontend")
        .containsEntry(Labels.VERSION, "1.0.0");

    var service = new FrontendServiceDependent().desired(stack, TestContexts.with());
    assertThat(service.getMetadata().getName()).isEqualTo("prod-frontend");
    assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getPort()).isEqualTo(80);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });

    var budget = new FrontendDisruptionBudgetDependent().desired(stack, TestContexts.with());
    assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    // The API's pods are not the frontend's: neither object selects them.
    assertThat(service.getSpec().getSelector()).containsEntry(Labels.COMPONENT, "frontend");
  }
}
