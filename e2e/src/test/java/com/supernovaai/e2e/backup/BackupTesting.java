package com.supernovaai.e2e.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.supernovaai.e2e.cluster.KubernetesClusterExtension;
import com.supernovaai.e2e.harness.Stacks;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.BackupSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stacks, edits and look-ups the backup ITs share.
 *
 * <p>kwok plays the kubelet: Job pods are scheduled, run and end with exit code 0, but no script
 * runs (the scripts are proven against the real PostgreSQL by the operator's proof tests, and the
 * shape of the Job pods by its {@code BackupJobPodsTest}). So a Job here succeeds and its pod
 * carries no termination message: the fields that come from the script's result line (dump file
 * name and size, restored row count) stay empty, and these tests assert what kwok makes observable:
 * Jobs, their completion, and what the operator derives from it. The one exception is {@link
 * #FAILING_JOB_IMAGE}: its pods fail with a script's failure line.
 */
final class BackupTesting {

  /** The stack whose backups a test looks at; each class has its own namespace. */
  static final String SOURCE = "source";

  static final String BACKUP_NOW = SuperNovaStack.BACKUP_NOW_ANNOTATION;
  static final String KIND_LABEL = SuperNovaStack.GROUP + "/backup-job";

  /**
   * Job pods of this image fail on the local control plane, with the termination message the backup
   * scripts write when the database does not answer (KWOK_FAILING_JOB_IMAGE in
   * e2e/cluster/local-cluster).
   */
  static final String FAILING_JOB_IMAGE = "registry.invalid/supernova-test/job-fails:1";

  private BackupTesting() {}

  /**
   * The minimal example named {@code name}, its nightly backup 12 hours away from now, and its API
   * pods counted available after 1 s instead of 10: every class brings up a stack of its own, and
   * how a rollout waits is not what these tests look at.
   */
  static SuperNovaStack stack(String name) {
    SuperNovaStack stack = Stacks.withBackupAwayFromNow(Stacks.loadExample("minimal.yaml"));
    stack.getMetadata().setName(name);
    stack.getSpec().getApi().getRollout().setMinReadySeconds(1);
    return stack;
  }

  /** Creates {@link #stack} {@code name} and waits until it is Ready. */
  static SuperNovaStack createReady(KubernetesClient client, String name) {
    return awaitReady(client, create(client, stack(name)).getMetadata().getName());
  }

  static SuperNovaStack create(KubernetesClient client, SuperNovaStack stack) {
    stack.getMetadata().setNamespace(client.getNamespace());
    return client.resource(stack).create();
  }

  static SuperNovaStack get(KubernetesClient client, String name) {
    return client.resources(SuperNovaStack.class).withName(name).get();
  }

  static SuperNovaStack awaitReady(KubernetesClient client, String name) {
    await()
        .atMost(KubernetesClusterExtension.defaultTimeout())
        .pollInterval(Duration.ofMillis(500))
        .until(() -> Stacks.isReady(get(client, name)));
    return get(client, name);
  }

  /** Edits the stack's spec.backup, as {@code kubectl edit} does. */
  static void editBackup(KubernetesClient client, String name, Consumer<BackupSpec> change) {
    Stacks.edit(client, name, s -> change.accept(s.getSpec().getBackup()));
  }

  /** The stack's scheduled-backup CronJob, or null. */
  static CronJob backupCronJob(KubernetesClient client, SuperNovaStack stack) {
    return client.batch().v1().cronjobs().withName(StackNames.backup(stack)).get();
  }

  /** The Jobs made for the stack's backup-now requests. */
  static List<Job> backupNowJobs(KubernetesClient client, String stack) {
    return client.batch().v1().jobs().list().getItems().stream()
        .filter(j -> j.getMetadata().getName().startsWith(stack + "-backup-now-"))
        .toList();
  }

  static boolean isComplete(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static Pod onlyPodOf(KubernetesClient client, Job job) {
    List<Pod> pods =
        client.pods().withLabel("job-name", job.getMetadata().getName()).list().getItems();
    assertThat(pods).as("pods of " + job.getMetadata().getName()).hasSize(1);
    return pods.get(0);
  }

  static void assertOwnedByStack(HasMetadata object, SuperNovaStack stack) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    assertThat(owners)
        .as("owner of " + object.getKind() + " " + object.getMetadata().getName())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("SuperNovaStack");
              assertThat(o.getName()).isEqualTo(stack.getMetadata().getName());
              assertThat(o.getUid()).isEqualTo(stack.getMetadata().getUid());
            });
  }

  static List<Event> eventsOf(KubernetesClient client, String stack) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> e.getInvolvedObject() != null)
        .filter(e -> "SuperNovaStack".equals(e.getInvolvedObject().getKind()))
        .filter(e -> stack.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
