package com.supernovaai.operator.dependent;

import com.supernovaai.operator.model.SuperNovaStack;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.function.Predicate;

/**
 * Reconcile preconditions of the optional pieces. When one does not hold, JOSDK deletes the
 * dependent's object if it exists (and the dependents that depend on it), which is what turning a
 * feature off should do; objects holding data are not deletable dependents, so they stay.
 */
public final class Preconditions {

  private Preconditions() {}

  /** A precondition from a predicate on the stack. */
  public abstract static class SpecCondition implements Condition<Object, SuperNovaStack> {
    private final Predicate<SuperNovaStack> predicate;

    protected SpecCondition(Predicate<SuperNovaStack> predicate) {
      this.predicate = predicate;
    }

    @Override
    public boolean isMet(
        DependentResource<Object, SuperNovaStack> dependentResource,
        SuperNovaStack stack,
        Context<SuperNovaStack> context) {
      return predicate.test(stack);
    }

    public boolean test(SuperNovaStack stack) {
      return predicate.test(stack);
    }
  }

  static boolean internalDatabase(SuperNovaStack s) {
    return !s.getSpec().getDatabase().hasExternal();
  }

  static boolean internalRedis(SuperNovaStack s) {
    return !s.getSpec().getRedis().hasExternal();
  }

  static boolean redisPersistent(SuperNovaStack s) {
    return Boolean.TRUE.equals(s.getSpec().getRedis().getPersistence().getEnabled());
  }

  static boolean poolerEnabled(SuperNovaStack s) {
    return Boolean.TRUE.equals(s.getSpec().getPooler().getEnabled());
  }

  static boolean networkPolicies(SuperNovaStack s) {
    return Boolean.TRUE.equals(s.getSpec().getNetworkPolicy().getEnabled());
  }

  /** TimescaleDB is run by the operator (no database.external). */
  public static class InternalDatabase extends SpecCondition {
    public InternalDatabase() {
      super(Preconditions::internalDatabase);
    }
  }

  /** Redis is run by the operator (no redis.external). */
  public static class InternalRedis extends SpecCondition {
    public InternalRedis() {
      super(Preconditions::internalRedis);
    }
  }

  /** The operator runs the database as a Patroni cluster (instances > 1). */
  public static class ReplicatedDatabase extends SpecCondition {
    public ReplicatedDatabase() {
      super(s -> internalDatabase(s) && s.getSpec().getDatabase().replicated());
    }
  }

  /**
   * The database pods need an identity: Patroni's (instances > 1), or the archiving sidecar's that
   * publishes its report on its own pod (spec.backup.objectStore).
   */
  public static class DatabaseIdentity extends SpecCondition {
    public DatabaseIdentity() {
      super(
          s ->
              internalDatabase(s)
                  && (s.getSpec().getDatabase().replicated()
                      || DatabaseArchiving.publishesReport(s)));
    }
  }

  /** Operator-run Redis with persistence: a StatefulSet. */
  public static class PersistentRedis extends SpecCondition {
    public PersistentRedis() {
      super(s -> internalRedis(s) && redisPersistent(s));
    }
  }

  /** Operator-run Redis in sentinel mode: three pods with their identity and budget. */
  public static class SentinelRedis extends SpecCondition {
    public SentinelRedis() {
      super(s -> internalRedis(s) && s.getSpec().getRedis().sentinel());
    }
  }

  /** Operator-run Redis without persistence: a Deployment. */
  public static class EphemeralRedis extends SpecCondition {
    public EphemeralRedis() {
      super(s -> internalRedis(s) && !redisPersistent(s));
    }
  }

  public static class PoolerEnabled extends SpecCondition {
    public PoolerEnabled() {
      super(Preconditions::poolerEnabled);
    }
  }

  public static class AutoscalingEnabled extends SpecCondition {
    public AutoscalingEnabled() {
      super(s -> Boolean.TRUE.equals(s.getSpec().getApi().getAutoscaling().getEnabled()));
    }
  }

  public static class DisruptionBudgetEnabled extends SpecCondition {
    public DisruptionBudgetEnabled() {
      super(s -> Boolean.TRUE.equals(s.getSpec().getApi().getPodDisruptionBudget().getEnabled()));
    }
  }

