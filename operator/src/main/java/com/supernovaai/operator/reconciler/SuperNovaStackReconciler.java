package com.supernovaai.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.supernovaai.operator.Labels;
import com.supernovaai.operator.backup.BackupEvents;
import com.supernovaai.operator.backup.BackupObserver;
import com.supernovaai.operator.dependent.ApiAdminSecretDependent;
import com.supernovaai.operator.dependent.ApiAutoscalerDependent;
import com.supernovaai.operator.dependent.ApiBackendsReadyCondition;
import com.supernovaai.operator.dependent.ApiConfigMapDependent;
import com.supernovaai.operator.dependent.ApiDeploymentDependent;
import com.supernovaai.operator.dependent.ApiDisruptionBudgetDependent;
import com.supernovaai.operator.dependent.ApiIngressDependent;
import com.supernovaai.operator.dependent.ApiMetricsServiceDependent;
import com.supernovaai.operator.dependent.ApiNetworkPolicyDependent;
import com.supernovaai.operator.dependent.ApiPreviewServiceDependent;
import com.supernovaai.operator.dependent.ApiRolloutStep;
import com.supernovaai.operator.dependent.ApiServiceAccountDependent;
import com.supernovaai.operator.dependent.ApiServiceDependent;
import com.supernovaai.operator.dependent.ApiServiceMonitorDependent;
import com.supernovaai.operator.dependent.AppliedCredentialsSecretDependent;
import com.supernovaai.operator.dependent.BackupCronJobDependent;
import com.supernovaai.operator.dependent.BackupNetworkPolicyDependent;
import com.supernovaai.operator.dependent.BackupScriptsConfigMapDependent;
import com.supernovaai.operator.dependent.BackupVerifyCronJobDependent;
import com.supernovaai.operator.dependent.BackupVolumeDependent;
import com.supernovaai.operator.dependent.CredentialsRotationJobDependent;
import com.supernovaai.operator.dependent.CredentialsRotationNeededCondition;
import com.supernovaai.operator.dependent.DatabaseConfigMapDependent;
import com.supernovaai.operator.dependent.DatabaseCredentialsAvailableCondition;
import com.supernovaai.operator.dependent.DatabaseCredentialsSecretDependent;
import com.supernovaai.operator.dependent.DatabaseHeadlessServiceDependent;
import com.supernovaai.operator.dependent.DatabaseNetworkPolicyDependent;
import com.supernovaai.operator.dependent.DatabaseReadyCondition;
import com.supernovaai.operator.dependent.DatabaseServiceDependent;
import com.supernovaai.operator.dependent.DatabaseStatefulSetDependent;
import com.supernovaai.operator.dependent.JwtSecretDependent;
import com.supernovaai.operator.dependent.ManualBackupJobDependent;
import com.supernovaai.operator.dependent.MonitoringConditions;
import com.supernovaai.operator.dependent.PoolerConfigMapDependent;
import com.supernovaai.operator.dependent.PoolerDeploymentDependent;
import com.supernovaai.operator.dependent.PoolerNetworkPolicyDependent;
import com.supernovaai.operator.dependent.PoolerServiceDependent;
import com.supernovaai.operator.dependent.PoolerUserlistSecretDependent;
import com.supernovaai.operator.dependent.Preconditions;
import com.supernovaai.operator.dependent.RedisConfigSecretDependent;
import com.supernovaai.operator.dependent.RedisCredentialsSecretDependent;
import com.supernovaai.operator.dependent.RedisDeploymentDependent;
import com.supernovaai.operator.dependent.RedisNetworkPolicyDependent;
import com.supernovaai.operator.dependent.RedisServiceDependent;
import com.supernovaai.operator.dependent.RedisStatefulSetDependent;
import com.supernovaai.operator.dependent.ReferencedSecrets;
import com.supernovaai.operator.dependent.RestoreJobDependent;
import com.supernovaai.operator.dependent.StackAlertsDependent;
import com.supernovaai.operator.migration.SelectorMigration;
import com.supernovaai.operator.model.DeletionPolicy;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.model.SuperNovaStackStatus;
import com.supernovaai.operator.rollout.RolloutEffects;
import com.supernovaai.operator.rollout.RolloutPlan;
import com.supernovaai.operator.rollout.RolloutSession;
import com.supernovaai.operator.status.ConditionTypes;
import com.supernovaai.operator.status.Reasons;
import com.supernovaai.operator.volume.VolumeExpansion;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a SuperNovaStack: checks what only the operator can check (pause, referenced Secrets),
 * runs the workflow of dependents, then reports status. The workflow is invoked explicitly so that
 * a paused stack or one with a missing Secret is left exactly as it is.
 */
