package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * A one-off Job of the backup pod ({@link BackupJobs}) that the workflow creates and never updates:
 * a Job's template cannot change, and a finished Job must stay as it ended so that its result can
 * be read and deleting it retries. A new request gets a Job of a new name. Owned by the stack, so
 * Kubernetes deletes it with the stack. (JOSDK 5.2 has no such base: its Kubernetes bases all
 * update, and a plain {@link KubernetesDependentResource} adds no owner reference.)
 */
abstract class CreateOnlyJobDependent extends KubernetesDependentResource<Job, SuperNovaStack>
    implements Creator<Job, SuperNovaStack> {

  /** {@link BackupJobs#BACKUP}, {@link BackupJobs#RESTORE} or {@link BackupJobs#ROTATE}. */
  private final String kind;

  CreateOnlyJobDependent(String kind) {
    super(Job.class);
    this.kind = kind;
  }

  /** Name of the Job the stack asks for now. */
  protected abstract String jobName(SuperNovaStack stack, Context<SuperNovaStack> context);

  protected abstract JobSpec spec(SuperNovaStack stack, Context<SuperNovaStack> context);

  @Override
  protected Job desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(jobName(stack, context))
        .withNamespace(StackNames.namespace(stack))
        .withLabels(BackupJobs.labels(stack, kind))
        .endMetadata()
        .withSpec(spec(stack, context))
        .build();
  }

  @Override
  protected boolean addOwnerReference() {
    return true;
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      SuperNovaStack primary, Context<SuperNovaStack> context) {
    return new ResourceID(jobName(primary, context), primary.getMetadata().getNamespace());
  }
}