  public static class BackupEnabled extends SpecCondition {
    public BackupEnabled() {
      super(s -> Boolean.TRUE.equals(s.getSpec().getBackup().getEnabled()));
    }
  }

  /**
   * The scripts ConfigMap serves backups, the drill, the bootstrap restore and the credentials
   * rotation of the operator-run database (which may be needed at any time).
   */
  public static class BackupScriptsNeeded extends SpecCondition {
    public BackupScriptsNeeded() {
      super(
          s ->
              Boolean.TRUE.equals(s.getSpec().getBackup().getEnabled())
                  || RestoreJobDependent.requested(s)
                  || internalDatabase(s));
    }
  }

  public static class BackupVerifyEnabled extends SpecCondition {
    public BackupVerifyEnabled() {
      super(
          s ->
              Boolean.TRUE.equals(s.getSpec().getBackup().getEnabled())
                  && s.getSpec().getBackup().getVerify() != null);
    }
  }

  /**
   * A backup-now annotation value that has no Job yet. Held (not dropped) while a restore is
   * pending: it runs once the restore succeeded.
   */
  public static class ManualBackupRequested extends SpecCondition {
    public ManualBackupRequested() {
      super(
          s ->
              Boolean.TRUE.equals(s.getSpec().getBackup().getEnabled())
                  && ManualBackupJobDependent.pending(s)
                  && !RestoreJobDependent.pending(s));
    }
  }

  /**
   * fromBackup is set, the restore has not succeeded yet, and no backup or drill Job of the stack
   * is still running (one started before the restore was asked for finishes first: a restore never
   * runs beside a dump of the same database or volume).
   */
  public static class RestorePending implements Condition<Object, SuperNovaStack> {
    @Override
    public boolean isMet(
        DependentResource<Object, SuperNovaStack> dependentResource,
        SuperNovaStack stack,
        Context<SuperNovaStack> context) {
      return RestoreJobDependent.pending(stack)
          && (RestoreJobDependent.job(stack, context).isPresent()
              || BackupJobs.active(stack, context).isEmpty());
    }
  }

  static boolean frontend(SuperNovaStack s) {
    return s.getSpec().getFrontend() != null;
  }

  /** spec.frontend is present. */
  public static class FrontendEnabled extends SpecCondition {
    public FrontendEnabled() {
      super(Preconditions::frontend);
    }
  }

  /** A frontend of more than one pod: a disruption budget can keep one up. */
  public static class FrontendReplicated extends SpecCondition {
    public FrontendReplicated() {
      super(s -> frontend(s) && s.getSpec().getFrontend().getReplicas() > 1);
    }
  }

  public static class FrontendNetworkPolicyEnabled extends SpecCondition {
    public FrontendNetworkPolicyEnabled() {
      super(s -> networkPolicies(s) && frontend(s));
    }
  }

  public static class IngressEnabled extends SpecCondition {
    public IngressEnabled() {
      super(s -> Boolean.TRUE.equals(s.getSpec().getIngress().getEnabled()));
    }
  }

  public static class ApiNetworkPolicyEnabled extends SpecCondition {
    public ApiNetworkPolicyEnabled() {
      super(Preconditions::networkPolicies);
    }
  }

  /** The Job pods' policy: whenever policies are on (the Jobs may run for any database). */
  public static class BackupNetworkPolicyEnabled extends SpecCondition {
    public BackupNetworkPolicyEnabled() {
      super(Preconditions::networkPolicies);
    }
  }

  public static class DatabaseNetworkPolicyEnabled extends SpecCondition {
    public DatabaseNetworkPolicyEnabled() {
      super(s -> networkPolicies(s) && internalDatabase(s));
    }
  }

  public static class PoolerNetworkPolicyEnabled extends SpecCondition {
    public PoolerNetworkPolicyEnabled() {
      super(s -> networkPolicies(s) && poolerEnabled(s));
    }
  }

  public static class RedisNetworkPolicyEnabled extends SpecCondition {
    public RedisNetworkPolicyEnabled() {
      super(s -> networkPolicies(s) && internalRedis(s));
    }
  }
}
