package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.ApiSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The API server Deployment of the blue color ({@code <stack>-api-blue}). With autoscaling on,
 * spec.replicas is left out of the applied object, so the HorizontalPodAutoscaler owns it.
 */
public class ApiDeploymentDependent extends StackDependent<Deployment> {

  /** The color this Deployment serves; blue-green rollouts add the other one. */
  public static final String COLOR = StackNames.BLUE;

  public ApiDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.apiDeployment(stack, COLOR);
  }

  @Override
  protected Deployment desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    ApiSpec api = stack.getSpec().getApi();
    boolean autoscaling = Boolean.TRUE.equals(api.getAutoscaling().getEnabled());
    var labels = Labels.api(stack, COLOR, api.getImage());

    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name(stack))
        .withNamespace(StackNames.namespace(stack))
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(autoscaling ? null : api.getReplicas())
        .withRevisionHistoryLimit(3)
        .withMinReadySeconds(api.getRollout().getMinReadySeconds())
        .withProgressDeadlineSeconds(api.getRollout().getProgressDeadlineSeconds())
        .withNewSelector()
        .withMatchLabels(Labels.apiSelector(stack, COLOR))
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withNewMaxUnavailable(0)
        .withNewMaxSurge("25%")
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(podAnnotations(stack, context))
        .endMetadata()
        .withSpec(podSpec(stack))
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Map<String, String> podAnnotations(
      SuperNovaStack stack, Context<SuperNovaStack> context) {
    Map<String, String> annotations = new TreeMap<>();
    Secondaries.byName(context, ConfigMap.class, StackNames.apiConfig(stack))
        .ifPresent(c -> annotations.put(Hashes.CONFIG_ANNOTATION, Hashes.of(c)));
    hash(
        annotations,
        ReferencedSecrets.databaseSecretName(stack),
        ReferencedSecrets.database(stack, context));
    String redisSecret = ReferencedSecrets.redisSecretName(stack);
    if (redisSecret != null) {
      hash(annotations, redisSecret, ReferencedSecrets.redis(stack, context));
    }
    hash(annotations, StackNames.jwtSecret(stack), ReferencedSecrets.jwt(stack, context));
    return annotations;
  }

  private static void hash(
      Map<String, String> annotations, String name, java.util.Optional<Secret> secret) {
    secret.ifPresent(s -> annotations.put(Hashes.SECRET_ANNOTATION_PREFIX + name, Hashes.of(s)));
  }

  private static io.fabric8.kubernetes.api.model.PodSpec podSpec(SuperNovaStack stack) {
    ApiSpec api = stack.getSpec().getApi();
    var scheduling = api.getScheduling();
    var spec =
        new PodSpecBuilder()
            .withServiceAccountName(StackNames.apiServiceAccount(stack))
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .withTerminationGracePeriodSeconds(30L)
            .withSecurityContext(
                SecurityContexts.pod(SecurityContexts.API_USER, SecurityContexts.API_USER))
            .withContainers(container(stack))
            .addNewVolume()
            .withName("tmp")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume();
    if (scheduling != null) {
      spec.withNodeSelector(scheduling.getNodeSelector())
          .withAffinity(scheduling.getAffinity())
          .withTolerations(scheduling.getTolerations())
          .withTopologySpreadConstraints(scheduling.getTopologySpreadConstraints())
          .withPriorityClassName(scheduling.getPriorityClassName());
    }
    return spec.build();
  }

  private static Container container(SuperNovaStack stack) {
    ApiSpec api = stack.getSpec().getApi();
    List<EnvFromSource> envFrom = new ArrayList<>();
    envFrom.add(
        new EnvFromSourceBuilder()
            .withNewConfigMapRef()
            .withName(StackNames.apiConfig(stack))
            .endConfigMapRef()
            .build());
    if (api.getEnvFrom() != null) {
      envFrom.addAll(api.getEnvFrom());
    }
    return new ContainerBuilder()
        .withName("api-server")
        .withImage(api.getImage())
        .withEnvFrom(envFrom)
        .withEnv(env(stack))
        .addNewPort()
        .withName("http")
        .withContainerPort(StackNames.API_PORT)
        .withProtocol("TCP")
        .endPort()
        .withResources(Defaults.api(api.getResources()))
        .withNewStartupProbe()
        .withNewHttpGet()
        .withPath("/health")
        .withNewPort("http")
        .endHttpGet()
        .withPeriodSeconds(5)
        .withFailureThreshold(60)
        .endStartupProbe()
        .withNewLivenessProbe()
        .withNewHttpGet()
        .withPath("/health")
        .withNewPort("http")
        .endHttpGet()
        .withPeriodSeconds(10)
        .withTimeoutSeconds(5)
        .withFailureThreshold(3)
        .endLivenessProbe()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/health/ready")
        .withNewPort("http")
        .endHttpGet()
        .withPeriodSeconds(5)
        .withTimeoutSeconds(3)
        .withFailureThreshold(3)
        .endReadinessProbe()
        .withSecurityContext(SecurityContexts.container(true))
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .build();
  }

  /** Secrets as secretKeyRefs, the color, then the user's env (except what the operator sets). */
  static List<EnvVar> env(SuperNovaStack stack) {
    List<EnvVar> env = new ArrayList<>();
    String databaseSecret = ReferencedSecrets.databaseSecretName(stack);
    env.add(secretRef("DATABASE_USER", databaseSecret, ReferencedSecrets.USERNAME, false));
    env.add(secretRef("DATABASE_PASSWORD", databaseSecret, ReferencedSecrets.PASSWORD, false));
    String redisSecret = ReferencedSecrets.redisSecretName(stack);
    if (redisSecret != null) {
      env.add(secretRef("REDIS_PASSWORD", redisSecret, ReferencedSecrets.PASSWORD, false));
    }
    env.add(
        secretRef(
            "JWT_SECRET_KEY",
            StackNames.jwtSecret(stack),
            ReferencedSecrets.JWT_SECRET_KEY,
            false));
    env.add(new EnvVarBuilder().withName("SUPERNOVA_COLOR").withValue(COLOR).build());
    Set<String> reserved = new java.util.HashSet<>();
    env.forEach(e -> reserved.add(e.getName()));
    reserved.addAll(ApiConfigMapDependent.environment(stack).keySet());
    var extra = stack.getSpec().getApi().getEnv();
    if (extra != null) {
      extra.stream().filter(e -> !reserved.contains(e.getName())).forEach(env::add);
    }
    return env;
  }

  private static EnvVar secretRef(String name, String secret, String key, boolean optional) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .withOptional(optional ? Boolean.TRUE : null)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
