package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.ExternalDatabaseSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The applied copy of the database credentials, the rotation Job and its precondition, and the
 * database Secret restored from the copy: given these Secrets and Jobs in the cache, this desired
 * state.
 */
class CredentialsRotationDependentsTest {

  private final SuperNovaStack stack = Stacks.minimal();
  private final Secret generated = credentials("prod-db-credentials", "app-1", "su-1", "7");
  private final Secret applied = credentials("prod-db-credentials-applied", "app-1", "su-1", "8");
  private final Secret edited = credentials("prod-db-credentials", "app-2", "su-2", "9");

  private final AppliedCredentialsSecretDependent appliedCopy =
      new AppliedCredentialsSecretDependent();
  private final CredentialsRotationJobDependent rotation = new CredentialsRotationJobDependent();
  private final CredentialsRotationNeededCondition needed =
      new CredentialsRotationNeededCondition();

  // --- the applied copy --------------------------------------------------------------------------

  @Test
  void theAppliedCopyStartsAsACopyOfTheGeneratedSecretAndIsNotOwned() {
    Secret copy = appliedCopy.desired(stack, TestContexts.with(generated));
    assertThat(copy.getMetadata().getName()).isEqualTo("prod-db-credentials-applied");
    assertThat(copy.getMetadata().getLabels())
        .containsEntry(Labels.INSTANCE, "prod")
        .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR);
    assertThat(copy.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(copy.getMetadata().getAnnotations())
        .as("JOSDK adds its mapping annotations to this map")
        .isNotNull();
    assertThat(copy.getData()).isEqualTo(generated.getData());
  }

  @Test
  void anEditedSecretReachesTheAppliedCopyOnlyOnceItsRotationJobSucceeded() {
    var pending = TestContexts.with(applied, edited);
    assertThat(appliedCopy.desired(stack, pending).getData())
        .as("no Job yet")
        .isEqualTo(applied.getData());
    String job = CredentialsRotationJobDependent.name(stack, pending);

    assertThat(
            appliedCopy
                .desired(stack, TestContexts.with(applied, edited, job(job, "Failed")))
                .getData())
        .as("failed Job")
        .isEqualTo(applied.getData());
    assertThat(
            appliedCopy
                .desired(
                    stack,
                    TestContexts.with(applied, edited, job("prod-db-rotate-other", "Complete")))
                .getData())
        .as("a succeeded Job of another rotation")
        .isEqualTo(applied.getData());

    Secret copied =
        appliedCopy.desired(stack, TestContexts.with(applied, edited, job(job, "Complete")));
    assertThat(copied.getData()).isEqualTo(edited.getData());
    assertThat(copied.getMetadata().getAnnotations())
        .containsEntry(AppliedCredentialsSecretDependent.ROTATED_BY, job);
  }

  // --- the rotation Job --------------------------------------------------------------------------

