package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;

/**
 * One backup now, for the annotation {@code ops.supernova-ai.com/backup-now}: a Job like the
 * CronJob's, named after a hash of the annotation's value, so each value runs once (the name
 * exists, and status.backup.lastManualRequest remembers it after the Job is gone).
 */
public class ManualBackupJobDependent extends CreateOnlyJobDependent {

  /** Annotation on the Job: the request value it serves. */
  public static final String REQUEST_ANNOTATION = SuperNovaStack.BACKUP_NOW_ANNOTATION;

  /**
   * A finished manual Job is removed after a day (its result is in status by then), so a year of
   * backup-now annotations does not leave hundreds of Jobs and pods behind.
   */
  static final int MANUAL_JOB_TTL_SECONDS = 24 * 3600;

  public ManualBackupJobDependent() {
    super(BackupJobs.BACKUP);
  }

  /** The annotation's value, or null. */
  public static String request(SuperNovaStack stack) {
    var annotations = stack.getMetadata().getAnnotations();
    String value =
        annotations == null ? null : annotations.get(SuperNovaStack.BACKUP_NOW_ANNOTATION);
    return value == null || value.isBlank() ? null : value;
  }

  /** A request whose Job has not been made yet (as far as status knows). */
  public static boolean pending(SuperNovaStack stack) {
    String request = request(stack);
    if (request == null) {
      return false;
    }
    var status = stack.getStatus();
    return status == null
        || status.getBackup() == null
        || !request.equals(status.getBackup().getLastManualRequest());
  }

  public static String name(SuperNovaStack stack) {
    return StackNames.manualBackup(
        stack, Hashes.of(Map.of("request", request(stack))).substring(0, 8));
  }

  @Override
  protected String jobName(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return name(stack);
  }

  @Override
  protected JobSpec spec(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new JobSpecBuilder(BackupJobs.backup(stack))
        .withTtlSecondsAfterFinished(MANUAL_JOB_TTL_SECONDS)
        .build();
  }

  /** The Job records the request it serves. */
  @Override
  protected Job desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return new JobBuilder(super.desired(stack, context))
        .editMetadata()
        .addToAnnotations(REQUEST_ANNOTATION, request(stack))
        .endMetadata()
        .build();
  }
}
