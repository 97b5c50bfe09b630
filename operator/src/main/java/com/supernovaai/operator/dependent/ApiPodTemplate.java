package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.cache.OperatorSerialization;
import com.supernovaai.operator.model.ApiSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The API server's pod template, the same for both colors except for the color label and the
 * SUPERNOVA_COLOR variable. Its color-neutral hash tells whether a color runs what the spec asks
 * for: a different hash is a new template, which is what starts a blue-green rollout.
 */
public final class ApiPodTemplate {

  /**
   * Endpoints are removed asynchronously (EndpointSlice controller, then every kube-proxy): a pod
   * that stopped at once on deletion would still get new connections for a moment. Sleeping in
   * preStop before SIGTERM lets them all drop it first.
   */
  public static final long PRE_STOP_SECONDS = 5;

  /** After SIGTERM the API reports not ready and keeps serving this long (for other balancers). */
  static final long SHUTDOWN_DRAIN_SECONDS = 5;

  /**
   * Time for the API to finish its in-flight requests after the drain (it allows them 15 s by
   * default, SUPERNOVA_SHUTDOWN_GRACE_SECONDS), with a margin before the kubelet's SIGKILL.
   */
  static final long SHUTDOWN_SECONDS = 20;

  static final String SHUTDOWN_DRAIN_ENV = "SUPERNOVA_SHUTDOWN_DRAIN_SECONDS";

  static final String VERSION_ENV = "SUPERNOVA_VERSION";

  private ApiPodTemplate() {}

