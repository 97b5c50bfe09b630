package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.config.PgBouncerConfig;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.TreeMap;

/** PgBouncer pods, started from the rendered pgbouncer.ini and userlist.txt. */
public class PoolerDeploymentDependent extends StackDependent<Deployment> {

  public PoolerDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.pooler(stack);
  }

  @Override
  protected Deployment desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var pooler = stack.getSpec().getPooler();
    var labels = Labels.of(stack, Labels.COMPONENT_POOLER, Labels.versionOf(pooler.getImage()));
    var annotations = new TreeMap<String, String>();
    String userlist = StackNames.poolerUserlist(stack);
    Secondaries.byName(context, Secret.class, userlist)
        .ifPresent(s -> annotations.put(Hashes.SECRET_ANNOTATION_PREFIX + userlist, Hashes.of(s)));
    Secondaries.byName(context, ConfigMap.class, StackNames.poolerConfig(stack))
        .ifPresent(c -> annotations.put(Hashes.CONFIG_ANNOTATION, Hashes.of(c)));

    var container =
        new ContainerBuilder()
            .withName("pgbouncer")
            .withImage(pooler.getImage())
            .withCommand("pgbouncer", PgBouncerConfig.DIRECTORY + "/" + PgBouncerConfig.INI)
            .addNewPort()
            .withName("pgbouncer")
            .withContainerPort(StackNames.POOLER_PORT)
            .withProtocol("TCP")
            .endPort()
            .withResources(Defaults.pooler(pooler.getResources()))
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withNewPort("pgbouncer")
            .endTcpSocket()
            .withPeriodSeconds(5)
            .withFailureThreshold(3)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewTcpSocket()
            .withNewPort("pgbouncer")
            .endTcpSocket()
            .withInitialDelaySeconds(10)
            .withPeriodSeconds(15)
            .withFailureThreshold(4)
            .endLivenessProbe()
            .withSecurityContext(SecurityContexts.container(true))
            .addNewVolumeMount()
            .withName("config")
            .withMountPath(PgBouncerConfig.DIRECTORY)
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .build();

    return new DeploymentBuilder()
        .withMetadata(metadata(stack, labels))
        .withNewSpec()
        .withReplicas(pooler.getReplicas())
        .withRevisionHistoryLimit(3)
        .withNewSelector()
        .withMatchLabels(Labels.selector(stack, Labels.COMPONENT_POOLER))
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withNewMaxUnavailable(0)
        .withNewMaxSurge(1)
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .withSpec(
            SecurityContexts.podSpec(SecurityContexts.POSTGRES_USER, SecurityContexts.POSTGRES_USER)
                .withContainers(container)
                .addNewVolume()
                .withName("config")
                .withNewProjected()
                .withDefaultMode(0440)
                .addNewSource()
                .withNewConfigMap()
                .withName(StackNames.poolerConfig(stack))
                .endConfigMap()
                .endSource()
                .addNewSource()
                .withNewSecret()
                .withName(userlist)
                .endSecret()
                .endSource()
                .endProjected()
                .endVolume()
                .addNewVolume()
                .withName("tmp")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .build())
        .endTemplate()
        .endSpec()
        .build();
  }
}
