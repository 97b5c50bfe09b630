package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.ExternalDatabaseSpec;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ApiDeploymentDependentTest {

  private final ApiDeploymentDependent dependent = new ApiDeploymentDependent.Blue();

  @Test
  void aZeroMinReadySecondsIsLeftOutAsTheApiServerStoresIt() {
    // The Deployment API omits a zero minReadySeconds (its default): sent as 0, the live object
    // never matches it and every reconcile would patch the Deployment again.
    var stack = Stacks.minimal();
    stack.getSpec().getApi().getRollout().setMinReadySeconds(0);
    assertThat(dependent.desired(stack, TestContexts.with()).getSpec().getMinReadySeconds())
        .isNull();
    stack.getSpec().getApi().getRollout().setMinReadySeconds(7);
    assertThat(dependent.desired(stack, TestContexts.with()).getSpec().getMinReadySeconds())
        .isEqualTo(7);
  }

  @Test
  void blueDeploymentIsTheHpasFromItsCreationAtMinReplicas() {
    var stack = Stacks.minimal();
    var deployment = dependent.desired(stack, TestContexts.with());

    assertThat(deployment.getMetadata().getName()).isEqualTo("prod-api-blue");
    assertThat(deployment.getMetadata().getLabels())
        .containsEntry(Labels.COLOR, "blue")
        .containsEntry(Labels.COMPONENT, "api")
        .containsEntry(Labels.INSTANCE, "prod")
        .containsEntry(Labels.MANAGED_BY, "supernova-operator")
        .containsEntry(Labels.PART_OF, "supernova")
        .containsEntry(Labels.NAME, "supernova")
        .containsEntry(Labels.VERSION, "1.4.2");
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .isEqualTo(
            Map.of(
                Labels.NAME,
                "supernova",
                Labels.INSTANCE,
                "prod",
                Labels.COMPONENT,
                "api",
                Labels.COLOR,
                "blue"));
    // the HPA's from the first apply; created at its minimum (sized right after the creation), so
    // the stack is not Ready at one pod before the HPA scales
    assertThat(deployment.getSpec().getReplicas()).isNull();
    var context = TestContexts.with();
    assertThat(ApiRollout.plan(stack, context).color("blue").sizeAtCreation()).isEqualTo(3);

    var existing = dependent.desired(stack, TestContexts.with(deployment));
    assertThat(existing.getSpec().getReplicas()).isNull();
  }

  @Test
  void podsLeaveTheServiceBeforeTheyStopServing() {
    var stack = Stacks.minimal();
    stack
        .getSpec()
        .getApi()
        .setEnv(
            List.of(
                new EnvVarBuilder()
                    .withName("SUPERNOVA_SHUTDOWN_DRAIN_SECONDS")
                    .withValue("600")
                    .build()));
    var pod = dependent.desired(stack, TestContexts.with()).getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);

    // preStop is a sleep action of the kubelet: the image needs no sleep binary.
    var preStop = container.getLifecycle().getPreStop();
    assertThat(preStop.getExec()).isNull();
    assertThat(preStop.getHttpGet()).isNull();
    long preStopSeconds = preStop.getSleep().getSeconds();
    assertThat(preStopSeconds).isBetween(3L, 15L);

    List<EnvVar> drain =
        container.getEnv().stream()
            .filter(e -> e.getName().equals("SUPERNOVA_SHUTDOWN_DRAIN_SECONDS"))
            .toList();
    assertThat(drain).as("set by the operator, the user's value ignored").hasSize(1);
    long drainSeconds = Long.parseLong(drain.get(0).getValue());
    assertThat(pod.getTerminationGracePeriodSeconds())
        .as("room for preStop, the API's drain and its in-flight requests")
        .isGreaterThan(preStopSeconds + drainSeconds);

    // A failed start-up (e.g. a migration) says why in the pod status even without a message file.
    assertThat(container.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
  }

  @Test
  void replicasFromSpecWhenAutoscalingIsOff() {
    var stack = Stacks.minimal();
    stack.getSpec().getApi().getAutoscaling().setEnabled(false);
    stack.getSpec().getApi().setReplicas(5);
    assertThat(dependent.desired(stack, TestContexts.with()).getSpec().getReplicas()).isEqualTo(5);
  }

  @Test
  void envContractWithSecretsByReference() {
    var stack = Stacks.minimal();
    stack
        .getSpec()
        .getApi()
        .setEnv(
            List.of(
                new EnvVarBuilder().withName("OPENAI_MODEL").withValue("gpt").build(),
                new EnvVarBuilder().withName("DATABASE_PASSWORD").withValue("hijack").build()));
    var container =
        dependent
            .desired(stack, TestContexts.with())
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    Map<String, EnvVar> env =
        container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));

    // What the database accepts, never the Secret users edit (a rotation applies that first).
    assertThat(env.get("DATABASE_USER").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("prod-db-credentials-applied");
    assertThat(env.get("DATABASE_PASSWORD").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("prod-db-credentials-applied");
    assertThat(env.get("DATABASE_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("password");
    assertThat(env.get("DATABASE_PASSWORD").getValue()).isNull();
    assertThat(env.get("REDIS_PASSWORD").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("prod-redis-credentials");
    assertThat(env.get("JWT_SECRET_KEY").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("prod-jwt");
    assertThat(env.get("SUPERNOVA_ADMIN_USERNAME").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("prod-api-admin");
    assertThat(env.get("SUPERNOVA_ADMIN_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("password");
    assertThat(env.get("SUPERNOVA_ADMIN_PASSWORD").getValue()).isNull();
    assertThat(env.get("SUPERNOVA_COLOR").getValue()).isEqualTo("blue");
    assertThat(env.get("OPENAI_MODEL").getValue()).isEqualTo("gpt");
    assertThat(container.getEnvFrom().get(0).getConfigMapRef().getName())
        .isEqualTo("prod-api-config");
    assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(8081);
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("4Gi");
  }

  @Test
  void externalDatabaseCredentialsComeFromTheUsersSecret() {
    var stack = Stacks.minimal();
    var external = new ExternalDatabaseSpec();
    external.setHost("db.example.com");
    external.setCredentialsSecret("rds-credentials");
    stack.getSpec().getDatabase().setExternal(external);
    var env = ApiPodTemplate.env(stack, "blue");
    assertThat(env)
        .filteredOn(e -> e.getName().equals("DATABASE_PASSWORD"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo("rds-credentials"));
  }

  @Test
  void podTemplateCarriesAHashOfEachConsumedSecret() {
    var stack = Stacks.minimal();
    var db =
        TestContexts.secret(
            "supernova", "prod-db-credentials-applied", "username", "supernova", "password", "a");
    var edited =
        TestContexts.secret(
            "supernova", "prod-db-credentials", "username", "supernova", "password", "new");
    var redis = TestContexts.secret("supernova", "prod-redis-credentials", "password", "b");
    var jwt = TestContexts.secret("supernova", "prod-jwt", "jwt-secret-key", "c");
    var config =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("prod-api-config")
            .endMetadata()
            .addToData("A", "1")
            .build();

    var annotations =
        dependent
            .desired(stack, TestContexts.with(db, edited, redis, jwt, config))
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations();
    assertThat(annotations)
        .containsKeys(
            "secret.ops.supernova-ai.com/prod-db-credentials-applied",
            "secret.ops.supernova-ai.com/prod-redis-credentials",
            "secret.ops.supernova-ai.com/prod-jwt",
            Hashes.CONFIG_ANNOTATION);
    assertThat(annotations).doesNotContainKey("secret.ops.supernova-ai.com/prod-db-credentials");
    assertThat(annotations.values()).noneMatch(v -> v.contains("supernova") || v.equals("a"));

    var notYetApplied =
        dependent
            .desired(stack, TestContexts.with(db, redis, jwt, config))
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations();
    assertThat(notYetApplied)
        .as("an edited Secret alone restarts nothing: the database has not learned it yet")
        .isEqualTo(annotations);

    var rotated =
        TestContexts.secret(
            "supernova", "prod-db-credentials-applied", "username", "supernova", "password", "z");
    var after =
        dependent
            .desired(stack, TestContexts.with(rotated, edited, redis, jwt, config))
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations();
    assertThat(after.get("secret.ops.supernova-ai.com/prod-db-credentials-applied"))
        .isNotEqualTo(annotations.get("secret.ops.supernova-ai.com/prod-db-credentials-applied"));
    assertThat(after.get("secret.ops.supernova-ai.com/prod-jwt"))
        .isEqualTo(annotations.get("secret.ops.supernova-ai.com/prod-jwt"));
  }

  @Test
  void sameSpecRendersTheSameDeployment() {
    var stack = Stacks.minimal();
    assertThat(dependent.desired(stack, TestContexts.with()))
        .isEqualTo(dependent.desired(stack, TestContexts.with()));
  }
}