  /**
   * The version an image reference names: its tag ({@code repo:1.4.2@sha256:...} is 1.4.2), else
   * its digest ({@code sha256:...}), else {@code latest}, the tag a bare name pulls.
   */
  static String imageVersion(String image) {
    String name = image;
    String digest = null;
    int at = image.indexOf('@');
    if (at >= 0) {
      name = image.substring(0, at);
      digest = image.substring(at + 1);
    }
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      return name.substring(colon + 1);
    }
    return digest != null ? digest : "latest";
  }

  /** The pod template of one color; {@code color} null renders the color-neutral template. */
  public static PodTemplateSpec render(
      SuperNovaStack stack, Context<SuperNovaStack> context, String color) {
    ApiSpec api = stack.getSpec().getApi();
    var labels = Labels.of(stack, Labels.COMPONENT_API, Labels.versionOf(api.getImage()));
    if (color != null) {
      labels.put(Labels.COLOR, color);
    }
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(podAnnotations(stack, context))
        .endMetadata()
        .withSpec(podSpec(stack, color))
        .build();
  }

  /** Short hash of the color-neutral template. */
  public static String hash(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return Hashes.of(
        Map.of("template", OperatorSerialization.shared().asJson(render(stack, context, null))));
  }

  /** The user's pod annotations, then hashes of the config and Secrets the pods consume. */
  private static Map<String, String> podAnnotations(
      SuperNovaStack stack, Context<SuperNovaStack> context) {
    Map<String, String> annotations = new TreeMap<>();
    if (stack.getSpec().getApi().getPodAnnotations() != null) {
      annotations.putAll(stack.getSpec().getApi().getPodAnnotations());
    }
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
    // An edited admin Secret rolls the pods: the server applies the password at start.
    hash(annotations, StackNames.apiAdminSecret(stack), ReferencedSecrets.apiAdmin(stack, context));
    return annotations;
  }

  private static void hash(Map<String, String> annotations, String name, Optional<Secret> secret) {
    secret.ifPresent(s -> annotations.put(Hashes.SECRET_ANNOTATION_PREFIX + name, Hashes.of(s)));
  }

  private static PodSpec podSpec(SuperNovaStack stack, String color) {
    ApiSpec api = stack.getSpec().getApi();
    var scheduling = api.getScheduling();
    var spec =
        SecurityContexts.podSpec(SecurityContexts.API_USER, SecurityContexts.API_USER)
            .withServiceAccountName(StackNames.apiServiceAccount(stack))
            // The kubelet's grace period counts from the start of preStop.
            .withTerminationGracePeriodSeconds(
                PRE_STOP_SECONDS + SHUTDOWN_DRAIN_SECONDS + SHUTDOWN_SECONDS)
            .withContainers(container(stack, color))
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

  private static Container container(SuperNovaStack stack, String color) {
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
        .withEnv(env(stack, color))
        .addNewPort()
        .withName("http")
        .withContainerPort(StackNames.API_PORT)
        .withProtocol("TCP")
        .endPort()
        .withResources(Defaults.api(api.getResources()))
        // A sleep action of the kubelet, not an exec: the image may have no sleep binary.
        .withNewLifecycle()
        .withNewPreStop()
        .withNewSleep(PRE_STOP_SECONDS)
        .endPreStop()
        .endLifecycle()
        // The API writes why it stopped (e.g. "migration failed: ...") to the termination message
        // file; when it cannot, its last log lines take the place.
        .withTerminationMessagePolicy("FallbackToLogsOnError")
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

  /**
   * Secrets as secretKeyRefs, the color (when given), then the user's env (except what the operator
   * sets).
   */
  static List<EnvVar> env(SuperNovaStack stack, String color) {
    List<EnvVar> env = operatorEnv(stack, color);
    Set<String> reserved = operatorVariables(stack);
    var extra = stack.getSpec().getApi().getEnv();
    if (extra != null) {
      extra.stream().filter(e -> !reserved.contains(e.getName())).forEach(env::add);
    }
    return env;
  }

  private static List<EnvVar> operatorEnv(SuperNovaStack stack, String color) {
    List<EnvVar> env = new ArrayList<>();
    String databaseSecret = ReferencedSecrets.databaseSecretName(stack);
    env.add(EnvVars.fromSecret("DATABASE_USER", databaseSecret, ReferencedSecrets.USERNAME));
    env.add(EnvVars.fromSecret("DATABASE_PASSWORD", databaseSecret, ReferencedSecrets.PASSWORD));
    String redisSecret = ReferencedSecrets.redisSecretName(stack);
    if (redisSecret != null) {
      env.add(EnvVars.fromSecret("REDIS_PASSWORD", redisSecret, ReferencedSecrets.PASSWORD));
    }
    env.add(
        EnvVars.fromSecret(
            "JWT_SECRET_KEY", StackNames.jwtSecret(stack), ReferencedSecrets.JWT_SECRET_KEY));
    String admin = StackNames.apiAdminSecret(stack);
    env.add(EnvVars.fromSecret("SUPERNOVA_ADMIN_USERNAME", admin, ReferencedSecrets.USERNAME));
    env.add(EnvVars.fromSecret("SUPERNOVA_ADMIN_PASSWORD", admin, ReferencedSecrets.PASSWORD));
    if (color != null) {
      env.add(EnvVars.of("SUPERNOVA_COLOR", color));
    }
    // What /version and every response's X-SuperNova-Version report: the image this color runs.
    env.add(EnvVars.of(VERSION_ENV, imageVersion(stack.getSpec().getApi().getImage())));
    // Set here so that it agrees with the grace period above.
    env.add(EnvVars.of(SHUTDOWN_DRAIN_ENV, Long.toString(SHUTDOWN_DRAIN_SECONDS)));
    return env;
  }

  /**
   * Every variable the operator sets on the API container (directly or from its ConfigMap): what
   * the user's env and envFrom must not set.
   */
  public static Set<String> operatorVariables(SuperNovaStack stack) {
    Set<String> reserved = new HashSet<>();
    operatorEnv(stack, null).forEach(e -> reserved.add(e.getName()));
    reserved.add("SUPERNOVA_COLOR");
    reserved.addAll(ApiConfigMapDependent.environment(stack).keySet());
    return reserved;
  }
}
