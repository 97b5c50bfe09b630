package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The frontend (spec.frontend): nginx serving the page and proxying the API's routes to the API
 * Service named in {@code API_UPSTREAM}. Read-only root; nginx's pid, temp and cache files go to an
 * emptyDir on /tmp.
 */
public class FrontendDeploymentDependent extends StackDependent<Deployment> {

  /** Where the frontend image takes the API's host:port from. */
  public static final String UPSTREAM_ENV = "API_UPSTREAM";

  public FrontendDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.frontend(stack);
  }

  @Override
  protected Deployment desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var frontend = stack.getSpec().getFrontend();
    var labels = Labels.of(stack, Labels.COMPONENT_FRONTEND, Labels.versionOf(frontend.getImage()));
    var container =
        new ContainerBuilder()
            .withName("frontend")
            .withImage(frontend.getImage())
            .addNewEnv()
            .withName(UPSTREAM_ENV)
            .withValue(StackNames.apiService(stack) + ":" + StackNames.API_SERVICE_PORT)
            .endEnv()
            .addNewPort()
            .withName("http")
            .withContainerPort(StackNames.FRONTEND_PORT)
            .withProtocol("TCP")
            .endPort()
            .withResources(Defaults.frontend(frontend.getResources()))
            // /healthz is nginx's own: a frontend whose API is down still serves the page, which
            // says so, rather than leaving the Service without endpoints.
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withPath("/healthz")
            .withPort(new IntOrString("http"))
            .endHttpGet()
            .withPeriodSeconds(5)
            .withTimeoutSeconds(2)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewHttpGet()
            .withPath("/healthz")
            .withPort(new IntOrString("http"))
            .endHttpGet()
            .withInitialDelaySeconds(5)
            .withPeriodSeconds(15)
            .withTimeoutSeconds(3)
            .withFailureThreshold(4)
            .endLivenessProbe()
            .withSecurityContext(SecurityContexts.container(true))
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .build();
    var pod =
        SecurityContexts.podSpec(SecurityContexts.FRONTEND_USER, SecurityContexts.FRONTEND_USER)
            .withContainers(container)
            .addNewVolume()
            .withName("tmp")
            .withNewEmptyDir()
            .withSizeLimit(new Quantity("64Mi"))
            .endEmptyDir()
            .endVolume()
            .build();
    return new DeploymentBuilder()
        .withMetadata(metadata(stack, labels))
        .withNewSpec()
        .withReplicas(frontend.getReplicas())
        .withRevisionHistoryLimit(3)
        .withNewSelector()
        .withMatchLabels(Labels.selector(stack, Labels.COMPONENT_FRONTEND))
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxUnavailable(new IntOrString(0))
        .withMaxSurge(new IntOrString(1))
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withSpec(pod)
        .endTemplate()
        .endSpec()
        .build();
  }
}
