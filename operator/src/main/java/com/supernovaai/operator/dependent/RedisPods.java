package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.config.RedisConfig;
import com.supernovaai.operator.model.RedisSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The Redis pod template, shared by the StatefulSet (persistent) and the Deployment. In sentinel
 * mode each pod also runs a Sentinel and the loop that keeps its role label.
 */
final class RedisPods {

  static final String DATA_VOLUME = "data";
  static final String DATA_DIRECTORY = "/data";
  static final String RUN_VOLUME = "run";
  static final String RUN_DIRECTORY = "/run/supernova";

  static final String REDIS_START = "redis-start.sh";
  static final String SENTINEL_START = "sentinel-start.sh";
  static final String ROLE_LABEL = "redis-role-label.sh";
  static final String SENTINEL_STOP = "sentinel-stop.sh";

  /**
   * How long a sentinel-mode pod may take to stop: its master's pod waits for the Sentinels'
   * failover first (sentinel-stop.sh, at most 45 s; 7 s when nothing goes wrong).
   */
  static final long SENTINEL_POD_GRACE_SECONDS = 60;

  /** Functions the start scripts and the Sentinel's preStop share. */
  static final String MASTER_LIB = "redis-master.sh";

  static final List<String> SENTINEL_SCRIPTS =
      List.of(MASTER_LIB, REDIS_START, SENTINEL_START, SENTINEL_STOP, ROLE_LABEL);

  private RedisPods() {}

  /** Labels of the Redis workload and its pods: the version is the image's. */
  static Map<String, String> labels(SuperNovaStack stack) {
    return Labels.of(
        stack, Labels.COMPONENT_REDIS, Labels.versionOf(stack.getSpec().getRedis().getImage()));
  }

  /** The three pods' DNS names, space-separated, as the start scripts read them. */
  static String podHosts(SuperNovaStack stack) {
    return IntStream.range(0, RedisSpec.SENTINEL_PODS)
        .mapToObj(i -> StackNames.redisPodHost(stack, i))
        .collect(Collectors.joining(" "));
  }

