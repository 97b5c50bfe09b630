package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.config.RedisConfig;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.TreeMap;

/** The Redis pod template, shared by the StatefulSet (persistent) and the Deployment. */
final class RedisPods {

  static final String DATA_VOLUME = "data";

  private RedisPods() {}

  /** Labels of the Redis workload and its pods: the version is the image's. */
  static Map<String, String> labels(SuperNovaStack stack) {
    return Labels.of(
        stack, Labels.COMPONENT_REDIS, Labels.versionOf(stack.getSpec().getRedis().getImage()));
  }

  static PodTemplateSpec template(
      SuperNovaStack stack, Context<SuperNovaStack> context, boolean persistent) {
    var redis = stack.getSpec().getRedis();
    var annotations = new TreeMap<String, String>();
    String config = StackNames.redisConfig(stack);
    Secondaries.byName(context, Secret.class, config)
        .ifPresent(s -> annotations.put(Hashes.SECRET_ANNOTATION_PREFIX + config, Hashes.of(s)));
    var probeCommand = new String[] {"sh", "-c", "redis-cli -h 127.0.0.1 ping | grep -q PONG"};

    var container =
        new ContainerBuilder()
            .withName("redis")
            .withImage(redis.getImage())
            .withCommand("redis-server", RedisConfig.DIRECTORY + "/" + RedisConfig.FILE)
            .withEnv(
                EnvVars.fromSecret(
                    "REDISCLI_AUTH",
                    StackNames.redisCredentials(stack),
                    ReferencedSecrets.PASSWORD))
            .addNewPort()
            .withName("redis")
            .withContainerPort(StackNames.REDIS_PORT)
            .withProtocol("TCP")
            .endPort()
            .withResources(Defaults.redis(redis.getResources()))
            .withNewReadinessProbe()
            .withNewExec()
            .withCommand(probeCommand)
            .endExec()
            .withPeriodSeconds(5)
            .withTimeoutSeconds(3)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewExec()
            .withCommand(probeCommand)
            .endExec()
            .withInitialDelaySeconds(15)
            .withPeriodSeconds(15)
            .withTimeoutSeconds(5)
            .withFailureThreshold(4)
            .endLivenessProbe()
            .withSecurityContext(SecurityContexts.container(true))
            .addNewVolumeMount()
            .withName("config")
            .withMountPath(RedisConfig.DIRECTORY)
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName(DATA_VOLUME)
            .withMountPath("/data")
            .endVolumeMount()
            .build();

    var pod =
        SecurityContexts.podSpec(SecurityContexts.REDIS_USER, SecurityContexts.REDIS_GROUP)
            .withContainers(container)
            .addNewVolume()
            .withName("config")
            .withNewSecret()
            .withSecretName(config)
            .withDefaultMode(0440)
            .endSecret()
            .endVolume();
    if (!persistent) {
      pod.addNewVolume().withName(DATA_VOLUME).withNewEmptyDir().endEmptyDir().endVolume();
    }
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels(stack))
        .withAnnotations(annotations)
        .endMetadata()
        .withSpec(pod.build())
        .build();
  }
}