@Workflow(
    explicitInvocation = true,
    handleExceptionsInReconciler = true,
    dependents = {
      // Secrets generated once
      @Dependent(
          name = SuperNovaStackReconciler.DB_CREDENTIALS,
          type = DatabaseCredentialsSecretDependent.class,
          reconcilePrecondition = Preconditions.InternalDatabase.class,
          useEventSourceWithName = EventSources.SECRETS),
      // What the database accepts: every consumer reads this copy, which takes the values of
      // db-credentials only once the rotation Job (below) applied them to the roles.
      @Dependent(
          name = SuperNovaStackReconciler.DB_APPLIED_CREDENTIALS,
          type = AppliedCredentialsSecretDependent.class,
          reconcilePrecondition = Preconditions.InternalDatabase.class,
          dependsOn = SuperNovaStackReconciler.DB_CREDENTIALS,
          useEventSourceWithName = EventSources.SECRETS),
      @Dependent(
          name = SuperNovaStackReconciler.REDIS_CREDENTIALS,
          type = RedisCredentialsSecretDependent.class,
          reconcilePrecondition = Preconditions.InternalRedis.class,
          useEventSourceWithName = EventSources.SECRETS),
      @Dependent(
          name = SuperNovaStackReconciler.JWT_SECRET,
          type = JwtSecretDependent.class,
          useEventSourceWithName = EventSources.SECRETS),
      @Dependent(
          name = SuperNovaStackReconciler.API_ADMIN_SECRET,
          type = ApiAdminSecretDependent.class,
          useEventSourceWithName = EventSources.SECRETS),
      // Database: the Service always exists (ClusterIP or ExternalName) and gates on readiness
      @Dependent(
          name = SuperNovaStackReconciler.DB_CONFIG,
          type = DatabaseConfigMapDependent.class,
          reconcilePrecondition = Preconditions.InternalDatabase.class,
          useEventSourceWithName = EventSources.CONFIG_MAPS),
      @Dependent(
          name = SuperNovaStackReconciler.DB_HEADLESS,
          type = DatabaseHeadlessServiceDependent.class,
          reconcilePrecondition = Preconditions.InternalDatabase.class,
          useEventSourceWithName = EventSources.SERVICES),
      @Dependent(
          name = SuperNovaStackReconciler.DB_STATEFULSET,
          type = DatabaseStatefulSetDependent.class,
          reconcilePrecondition = Preconditions.InternalDatabase.class,
          dependsOn = {
            SuperNovaStackReconciler.DB_APPLIED_CREDENTIALS,
            SuperNovaStackReconciler.DB_CONFIG,
            SuperNovaStackReconciler.DB_HEADLESS
          },
          useEventSourceWithName = EventSources.STATEFUL_SETS),
      @Dependent(
          name = SuperNovaStackReconciler.DB_SERVICE,
          type = DatabaseServiceDependent.class,
          readyPostcondition = DatabaseReadyCondition.class,
          useEventSourceWithName = EventSources.SERVICES),
      // Pooler: beside the database, once its credentials exist (the Service's postcondition)
      @Dependent(
          name = SuperNovaStackReconciler.POOLER_SERVICE,
          type = PoolerServiceDependent.class,
          reconcilePrecondition = Preconditions.PoolerEnabled.class,
          readyPostcondition = DatabaseCredentialsAvailableCondition.class,
          useEventSourceWithName = EventSources.SERVICES),
      @Dependent(
          name = SuperNovaStackReconciler.POOLER_USERLIST,
          type = PoolerUserlistSecretDependent.class,
          reconcilePrecondition = Preconditions.PoolerEnabled.class,
          dependsOn = SuperNovaStackReconciler.POOLER_SERVICE,
          useEventSourceWithName = EventSources.SECRETS),
      @Dependent(
          name = SuperNovaStackReconciler.POOLER_CONFIG,
          type = PoolerConfigMapDependent.class,
          reconcilePrecondition = Preconditions.PoolerEnabled.class,
          dependsOn = SuperNovaStackReconciler.POOLER_SERVICE,
          useEventSourceWithName = EventSources.CONFIG_MAPS),
      @Dependent(
          name = SuperNovaStackReconciler.POOLER_DEPLOYMENT,
          type = PoolerDeploymentDependent.class,
          reconcilePrecondition = Preconditions.PoolerEnabled.class,
          dependsOn = {
            SuperNovaStackReconciler.POOLER_USERLIST,
            SuperNovaStackReconciler.POOLER_CONFIG
          },
          useEventSourceWithName = EventSources.DEPLOYMENTS),
      // Redis
      @Dependent(
          name = SuperNovaStackReconciler.REDIS_CONFIG,
          type = RedisConfigSecretDependent.class,
          reconcilePrecondition = Preconditions.InternalRedis.class,
          dependsOn = SuperNovaStackReconciler.REDIS_CREDENTIALS,
          useEventSourceWithName = EventSources.SECRETS),
      @Dependent(
          name = SuperNovaStackReconciler.REDIS_SERVICE,
          type = RedisServiceDependent.class,
          reconcilePrecondition = Preconditions.InternalRedis.class,
          useEventSourceWithName = EventSources.SERVICES),
      @Dependent(
          name = SuperNovaStackReconciler.REDIS_STATEFULSET,
          type = RedisStatefulSetDependent.class,
          reconcilePrecondition = Preconditions.PersistentRedis.class,
          dependsOn = SuperNovaStackReconciler.REDIS_CONFIG,
          useEventSourceWithName = EventSources.STATEFUL_SETS),
      @Dependent(
          name = SuperNovaStackReconciler.REDIS_DEPLOYMENT,
          type = RedisDeploymentDependent.class,
          reconcilePrecondition = Preconditions.EphemeralRedis.class,
          dependsOn = SuperNovaStackReconciler.REDIS_CONFIG,
          useEventSourceWithName = EventSources.DEPLOYMENTS),
      // API server: after database, pooler and Redis are ready (ApiBackendsReadyCondition)
      @Dependent(
          name = SuperNovaStackReconciler.API_CONFIG,
          type = ApiConfigMapDependent.class,
          readyPostcondition = ApiBackendsReadyCondition.class,
          dependsOn = SuperNovaStackReconciler.DB_SERVICE,
          useEventSourceWithName = EventSources.CONFIG_MAPS),
      @Dependent(
          name = SuperNovaStackReconciler.API_SERVICE_ACCOUNT,
          type = ApiServiceAccountDependent.class,
          useEventSourceWithName = EventSources.SERVICE_ACCOUNTS),
      // The blue-green objects all follow one plan, made (and the replicas handed over) by one
      // step after the API's inputs and before any of them is written.
      @Dependent(
          name = SuperNovaStackReconciler.API_ROLLOUT,
          type = ApiRolloutStep.class,
          dependsOn = {
            SuperNovaStackReconciler.API_CONFIG,
            SuperNovaStackReconciler.API_SERVICE_ACCOUNT,
            SuperNovaStackReconciler.JWT_SECRET,
            SuperNovaStackReconciler.API_ADMIN_SECRET
          }),
      @Dependent(
          name = SuperNovaStackReconciler.API_DEPLOYMENT_BLUE,
          type = ApiDeploymentDependent.Blue.class,
          reconcilePrecondition = ApiDeploymentDependent.BlueNeeded.class,
          dependsOn = SuperNovaStackReconciler.API_ROLLOUT,
          useEventSourceWithName = EventSources.DEPLOYMENTS),
      @Dependent(
          name = SuperNovaStackReconciler.API_DEPLOYMENT_GREEN,
          type = ApiDeploymentDependent.Green.class,
          reconcilePrecondition = ApiDeploymentDependent.GreenNeeded.class,
          dependsOn = SuperNovaStackReconciler.API_ROLLOUT,
          useEventSourceWithName = EventSources.DEPLOYMENTS),
      @Dependent(
          name = SuperNovaStackReconciler.API_SERVICE,
          type = ApiServiceDependent.class,
          dependsOn = SuperNovaStackReconciler.API_ROLLOUT,
          useEventSourceWithName = EventSources.SERVICES),
      @Dependent(
          name = SuperNovaStackReconciler.API_PREVIEW_SERVICE,
          type = ApiPreviewServiceDependent.class,
          reconcilePrecondition = ApiPreviewServiceDependent.BlueGreen.class,
          dependsOn = SuperNovaStackReconciler.API_ROLLOUT,
          useEventSourceWithName = EventSources.SERVICES),
      @Dependent(
          name = SuperNovaStackReconciler.API_AUTOSCALER,
          type = ApiAutoscalerDependent.class,
          reconcilePrecondition = Preconditions.AutoscalingEnabled.class,
          dependsOn = SuperNovaStackReconciler.API_ROLLOUT,
          useEventSourceWithName = EventSources.AUTOSCALERS),
      @Dependent(
          name = SuperNovaStackReconciler.API_PDB,
          type = ApiDisruptionBudgetDependent.class,
          reconcilePrecondition = Preconditions.DisruptionBudgetEnabled.class,
          useEventSourceWithName = EventSources.DISRUPTION_BUDGETS),
      @Dependent(
          name = SuperNovaStackReconciler.API_INGRESS,
          type = ApiIngressDependent.class,
          reconcilePrecondition = Preconditions.IngressEnabled.class,
          dependsOn = SuperNovaStackReconciler.API_SERVICE,
          useEventSourceWithName = EventSources.INGRESSES),
      // Prometheus Operator objects: activated only while the API server serves their kinds
      @Dependent(
          name = SuperNovaStackReconciler.API_METRICS_SERVICE,
          type = ApiMetricsServiceDependent.class,
          reconcilePrecondition = MonitoringConditions.MetricsServiceNeeded.class,
          useEventSourceWithName = EventSources.SERVICES),
      @Dependent(
          name = SuperNovaStackReconciler.API_SERVICE_MONITOR,
          type = ApiServiceMonitorDependent.class,
          activationCondition = MonitoringConditions.ServiceMonitorServed.class,
          reconcilePrecondition = MonitoringConditions.ServiceMonitorRequested.class),
      @Dependent(
          name = SuperNovaStackReconciler.ALERT_RULES,
          type = StackAlertsDependent.class,
          activationCondition = MonitoringConditions.PrometheusRuleServed.class,
          reconcilePrecondition = MonitoringConditions.PrometheusRuleRequested.class),
      // Backups
      @Dependent(
          name = SuperNovaStackReconciler.BACKUP_VOLUME,
          type = BackupVolumeDependent.class,
          reconcilePrecondition = Preconditions.BackupEnabled.class,
          useEventSourceWithName = EventSources.VOLUME_CLAIMS),
      @Dependent(
          name = SuperNovaStackReconciler.BACKUP_SCRIPTS,
          type = BackupScriptsConfigMapDependent.class,
          reconcilePrecondition = Preconditions.BackupScriptsNeeded.class,
          useEventSourceWithName = EventSources.CONFIG_MAPS),
      @Dependent(
          name = SuperNovaStackReconciler.BACKUP_CRONJOB,
          type = BackupCronJobDependent.class,
          reconcilePrecondition = Preconditions.BackupEnabled.class,
          dependsOn = {
            SuperNovaStackReconciler.BACKUP_VOLUME,
            SuperNovaStackReconciler.BACKUP_SCRIPTS,
            SuperNovaStackReconciler.DB_SERVICE
          },
          useEventSourceWithName = EventSources.CRON_JOBS),
      @Dependent(
          name = SuperNovaStackReconciler.BACKUP_VERIFY,
          type = BackupVerifyCronJobDependent.class,
          reconcilePrecondition = Preconditions.BackupVerifyEnabled.class,
          dependsOn = {
            SuperNovaStackReconciler.BACKUP_VOLUME,
            SuperNovaStackReconciler.BACKUP_SCRIPTS,
            SuperNovaStackReconciler.DB_SERVICE
          },
          useEventSourceWithName = EventSources.CRON_JOBS),
      @Dependent(
          name = SuperNovaStackReconciler.BACKUP_NOW,
          type = ManualBackupJobDependent.class,
          reconcilePrecondition = Preconditions.ManualBackupRequested.class,
          dependsOn = {
            SuperNovaStackReconciler.BACKUP_VOLUME,
            SuperNovaStackReconciler.BACKUP_SCRIPTS,
            SuperNovaStackReconciler.DB_SERVICE
          },
          useEventSourceWithName = EventSources.JOBS),
      // Bootstrap restore: once the database is ready; the API waits for it
      // (ApiBackendsReadyCondition)
      @Dependent(
          name = SuperNovaStackReconciler.RESTORE,
          type = RestoreJobDependent.class,
          reconcilePrecondition = Preconditions.RestorePending.class,
          dependsOn = {
            SuperNovaStackReconciler.BACKUP_SCRIPTS,
            SuperNovaStackReconciler.DB_SERVICE
          },
          useEventSourceWithName = EventSources.JOBS),
      // Credentials rotation: an edited db-credentials is applied to the roles by a Job, once the
      // database is ready, before any consumer sees it
      @Dependent(
          name = SuperNovaStackReconciler.DB_ROTATION,
          type = CredentialsRotationJobDependent.class,
          reconcilePrecondition = CredentialsRotationNeededCondition.class,
          dependsOn = {
            SuperNovaStackReconciler.DB_APPLIED_CREDENTIALS,
            SuperNovaStackReconciler.BACKUP_SCRIPTS,
            SuperNovaStackReconciler.DB_SERVICE
          },
          useEventSourceWithName = EventSources.JOBS),
      // NetworkPolicies
      @Dependent(
          name = SuperNovaStackReconciler.NP_DATABASE,
          type = DatabaseNetworkPolicyDependent.class,
          reconcilePrecondition = Preconditions.DatabaseNetworkPolicyEnabled.class,
          useEventSourceWithName = EventSources.NETWORK_POLICIES),
      @Dependent(
          name = SuperNovaStackReconciler.NP_POOLER,
          type = PoolerNetworkPolicyDependent.class,
          reconcilePrecondition = Preconditions.PoolerNetworkPolicyEnabled.class,
          useEventSourceWithName = EventSources.NETWORK_POLICIES),
      @Dependent(
          name = SuperNovaStackReconciler.NP_REDIS,
          type = RedisNetworkPolicyDependent.class,
          reconcilePrecondition = Preconditions.RedisNetworkPolicyEnabled.class,
          useEventSourceWithName = EventSources.NETWORK_POLICIES),
      @Dependent(
          name = SuperNovaStackReconciler.NP_API,
          type = ApiNetworkPolicyDependent.class,
          reconcilePrecondition = Preconditions.ApiNetworkPolicyEnabled.class,
          useEventSourceWithName = EventSources.NETWORK_POLICIES),
      @Dependent(
          name = SuperNovaStackReconciler.NP_BACKUP,
          type = BackupNetworkPolicyDependent.class,
          reconcilePrecondition = Preconditions.BackupNetworkPolicyEnabled.class,
          useEventSourceWithName = EventSources.NETWORK_POLICIES),
    })