  @Test
  void theJobLogsInWithTheAppliedPasswordAndReadsTheNewOnesFromTheEditedSecret() {
    Job job = rotation.desired(stack, TestContexts.with(applied, edited));
    assertThat(job.getMetadata().getName()).matches("prod-db-rotate-[0-9a-f]{8}");
    assertThat(job.getMetadata().getLabels())
        .containsEntry(BackupJobs.KIND_LABEL, BackupJobs.ROTATE)
        .containsEntry(Labels.COMPONENT, Labels.COMPONENT_BACKUP);
    var pod = job.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(stack.getSpec().getDatabase().getImage());
    assertThat(container.getCommand()).containsExactly("/bin/sh", "/scripts/rotate.sh");
    Map<String, EnvVar> env =
        container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("PGHOST").getValue()).isEqualTo("prod-db.supernova.svc");
    assertThat(env.get("PGUSER").getValue()).isEqualTo("postgres");
    assertThat(secretRef(env.get("PGPASSWORD")))
        .isEqualTo("prod-db-credentials-applied/superuser-password");
    assertThat(secretRef(env.get("APP_DB_USER"))).isEqualTo("prod-db-credentials-applied/username");
    assertThat(secretRef(env.get("NEW_APP_DB_USER"))).isEqualTo("prod-db-credentials/username");
    assertThat(secretRef(env.get("NEW_APP_DB_PASSWORD"))).isEqualTo("prod-db-credentials/password");
    assertThat(secretRef(env.get("NEW_SUPERUSER_PASSWORD")))
        .isEqualTo("prod-db-credentials/superuser-password");
    assertThat(container.getEnv())
        .as("no value inline")
        .allSatisfy(
            e ->
                assertThat(String.valueOf(e.getValue()))
                    .doesNotContain("app-1", "app-2", "su-1", "su-2"));
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getVolumes())
        .extracting(v -> v.getName())
        .as("no backup volume")
        .containsExactly("scripts", "tmp");
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
  }

  @Test
  void eachRotationHasAJobOfItsOwnName() {
    String first = CredentialsRotationJobDependent.name(stack, TestContexts.with(applied, edited));
    assertThat(CredentialsRotationJobDependent.name(stack, TestContexts.with(applied, edited)))
        .isEqualTo(first);
    var other = credentials("prod-db-credentials", "app-3", "su-3", "9");
    assertThat(CredentialsRotationJobDependent.name(stack, TestContexts.with(applied, other)))
        .as("other values")
        .isNotEqualTo(first);
    var laterCopy =
        new SecretBuilder(applied).editMetadata().withResourceVersion("80").endMetadata().build();
    assertThat(CredentialsRotationJobDependent.name(stack, TestContexts.with(laterCopy, edited)))
        .as("the same values again after another rotation (A to B, B to A, A to B)")
        .isNotEqualTo(first);
  }

  @Test
  void onceAppliedTheJobThatMadeTheCopyIsTheOneTheWorkflowDeletes() {
    Secret copied =
        appliedCopy.desired(
            stack,
            TestContexts.with(
                applied,
                edited,
                job(
                    CredentialsRotationJobDependent.name(stack, TestContexts.with(applied, edited)),
                    "Complete")));
    var inSync = TestContexts.with(copied, edited);
    assertThat(CredentialsRotationJobDependent.pending(stack, inSync)).isFalse();
    assertThat(CredentialsRotationJobDependent.name(stack, inSync))
        .isEqualTo(
            copied
                .getMetadata()
                .getAnnotations()
                .get(AppliedCredentialsSecretDependent.ROTATED_BY));
    assertThat(needed.isMet(null, stack, inSync)).isFalse();
  }

  @Test
  void aRotationIsNeededOnlyForOtherCompleteValuesAndOneAtATime() {
    assertThat(needed.isMet(null, stack, TestContexts.with(applied, edited))).isTrue();
    assertThat(needed.isMet(null, stack, TestContexts.with(applied, applied(generated))))
        .as("in sync")
        .isFalse();
    assertThat(needed.isMet(null, stack, TestContexts.with(edited)))
        .as("no applied copy yet: it is made from the Secret")
        .isFalse();
    var noPassword =
        TestContexts.secret("supernova", "prod-db-credentials", "username", "supernova");
    assertThat(needed.isMet(null, stack, TestContexts.with(applied, noPassword)))
        .as("a key is missing")
        .isFalse();
    assertThat(
            needed.isMet(
                null, stack, TestContexts.with(applied, edited, job("prod-db-rotate-older", null))))
        .as("another rotation is still running")
        .isFalse();
    assertThat(
            needed.isMet(
                null,
                stack,
                TestContexts.with(applied, edited, job("prod-db-rotate-older", "Failed"))))
        .as("an older rotation failed: this one may run")
        .isTrue();

    var external = Stacks.minimal();
    var spec = new ExternalDatabaseSpec();
    spec.setHost("db.example.com");
    spec.setCredentialsSecret("rds");
    external.getSpec().getDatabase().setExternal(spec);
    assertThat(needed.isMet(null, external, TestContexts.with(applied, edited)))
        .as("an external database is the user's")
        .isFalse();
  }

  @Test
  void theApiWaitsUntilTheAppliedCopyIsInTheCacheSoNoTemplateIsRenderedWithoutItsHash() {
    var condition = new ApiInputsReadyCondition();
    assertThat(condition.isMet(null, stack, TestContexts.with(applied))).isTrue();
    assertThat(condition.isMet(null, stack, TestContexts.with(generated)))
        .as("the Secret exists, its applied copy is not in the cache yet")
        .isFalse();
  }

  // --- the generated Secret ----------------------------------------------------------------------

  @Test
  void aDeletedSecretIsRestoredFromTheAppliedCopyInsteadOfGeneratedAnew() {
    var dependent = new DatabaseCredentialsSecretDependent();
    Context<SuperNovaStack> copyOnly = TestContexts.with(applied);
    assertThat(DatabaseCredentialsSecretDependent.restoring(stack, copyOnly)).isTrue();
    Secret restored = dependent.desired(stack, copyOnly);
    assertThat(restored.getMetadata().getName()).isEqualTo("prod-db-credentials");
    assertThat(restored.getMetadata().getLabels()).containsEntry(Labels.INSTANCE, "prod");
    assertThat(restored.getData()).isEqualTo(applied.getData());

    assertThat(DatabaseCredentialsSecretDependent.restoring(stack, TestContexts.with())).isFalse();
    Secret fresh = dependent.desired(stack, TestContexts.with());
    assertThat(fresh.getData())
        .containsKeys("username", "password", "superuser-password")
        .isNotEqualTo(applied.getData());
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static Secret credentials(String name, String app, String superuser, String version) {
    Secret secret = Rendered.databaseSecret(Stacks.minimal(), name, "supernova", app, superuser);
    secret.getMetadata().setResourceVersion(version);
    return secret;
  }

  /** The applied copy holding the given Secret's values. */
  private static Secret applied(Secret source) {
    return new SecretBuilder(source)
        .editMetadata()
        .withName("prod-db-credentials-applied")
        .endMetadata()
        .build();
  }

  private static String secretRef(EnvVar env) {
    var ref = env.getValueFrom().getSecretKeyRef();
    return ref.getName() + "/" + ref.getKey();
  }

  /** A rotation Job of the stack; {@code outcome} Complete, Failed or null (running). */
  static HasMetadata job(String name, String outcome) {
    var builder =
        new JobBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("supernova")
            .withLabels(BackupJobs.labels(Stacks.minimal(), BackupJobs.ROTATE))
            .endMetadata()
            .withNewStatus()
            .endStatus();
    if (outcome != null) {
      builder
          .editStatus()
          .addNewCondition()
          .withType(outcome)
          .withStatus("True")
          .endCondition()
          .endStatus();
    }
    return builder.build();
  }
}
