package com.supernovaai.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.AuditLog;
import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.cluster.TestCluster;
import com.supernovaai.e2e.harness.InProcessOperator;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.model.Condition;
import com.supernovaai.operator.model.RolloutPhase;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rotating the generated database passwords never restarts a consumer into a password PostgreSQL
 * has not learned: an edited {@code <stack>-db-credentials} is applied to the roles by a Job first,
 * and only after it succeeded do the pod templates of PgBouncer and the API server change; a failed
 * rotation degrades the stack and changes nothing; a deleted Secret comes back with the values the
 * database accepts.
 *
 * <p>kwok completes Job pods without running them, so this proves the ordering the operator keeps;
 * rotate.sh itself is proven against a real PostgreSQL (operator's CredentialsRotationScriptIT).
 * Job pods of {@link #FAILING_JOB_IMAGE} fail with a script's failure line.
 */
@ExtendWith(KubernetesClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CredentialsRotationIT {

  private static final String STACK = "rotates";
  private static final String FAILING_JOB_IMAGE = "registry.invalid/supernova-test/job-fails:1";
  private static final String CREDENTIALS = STACK + "-db-credentials";
  private static final String APPLIED = STACK + "-db-credentials-applied";
  private static final String ROTATE_PREFIX = STACK + "-db-rotate-";

  private static InProcessOperator operator;

  @BeforeAll
  static void startOperator(TestCluster cluster, KubernetesClusterExtension.TestNamespace ns) {
    operator = InProcessOperator.start(cluster, ns.name());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  @Order(1)
  void anEditedSecretIsAppliedToTheDatabaseBeforeAnyConsumerRestarts(
      KubernetesClient client, TestCluster cluster) {
    assumeThat(cluster.auditLog()).as("the ordering is read from the audit log").isPresent();
    SuperNovaStack stack = Stacks.withBackupAwayFromNow(Stacks.loadExample("minimal.yaml"));
    stack.getMetadata().setName(STACK);
    StackLifecycleIT.create(client, stack);
    StackLifecycleIT.awaitReady(client, stack);
    String databaseBefore = databaseTemplate(client);
    String consumersBefore = consumerTemplates(client);

    Instant edited = Instant.now().minusMillis(500);
    Map<String, String> rotated = rotate(client);

    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () ->
                assertThat(consumerTemplates(client))
                    .as("PgBouncer and the API server restart with the new passwords")
                    .isNotEqualTo(consumersBefore));
    // The API server writes an audit event after it has answered, so the writes just seen may
    // reach the file a moment later (sooner or later depending on the load).
    AuditLog audit = new AuditLog(cluster.auditLog().get());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !consumerWrites(audit, client, edited).isEmpty());
    var consumerWrites = consumerWrites(audit, client, edited);
    var rotationDone =
        audit.writesSince(
            edited,
            w ->
                "jobs".equals(w.resource())
                    && "status".equals(w.subresource())
                    && w.name() != null
                    && w.name().startsWith(ROTATE_PREFIX)
                    && w.requestBody() != null
                    && w.requestBody().contains("\"Complete\""));
    assertThat(rotationDone)
        .as(
            "a rotation Job completed before the consumers changed; writes to them: %s",
            consumerWrites.stream().map(AuditLog.Write::summary).toList())
        .isNotEmpty();
    Instant learned = rotationDone.get(0).time();
    assertThat(consumerWrites)
        .as("no consumer was touched before the database learned the new passwords (%s)", learned)
        .isNotEmpty()
        .allSatisfy(w -> assertThat(w.time()).isAfterOrEqualTo(learned));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(values(client, APPLIED)).isEqualTo(rotated);
              assertThat(StackInputIT.events(client, STACK))
                  .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("CredentialsRotated"));
              assertThat(rotationJobs(client))
                  .as("a rotation Job is removed once its values are applied")
                  .isEmpty();
            });
    assertThat(decoded(client, STACK + "-pooler-userlist").values())
        .anySatisfy(u -> assertThat(u).contains(rotated.get("password")));
    assertThat(databaseTemplate(client))
        .as("the database only reads the passwords at initdb: it is not restarted")
        .isEqualTo(databaseBefore);
    // The consumers' new pods may still be starting (the more so with other classes running):
    // the stack is Ready again once they are, and not Degraded.
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () -> {
              SuperNovaStack after = get(client);
              assertThat(Stacks.isTrue(after, "Degraded"))
                  .as("status: %s", after.getStatus())
                  .isFalse();
              assertThat(Stacks.isReady(after)).as("status: %s", after.getStatus()).isTrue();
            });
  }

  @Test
  @Order(2)
  void aDeletedSecretIsRestoredWithTheValuesTheDatabaseAcceptsAndNothingRestarts(
      KubernetesClient client) {
    awaitRolloutEnded(client);
    Map<String, String> accepted = values(client, APPLIED);
    String uid = client.secrets().withName(CREDENTIALS).get().getMetadata().getUid();
    String templates = databaseTemplate(client) + consumerTemplates(client);

    client.secrets().withName(CREDENTIALS).withTimeout(30, TimeUnit.SECONDS).delete();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Secret restored = client.secrets().withName(CREDENTIALS).get();
              assertThat(restored).isNotNull();
              assertThat(restored.getMetadata().getUid()).isNotEqualTo(uid);
              assertThat(values(client, CREDENTIALS)).isEqualTo(accepted);
              assertThat(StackInputIT.events(client, STACK))
                  .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("CredentialsRestored"));
            });
    SuperNovaStack after = get(client);
    assertThat(Stacks.isReady(after)).as("status: %s", after.getStatus()).isTrue();
    assertThat(Stacks.isTrue(after, "Degraded")).as("status: %s", after.getStatus()).isFalse();
    assertThat(rotationJobs(client)).as("nothing to rotate").isEmpty();
    assertThat(databaseTemplate(client) + consumerTemplates(client))
        .as("no consumer restarted")
        .isEqualTo(templates);
  }

  @Test
  @Order(3)
  void aFailedRotationDegradesTheStackAndLeavesEveryConsumerAsItWas(KubernetesClient client) {
    awaitRolloutEnded(client);
    Map<String, String> accepted = values(client, APPLIED);
    String templates = databaseTemplate(client) + consumerTemplates(client);
    patch(client, "{\"spec\":{\"backup\":{\"image\":\"" + FAILING_JOB_IMAGE + "\"}}}");
    // A reconcile already running reads the Secret's new values but the stack it started with:
    // rotating before the operator has seen the image would create the Job with the old one.
    awaitObservedGeneration(client);

    Map<String, String> rotated = rotate(client);

    SuperNovaStack failed =
        await()
            .atMost(KubernetesClusterExtension.defaultTimeout())
            .until(() -> get(client), s -> Stacks.isTrue(s, "Degraded"));
    Condition degraded = Stacks.condition(failed, "Degraded").orElseThrow();
    assertThat(degraded.getReason()).isEqualTo("CredentialsRotationFailed");
    assertThat(degraded.getMessage())
        .contains(CREDENTIALS)
        .contains("DatabaseUnreachable: cannot connect to database");
    assertThat(Stacks.isReady(failed)).as("the stack keeps serving the old passwords").isTrue();
    assertThat(rotationJobs(client)).hasSize(1).allSatisfy(j -> assertThat(isFailed(j)).isTrue());
    assertThat(values(client, APPLIED)).as("nothing applied").isEqualTo(accepted);
    assertThat(databaseTemplate(client) + consumerTemplates(client))
        .as("no consumer restarted")
        .isEqualTo(templates);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(StackInputIT.events(client, STACK))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("CredentialsRotationFailed");
                        }));

    // Fixed (here: the image) and retried by deleting the failed Job.
    patch(client, "{\"spec\":{\"backup\":{\"image\":null}}}");
    for (Job job : rotationJobs(client)) {
      client.resource(job).withTimeout(30, TimeUnit.SECONDS).delete();
    }
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () -> {
              assertThat(values(client, APPLIED)).isEqualTo(rotated);
              SuperNovaStack current = get(client);
              assertThat(Stacks.isTrue(current, "Degraded")).isFalse();
              assertThat(databaseTemplate(client) + consumerTemplates(client))
                  .isNotEqualTo(templates);
            });
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** New passwords into the Secret, as a user edits it; returns all its values afterwards. */
  private static Map<String, String> rotate(KubernetesClient client) {
    client
        .secrets()
        .withName(CREDENTIALS)
        .edit(
            s -> {
              s.getData().put("password", encode("app-" + UUID.randomUUID()));
              s.getData().put("superuser-password", encode("su-" + UUID.randomUUID()));
              return s;
            });
    return values(client, CREDENTIALS);
  }

  private static Map<String, String> values(KubernetesClient client, String secret) {
    return decoded(client, secret);
  }

  private static Map<String, String> decoded(KubernetesClient client, String secret) {
    Secret s = client.secrets().withName(secret).get();
    assertThat(s).as("Secret %s", secret).isNotNull();
    Map<String, String> values = new TreeMap<>();
    s.getData()
        .forEach(
            (k, v) ->
                values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return values;
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Pod templates of PgBouncer and the API Deployments (they carry the Secrets' hashes). */
  private static String consumerTemplates(KubernetesClient client) {
    return client.apps().deployments().list().getItems().stream()
        .filter(d -> d.getMetadata().getName().startsWith(STACK + "-"))
        .map(
            d ->
                d.getMetadata().getName()
                    + "="
                    + d.getSpec().getTemplate().getMetadata().getAnnotations()
                    + d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .sorted()
        .toList()
        .toString();
  }

  private static String databaseTemplate(KubernetesClient client) {
    var template =
        client.apps().statefulSets().withName(STACK + "-db").get().getSpec().getTemplate();
    return template.getMetadata().getAnnotations()
        + String.valueOf(template.getSpec().getContainers().get(0).getEnv());
  }

  private static List<Job> rotationJobs(KubernetesClient client) {
    return client.batch().v1().jobs().list().getItems().stream()
        .filter(j -> j.getMetadata().getName().startsWith(ROTATE_PREFIX))
        .toList();
  }

  private static boolean isFailed(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static SuperNovaStack get(KubernetesClient client) {
    return client.resources(SuperNovaStack.class).withName(STACK).get();
  }

  /** Until a reconcile has finished on the stack's current spec (status.observedGeneration). */
  /**
   * Waits until the API rollout a successful rotation started has ended (Idle): until then the old
   * color is kept for the scale-down delay (30 s), and its scale-down renders it at 0 pods with the
   * new template. That restarts nothing, but between two snapshots it looks like a consumer change
   * (a CI run took its snapshot 29 s after the promotion).
   */
  private static void awaitRolloutEnded(KubernetesClient client) {
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .untilAsserted(
            () -> {
              SuperNovaStack s = get(client);
              var rollout = s.getStatus() == null ? null : s.getStatus().getRollout();
              assertThat(rollout == null ? RolloutPhase.Idle : rollout.getPhase())
                  .as("status: %s", s.getStatus())
                  .isEqualTo(RolloutPhase.Idle);
            });
  }

  private static void awaitObservedGeneration(KubernetesClient client) {
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .until(
            () -> get(client),
            s ->
                s.getStatus() != null
                    && s.getMetadata()
                        .getGeneration()
                        .equals(s.getStatus().getObservedGeneration()));
  }

  private static void patch(KubernetesClient client, String json) {
    client
        .resources(SuperNovaStack.class)
        .withName(STACK)
        .patch(PatchContext.of(PatchType.JSON_MERGE), json);
  }

  /** Writes to the API server's and PgBouncer's Deployments since {@code since}. */
  private static List<AuditLog.Write> consumerWrites(
      AuditLog audit, KubernetesClient client, Instant since) {
    return audit.writesSince(
        since,
        w ->
            "deployments".equals(w.resource())
                && w.subresource() == null
                && client.getNamespace().equals(w.namespace())
                && w.name() != null
                && (w.name().startsWith(STACK + "-api-") || w.name().equals(STACK + "-pooler")));
  }
}