@ControllerConfiguration(
    name = SuperNovaStackReconciler.NAME,
    // The pause annotation does not bump metadata.generation, so every change must be seen.
    generationAwareEventProcessing = false,
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class SuperNovaStackReconciler
    implements Reconciler<SuperNovaStack>, Cleaner<SuperNovaStack> {

  public static final String NAME = "supernovastack";

  static final String DB_CREDENTIALS = "db-credentials";
  static final String DB_APPLIED_CREDENTIALS = "db-credentials-applied";
  static final String DB_ROTATION = "db-credentials-rotation";
  static final String REDIS_CREDENTIALS = "redis-credentials";
  static final String JWT_SECRET = "jwt-secret";
  static final String API_ADMIN_SECRET = "api-admin-secret";
  static final String DB_CONFIG = "db-config";
  static final String DB_HEADLESS = "db-headless-service";
  static final String DB_STATEFULSET = "db-statefulset";
  static final String DB_SERVICE = "db-service";
  static final String POOLER_USERLIST = "pooler-userlist";
  static final String POOLER_CONFIG = "pooler-config";
  static final String POOLER_DEPLOYMENT = "pooler-deployment";
  static final String POOLER_SERVICE = "pooler-service";
  static final String REDIS_CONFIG = "redis-config";
  static final String REDIS_SERVICE = "redis-service";
  static final String REDIS_STATEFULSET = "redis-statefulset";
  static final String REDIS_DEPLOYMENT = "redis-deployment";
  static final String API_CONFIG = "api-config";
  static final String API_SERVICE_ACCOUNT = "api-service-account";
  static final String API_ROLLOUT = "api-rollout";
  static final String API_DEPLOYMENT_BLUE = "api-deployment-blue";
  static final String API_DEPLOYMENT_GREEN = "api-deployment-green";
  static final String API_SERVICE = "api-service";
  static final String API_PREVIEW_SERVICE = "api-preview-service";
  static final String API_AUTOSCALER = "api-autoscaler";
  static final String API_PDB = "api-pdb";
  static final String API_INGRESS = "api-ingress";
  static final String API_METRICS_SERVICE = "api-metrics-service";
  static final String API_SERVICE_MONITOR = "api-service-monitor";
  static final String ALERT_RULES = "alert-rules";
  static final String BACKUP_VOLUME = "backup-volume";
  static final String BACKUP_SCRIPTS = "backup-scripts";
  static final String BACKUP_CRONJOB = "backup-cronjob";
  static final String BACKUP_VERIFY = "backup-verify-cronjob";
  static final String BACKUP_NOW = "backup-now-job";
  static final String RESTORE = "restore-job";
  static final String NP_DATABASE = "networkpolicy-db";
  static final String NP_POOLER = "networkpolicy-pooler";
  static final String NP_REDIS = "networkpolicy-redis";
  static final String NP_API = "networkpolicy-api";
  static final String NP_BACKUP = "networkpolicy-backup";

  private static final Logger LOG = LoggerFactory.getLogger(SuperNovaStackReconciler.class);

  /** How soon a stack whose spec.monitoring kinds are not served looks for them again. */
  static final Duration MONITORING_RECHECK = Duration.ofSeconds(30);

  /** How soon a stack whose workloads were just replaced (SelectorMigration) is reconciled. */
  static final Duration MIGRATION_RECHECK = Duration.ofSeconds(1);

  private final Clock clock;
  private final StackMetrics metrics;

  /** How soon a stack waiting for a human fix (missing Secret) or after an error is retried. */
  private final Duration faultRetry;

  private final ReconcileGate gate = new ReconcileGate();
  private final StatusWrites statusWrites = new StatusWrites();

  /**
   * Stacks whose Created event was recorded: the status patch that marks a stack as seen may not be
   * in the cache yet at the next reconciliation.
   */
  private final java.util.Set<String> announced =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  public SuperNovaStackReconciler(StackMetrics metrics, Duration faultRetry) {
    this(metrics, Clock.systemUTC(), faultRetry);
  }

  SuperNovaStackReconciler(StackMetrics metrics, Clock clock, Duration faultRetry) {
    this.metrics = metrics;
    this.clock = clock;
    this.faultRetry = faultRetry;
  }

  /** Closed by the operator before it stops JOSDK (see {@link ReconcileGate}). */
  public ReconcileGate gate() {
    return gate;
  }

  @Override
  public java.util.List<
          io.javaoperatorsdk.operator.processing.event.source.EventSource<?, SuperNovaStack>>
      prepareEventSources(
          io.javaoperatorsdk.operator.api.reconciler.EventSourceContext<SuperNovaStack> context) {
    return EventSources.all(context);
  }

  @Override
  public UpdateControl<SuperNovaStack> reconcile(
      SuperNovaStack stack, Context<SuperNovaStack> context) {
    if (!gate.enter()) {
      return UpdateControl.noUpdate(); // stopping: the caches may already be gone
    }
    try {
      return reconcileThroughGate(stack, context);
    } finally {
      gate.exit();
    }
  }

  private UpdateControl<SuperNovaStack> reconcileThroughGate(
      SuperNovaStack stack, Context<SuperNovaStack> context) {
    var now = clock.instant();
    boolean paused = stack.isPaused();
    StatusAggregator.Fault fault = null;
    RolloutPlan rollout = null;
    if (!paused) {
      fault = checkReferencedSecrets(stack, context);
      if (fault == null) {
        fault = EnvFromOverrides.check(stack, context.getClient()).orElse(null);
      }
      if (fault == null) {
        fault = LostCredentials.check(stack, context).orElse(null);
      }
      if (fault == null && SelectorMigration.run(stack, context)) {
        // Workloads were replaced: reconcile them once the caches hold the new objects.
        return UpdateControl.<SuperNovaStack>noUpdate().rescheduleAfter(MIGRATION_RECHECK);
      }
      if (fault == null) {
        RolloutSession.begin(context, now);
        var result =
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        CredentialsRotation.announce(context.getClient(), stack, context, now);
        if (!result.erroredDependentsExist()) {
          rollout = RolloutSession.planned(context).orElse(null);
        }
        if (result.erroredDependentsExist()) {
          fault = ChildWriteFaults.of(stack, context, result.getErroredDependents());
          LOG.warn(
              "Reconciling {}/{} failed: {}",
              stack.getMetadata().getNamespace(),
              stack.getMetadata().getName(),
              fault.message());
          // The status names only the class of an unexpected exception; the trace says where.
          result.getErroredDependents().entrySet().stream()
              .filter(e -> ChildWriteFaults.unexpected(e.getValue()))
              .forEach(
                  e ->
                      LOG.warn(
                          "Reconciling {}/{}: {} failed unexpectedly",
                          stack.getMetadata().getNamespace(),
                          stack.getMetadata().getName(),
                          e.getKey().name(),
                          e.getValue()));
        }
      }
    }
    if (fault == null && !paused) {
      fault = BackupObserver.restoreFault(stack, context).orElse(null);
    }
    if (fault == null && !paused) {
      fault = VolumeExpansion.apply(stack, context, now).orElse(null);
    }
    if (fault == null && !paused) {
      fault = CredentialsRotation.fault(stack, context).orElse(null);
    }
    var status =
        StatusAggregator.aggregate(
            stack,
            ComponentObserver.observe(stack, context),
            fault,
            paused,
            ComponentObserver.apiStatus(stack, context),
            ComponentObserver.backupStatus(stack, context),
            rollout == null ? null : rollout.status(),
            now);
    BackupObserver.complete(stack, context, status, now);
    if (rollout != null) {
      RolloutEffects.apply(
          context.getClient(),
          stack,
          rollout,
          StackEvents.degradedStarts(stack.getStatus(), status),
          (type, reason, message) ->
              StackEvents.emit(context.getClient(), stack, type, reason, message, now),
          metrics == null ? null : metrics.rollouts());
    }
    Duration deferred = patchIfChanged(stack, status, context, now);
    Duration requeue = null;
    if (fault != null && fault.blocksReady()) {
      requeue = faultRetry;
    } else if (rollout != null && rollout.requeueAfter() != null) {
      requeue = rollout.requeueAfter();
    }
    if (waitingForMonitoring(status)
        && (requeue == null || MONITORING_RECHECK.compareTo(requeue) < 0)) {
      // Nothing announces that the Prometheus Operator's CRDs were installed: look again.
      requeue = MONITORING_RECHECK;
    }
    if (deferred != null && (requeue == null || deferred.compareTo(requeue) < 0)) {
      requeue = deferred;
    }
    UpdateControl<SuperNovaStack> control = UpdateControl.noUpdate();
    if (requeue != null) {
      control.rescheduleAfter(requeue);
    }
    return control;
  }

  private static boolean waitingForMonitoring(SuperNovaStackStatus status) {
    return StatusConditions.find(status.getConditions(), ConditionTypes.MONITORING_READY)
        .map(c -> Reasons.MONITORING_UNAVAILABLE.equals(c.getReason()))
        .orElse(false);
  }

  @Override
  public ErrorStatusUpdateControl<SuperNovaStack> updateErrorStatus(
      SuperNovaStack stack, Context<SuperNovaStack> context, Exception e) {
    if (!gate.enter()) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    try {
      return errorStatusThroughGate(stack, context, e);
    } finally {
      gate.exit();
    }
  }

  private ErrorStatusUpdateControl<SuperNovaStack> errorStatusThroughGate(
      SuperNovaStack stack, Context<SuperNovaStack> context, Exception e) {
    var now = clock.instant();
    var fault = ChildWriteFaults.of(e);
    var status =
        StatusAggregator.aggregate(
            stack,
            ComponentObserver.observe(stack, context),
            fault,
            stack.isPaused(),
            ComponentObserver.apiStatus(stack, context),
            ComponentObserver.backupStatus(stack, context),
            now);
    BackupObserver.complete(stack, context, status, now);
    if (sameJson(stack.getStatus(), status)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    StackEvents.onTransition(
        context.getClient(), stack, stack.getStatus(), status, firstSeen(stack), now);
    return ErrorStatusUpdateControl.patchStatus(withStatus(stack, status));
  }

  private boolean firstSeen(SuperNovaStack stack) {
    return stack.getStatus() == null && announced.add(stack.getMetadata().getUid());
  }

  @Override
  public DeleteControl cleanup(SuperNovaStack stack, Context<SuperNovaStack> context) {
    announced.remove(stack.getMetadata().getUid());
    statusWrites.forget(stack.getMetadata().getUid());
    if (metrics != null) {
      metrics.remove(stack);
    }
    if (stack.getSpec().getDeletionPolicy() == DeletionPolicy.Delete) {
      // Owned objects go with the stack (garbage collection); these are deliberately not owned.
      String ns = stack.getMetadata().getNamespace();
      String selector = Labels.stackSelector(stack);
      var client = context.getClient();
      // One delete per object: a delete by label selector is a "deletecollection", a verb the
      // chart's RBAC does not grant (and should not: it would reach objects the operator never
      // made), and a refused cleanup would leave the stack Terminating for ever.
      for (var claim :
          client
              .persistentVolumeClaims()
              .inNamespace(ns)
              .withLabelSelector(selector)
              .list()
              .getItems()) {
        client.resource(claim).delete();
      }
      for (var secret :
          client.secrets().inNamespace(ns).withLabelSelector(selector).list().getItems()) {
        client.resource(secret).delete();
      }
      LOG.info(
          "Deleted volumes and generated Secrets of {}/{} (deletionPolicy Delete)",
          ns,
          stack.getMetadata().getName());
    }
    return DeleteControl.defaultDelete();
  }

  /**
   * The user's Secrets the stack references must exist with the keys it needs; they are put into
   * the workflow context for the dependents that derive objects from them.
   */
  private StatusAggregator.Fault checkReferencedSecrets(
      SuperNovaStack stack, Context<SuperNovaStack> context) {
    var spec = stack.getSpec();
    var workflowContext = context.managedWorkflowAndDependentResourceContext();
    String ns = stack.getMetadata().getNamespace();
    if (spec.getDatabase().hasExternal()) {
      String name = spec.getDatabase().getExternal().getCredentialsSecret();
      Secret secret = context.getClient().secrets().inNamespace(ns).withName(name).get();
      var fault =
          missing(
              secret,
              name,
              "spec.database.external.credentialsSecret",
              ReferencedSecrets.USERNAME,
              ReferencedSecrets.PASSWORD);
      if (fault != null) {
        return fault;
      }
      workflowContext.put(ReferencedSecrets.EXTERNAL_DATABASE, secret);
    }
    if (spec.getRedis().hasExternal()
        && spec.getRedis().getExternal().getCredentialsSecret() != null) {
      String name = spec.getRedis().getExternal().getCredentialsSecret();
      Secret secret = context.getClient().secrets().inNamespace(ns).withName(name).get();
      var fault =
          missing(
              secret, name, "spec.redis.external.credentialsSecret", ReferencedSecrets.PASSWORD);
      if (fault != null) {
        return fault;
      }
      workflowContext.put(ReferencedSecrets.EXTERNAL_REDIS, secret);
    }
    return null;
  }

  private static StatusAggregator.Fault missing(
      Secret secret, String name, String field, String... keys) {
    if (secret == null) {
      return new StatusAggregator.Fault(
          Reasons.CREDENTIALS_SECRET_MISSING, "Secret " + name + " (" + field + ") does not exist");
    }
    for (String key : keys) {
      if (ReferencedSecrets.value(secret, key).isEmpty()) {
        return new StatusAggregator.Fault(
            Reasons.CREDENTIALS_SECRET_INVALID,
            "Secret " + name + " (" + field + ") has no key " + key);
      }
    }
    return null;
  }

  /**
   * Records events and metrics of the new status and writes it, unless it is only progress written
   * too recently ({@link StatusWrites}); returns when to look again for a deferred write, or null.
   */
  private Duration patchIfChanged(
      SuperNovaStack stack,
      SuperNovaStackStatus status,
      Context<SuperNovaStack> context,
      java.time.Instant now) {
    var previous = stack.getStatus();
    StackEvents.onTransition(context.getClient(), stack, previous, status, firstSeen(stack), now);
    BackupEvents.onTransition(context.getClient(), stack, previous, status, now);
    var fresh = withStatus(stack, status);
    if (metrics != null) {
      metrics.record(fresh);
    }
    if (sameJson(previous, status)) {
      return null;
    }
    String uid = stack.getMetadata().getUid();
    Duration deferral = statusWrites.deferral(uid, previous, status, now);
    if (deferral != null) {
      return deferral;
    }
    // Patched here rather than through UpdateControl.patchStatus, whose response JOSDK does not
    // cache: the next reconciliation would then compare against the stale status and patch the
    // same status again. This one caches the response (optimistic locking, retried on conflict).
    PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(stack, fresh, context);
    statusWrites.written(uid, now);
    return null;
  }

  /** A fresh object with only name, namespace and status: what a status patch should carry. */
  static SuperNovaStack withStatus(SuperNovaStack stack, SuperNovaStackStatus status) {
    var fresh = new SuperNovaStack();
    fresh.getMetadata().setName(stack.getMetadata().getName());
    fresh.getMetadata().setNamespace(stack.getMetadata().getNamespace());
    fresh.setSpec(null);
    fresh.setStatus(status);
    return fresh;
  }

  static boolean sameJson(Object a, Object b) {
    JsonNode left = a == null ? null : Serialization.jsonMapper().valueToTree(a);
    JsonNode right = b == null ? null : Serialization.jsonMapper().valueToTree(b);
    return java.util.Objects.equals(left, right);
  }

  @SuppressWarnings("unused")
  private static String id(HasMetadata r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }
}
