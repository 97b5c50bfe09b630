package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.FromBackupSpec;
import com.supernovaai.operator.model.RestorePhase;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bootstrap restore (spec.database.bootstrap.fromBackup): one Job running scripts/restore.sh
 * once the database is ready and before the API server is created. Created, never updated or
 * deleted by the workflow: its result stays visible, deleting a failed Job retries it, and a new
 * fromBackup spec gets a Job of its own name. Once status.restore says Succeeded no Job is made
 * again; the database's own restore marker stops a second run even without that status.
 */
public class RestoreJobDependent extends CreateOnlyJobDependent {

  public RestoreJobDependent() {
    super(BackupJobs.RESTORE);
  }

  /** Name of the restore Job for the stack's current fromBackup spec. */
  public static String name(SuperNovaStack stack) {
    var from = fromBackup(stack);
    return StackNames.restore(
        stack,
        Hashes.of(Map.of("claim", claimName(stack), "file", from.getFile(), "force", force(stack)))
            .substring(0, 8));
  }

  public static FromBackupSpec fromBackup(SuperNovaStack stack) {
    var bootstrap = stack.getSpec().getDatabase().getBootstrap();
    return bootstrap == null ? null : bootstrap.getFromBackup();
  }

  public static boolean requested(SuperNovaStack stack) {
    return fromBackup(stack) != null;
  }

  public static String claimName(SuperNovaStack stack) {
    var from = fromBackup(stack);
    return from != null && from.getClaimName() != null
        ? from.getClaimName()
        : StackNames.backupVolume(stack);
  }

  /** {@code <claim>/<file>}: what status.restore.source shows. */
  public static String source(SuperNovaStack stack) {
    return claimName(stack) + "/" + fromBackup(stack).getFile();
  }

  private static String force(SuperNovaStack stack) {
    return Boolean.toString(Boolean.TRUE.equals(fromBackup(stack).getForce()));
  }

  /** A restore was asked for and has not succeeded yet, so one may have to run. */
  public static boolean pending(SuperNovaStack stack) {
    if (!requested(stack)) {
      return false;
    }
    var status = stack.getStatus();
    return status == null
        || status.getRestore() == null
        || status.getRestore().getPhase() != RestorePhase.Succeeded;
  }

  /** The API may start: no restore asked for, or it succeeded. */
  public static boolean done(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return !pending(stack) || job(stack, context).map(Jobs::succeeded).orElse(false);
  }

  public static Optional<Job> job(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return Secondaries.byName(context, Job.class, name(stack));
  }

  @Override
  protected String jobName(SuperNovaStack stack, Context<SuperNovaStack> context) {
    return name(stack);
  }

  @Override
  protected JobSpec spec(SuperNovaStack stack, Context<SuperNovaStack> context) {
    List<EnvVar> env = new ArrayList<>(BackupJobs.env(stack));
    env.add(EnvVars.of("FORCE", force(stack)));
    if (!stack.getSpec().getDatabase().hasExternal()) {
      // Restored objects belong to the API server's role, as they did in the source database.
      env.add(EnvVars.of("RESTORE_ROLE", StackNames.DATABASE_USER));
    }
    return BackupJobs.spec(
        stack,
        BackupJobs.RESTORE,
        List.of("/bin/sh", "/scripts/" + Scripts.RESTORE, fromBackup(stack).getFile()),
        env,
        claimName(stack),
        true,
        12 * 3600L);
  }
}
