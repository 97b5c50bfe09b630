package com.supernovaai.e2e.harness;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.supernovaai.e2e.cluster.RepoPaths;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Reading examples and stack status, and acting on a stack, the way a user does. */
public final class Stacks {

  /**
   * Unknown fields are errors: an example that says more than the API knows is a broken example.
   */
  private static final ObjectMapper STRICT_YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private Stacks() {}

  public static Path example(String file) {
    return RepoPaths.root().resolve("examples").resolve(file);
  }

  /** Parses {@code examples/<file>} into the Java model, rejecting unknown fields. */
  public static SuperNovaStack loadExample(String file) {
    try {
      return STRICT_YAML.readValue(example(file).toFile(), SuperNovaStack.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "examples/" + file + " does not match the API: " + e.getMessage(), e);
    }
  }

  /**
   * The API server's env with the per-address limits (10 r/s, 5 logins a minute) lifted, plus
   * {@code extra}: a test's load comes from one address, the host, and is above them on purpose.
   */
  public static List<EnvVar> withoutPerAddressLimits(EnvVar... extra) {
    List<EnvVar> env = new ArrayList<>(List.of(extra));
    for (String name :
        List.of(
            "RATE_LIMIT_ADDRESS_PER_MINUTE",
            "RATE_LIMIT_ADDRESS_BURST",
            "RATE_LIMIT_AUTH_PER_MINUTE",
            "RATE_LIMIT_AUTH_BURST")) {
      env.add(new EnvVar(name, "10000000", null));
    }
    return env;
  }

  /**
   * Moves the stack's nightly backup (02:00 UTC in the examples and by default) 12 hours away from
   * now. A test that counts the operator's writes or backup Jobs must not meet a scheduled run when
   * CI happens to cross 02:00.
   */
  public static SuperNovaStack withBackupAwayFromNow(SuperNovaStack stack) {
    int hour = ZonedDateTime.now(ZoneOffset.UTC).plusHours(12).getHour();
    stack.getSpec().getBackup().setSchedule("0 " + hour + " * * *");
    return stack;
  }

  /**
   * The API counts as available 1 s after it is Ready ({@code api.rollout.minReadySeconds} 1, not
   * the default 10), for classes whose subject is not a rollout: a stack is Ready only once its API
   * is available, and each such class would wait 9 s more per stack start (and per promotion) for
   * nothing it checks. Not 0: with 0 the operator patched the API Deployment on every reconcile (26
   * patches instead of 6 in RealNodeAutoscalingIT; likely because the API server omits a zero
   * minReadySeconds, so the live object never matches the desired one), and a test's edit of the
   * stack met a 409.
   */
  public static SuperNovaStack availableWhenReady(SuperNovaStack stack) {
    stack.getSpec().getApi().getRollout().setMinReadySeconds(1);
    return stack;
  }

  public static Optional<Condition> condition(SuperNovaStack stack, String type) {
    if (stack == null || stack.getStatus() == null || stack.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return stack.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  public static boolean isTrue(SuperNovaStack stack, String type) {
    return condition(stack, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** Ready=True for the current generation. */
  public static boolean isReady(SuperNovaStack stack) {
    return isTrue(stack, "Ready")
        && stack.getStatus().getObservedGeneration() != null
        && stack.getStatus().getObservedGeneration().equals(stack.getMetadata().getGeneration());
  }

  /**
   * Edits the stack in the client's namespace as {@code kubectl edit} does, retrying when the
   * operator wrote it in between (409 Conflict: status, annotations).
   */
  public static void edit(KubernetesClient client, String name, Consumer<SuperNovaStack> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .resources(SuperNovaStack.class)
            .withName(name)
            .edit(
                s -> {
                  change.accept(s);
                  return s;
                });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  /** Sets (or, with null, removes) one annotation, as {@code kubectl annotate} does. */
  public static void annotate(KubernetesClient client, String name, String key, String value) {
    edit(
        client,
        name,
        s -> {
          Map<String, String> annotations = new LinkedHashMap<>();
          if (s.getMetadata().getAnnotations() != null) {
            annotations.putAll(s.getMetadata().getAnnotations());
          }
          if (value == null) {
            annotations.remove(key);
          } else {
            annotations.put(key, value);
          }
          s.getMetadata().setAnnotations(annotations);
        });
  }

  /** Asks for a backup now, as a user does with the annotation; returns the request's value. */
  public static String requestBackup(KubernetesClient client, String namespace, String name) {
    String request = Long.toString(Instant.now().getEpochSecond());
    client
        .resources(SuperNovaStack.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            s -> {
              Map<String, String> annotations = new LinkedHashMap<>();
              if (s.getMetadata().getAnnotations() != null) {
                annotations.putAll(s.getMetadata().getAnnotations());
              }
              annotations.put(SuperNovaStack.BACKUP_NOW_ANNOTATION, request);
              s.getMetadata().setAnnotations(annotations);
              return s;
            });
    return request;
  }

  /**
   * The active Service's ClusterIP: from the node's machine, kube-proxy's rules route it to a pod.
   */
  public static URI apiServiceUri(KubernetesClient client, String namespace, SuperNovaStack stack) {
    String ip =
        client
            .services()
            .inNamespace(namespace)
            .withName(StackNames.apiService(stack))
            .get()
            .getSpec()
            .getClusterIP();
    return URI.create("http://" + ip + ":" + StackNames.API_SERVICE_PORT);
  }
}