  static PodTemplateSpec template(
      SuperNovaStack stack, Context<SuperNovaStack> context, boolean persistent) {
    var redis = stack.getSpec().getRedis();
    boolean sentinel = redis.sentinel();
    var annotations = new TreeMap<String, String>();
    String config = StackNames.redisConfig(stack);
    Secondaries.byName(context, Secret.class, config)
        .ifPresent(s -> annotations.put(Hashes.SECRET_ANNOTATION_PREFIX + config, Hashes.of(s)));

    List<Container> containers = new ArrayList<>();
    containers.add(redisContainer(stack, sentinel));
    var pod =
        SecurityContexts.podSpec(SecurityContexts.REDIS_USER, SecurityContexts.REDIS_GROUP)
            .addNewVolume()
            .withName("config")
            .withNewSecret()
            .withSecretName(config)
            .withDefaultMode(0440)
            .endSecret()
            .endVolume();
    if (sentinel) {
      containers.add(sentinelContainer(stack));
      containers.add(roleLabelContainer(stack));
      sentinelPod(stack, pod);
    }
    pod.withContainers(containers);
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

  private static Container redisContainer(SuperNovaStack stack, boolean sentinel) {
    var redis = stack.getSpec().getRedis();
    var probeCommand = new String[] {"sh", "-c", "redis-cli -h 127.0.0.1 ping | grep -q PONG"};
    var container =
        new ContainerBuilder()
            .withName("redis")
            .withImage(redis.getImage())
            .withCommand(
                sentinel
                    ? List.of("sh", RedisConfig.DIRECTORY + "/" + REDIS_START)
                    : List.of("redis-server", RedisConfig.DIRECTORY + "/" + RedisConfig.FILE))
            .withEnv(env(stack, sentinel))
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
            .addToVolumeMounts(configMount())
            .addNewVolumeMount()
            .withName(DATA_VOLUME)
            .withMountPath(DATA_DIRECTORY)
            .endVolumeMount();
    if (sentinel) {
      container.addToVolumeMounts(runMount());
    }
    return container.build();
  }

  private static Container sentinelContainer(SuperNovaStack stack) {
    var probeCommand =
        new String[] {
          "sh",
          "-c",
          "redis-cli -h 127.0.0.1 -p "
              + StackNames.REDIS_SENTINEL_PORT
              + " ping"
              + " | grep -q PONG"
        };
    return new ContainerBuilder()
        .withName("sentinel")
        .withImage(stack.getSpec().getRedis().getImage())
        .withCommand("sh", RedisConfig.DIRECTORY + "/" + SENTINEL_START)
        .withEnv(env(stack, true))
        .addNewPort()
        .withName("sentinel")
        .withContainerPort(StackNames.REDIS_SENTINEL_PORT)
        .withProtocol("TCP")
        .endPort()
        .withResources(Defaults.sentinel())
        .withNewReadinessProbe()
        .withNewExec()
        .withCommand(probeCommand)
        .endExec()
        .withPeriodSeconds(5)
        .withTimeoutSeconds(3)
        .endReadinessProbe()
        // A deleted master's pod keeps its name's address until a replica is promoted.
        .withNewLifecycle()
        .withNewPreStop()
        .withNewExec()
        .withCommand("sh", RedisConfig.DIRECTORY + "/" + SENTINEL_STOP)
        .endExec()
        .endPreStop()
        .endLifecycle()
        .withSecurityContext(SecurityContexts.container(true))
        // The run directory: its own configuration, and the master its Redis chose to start with.
        .addToVolumeMounts(configMount(), runMount())
        .build();
  }

  private static Container roleLabelContainer(SuperNovaStack stack) {
    return new ContainerBuilder()
        .withName("role-label")
        .withImage(stack.getSpec().getRedis().getImage())
        .withCommand("sh", RedisConfig.DIRECTORY + "/" + ROLE_LABEL)
        .withEnv(passwordEnv(stack))
        .withResources(Defaults.redisRoleLabel())
        .withSecurityContext(SecurityContexts.container(true))
        .addToVolumeMounts(configMount())
        .addNewVolumeMount()
        .withName(DatabaseArchiving.TOKEN_VOLUME)
        .withMountPath(DatabaseArchiving.TOKEN_DIRECTORY)
        .withReadOnly(true)
        .endVolumeMount()
        .build();
  }

  /**
   * Three pods on different nodes where there are (preferred, not required, like the database's),
   * each with an identity that may patch its own pod's role label, a scratch directory that
   * outlives container restarts (Sentinel's rewritten state), and a resolver that gives up on a
   * lost answer after 1 s instead of glibc's 5: Sentinel resolves the pods' names in its event
   * loop, and a 2 s stall puts it in TILT mode for 30 s, where it does not fail over (seen on the
   * real node: a lookup of the deleted master's name took 5.04 s; docs/design/redis-failover.md),
   * and a grace period the master's pod needs to wait for the Sentinels' failover before it goes.
   */
  private static void sentinelPod(SuperNovaStack stack, PodSpecBuilder pod) {
    pod.withServiceAccountName(StackNames.redisMembers(stack))
        .withTerminationGracePeriodSeconds(SENTINEL_POD_GRACE_SECONDS)
        .withNewAffinity()
        .withNewPodAntiAffinity()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
        .withWeight(100)
        .withNewPodAffinityTerm()
        .withTopologyKey("kubernetes.io/hostname")
        .withNewLabelSelector()
        .withMatchLabels(Labels.selector(stack, Labels.COMPONENT_REDIS))
        .endLabelSelector()
        .endPodAffinityTerm()
        .endPreferredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity()
        .endAffinity()
        .addNewVolume()
        .withName(RUN_VOLUME)
        .withNewEmptyDir()
        .withSizeLimit(new Quantity("16Mi"))
        .endEmptyDir()
        .endVolume()
        .addToVolumes(DatabaseArchiving.tokenVolume())
        .withNewDnsConfig()
        .addNewOption("timeout", "1")
        .addNewOption("attempts", "3")
        .endDnsConfig();
  }

  private static List<EnvVar> env(SuperNovaStack stack, boolean sentinel) {
    List<EnvVar> env = new ArrayList<>(passwordEnv(stack));
    if (sentinel) {
      env.add(EnvVars.of("REDIS_PODS", podHosts(stack)));
      env.add(EnvVars.of("REDIS_MASTER_NAME", StackNames.REDIS_MASTER_NAME));
    }
    return env;
  }

  /** redis-cli reads the password from REDISCLI_AUTH: it is on no command line. */
  private static List<EnvVar> passwordEnv(SuperNovaStack stack) {
    return List.of(
        EnvVars.fromSecret(
            "REDISCLI_AUTH", StackNames.redisCredentials(stack), ReferencedSecrets.PASSWORD));
  }

  private static VolumeMount configMount() {
    return new VolumeMountBuilder()
        .withName("config")
        .withMountPath(RedisConfig.DIRECTORY)
        .withReadOnly(true)
        .build();
  }

  private static VolumeMount runMount() {
    return new VolumeMountBuilder().withName(RUN_VOLUME).withMountPath(RUN_DIRECTORY).build();
  }
}
