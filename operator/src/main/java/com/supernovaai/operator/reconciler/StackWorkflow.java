package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.dependent.ApiAdminSecretDependent;
import com.supernovaai.operator.dependent.ApiAutoscalerDependent;
import com.supernovaai.operator.dependent.ApiConfigMapDependent;
import com.supernovaai.operator.dependent.ApiDeploymentDependent;
import com.supernovaai.operator.dependent.ApiDisruptionBudgetDependent;
import com.supernovaai.operator.dependent.ApiIngressDependent;
import com.supernovaai.operator.dependent.ApiInputsReadyCondition;
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
import com.supernovaai.operator.dependent.DatabaseDisruptionBudgetDependent;
import com.supernovaai.operator.dependent.DatabaseHeadlessServiceDependent;
import com.supernovaai.operator.dependent.DatabaseMembersRoleBindingDependent;
import com.supernovaai.operator.dependent.DatabaseMembersRoleDependent;
import com.supernovaai.operator.dependent.DatabaseMembersServiceAccountDependent;
import com.supernovaai.operator.dependent.DatabaseNetworkPolicyDependent;
import com.supernovaai.operator.dependent.DatabaseReadOnlyServiceDependent;
import com.supernovaai.operator.dependent.DatabaseReadyCondition;
import com.supernovaai.operator.dependent.DatabaseServiceDependent;
import com.supernovaai.operator.dependent.DatabaseStatefulSetDependent;
import com.supernovaai.operator.dependent.FrontendDeploymentDependent;
import com.supernovaai.operator.dependent.FrontendDisruptionBudgetDependent;
import com.supernovaai.operator.dependent.FrontendNetworkPolicyDependent;
import com.supernovaai.operator.dependent.FrontendServiceDependent;
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
import com.supernovaai.operator.dependent.RedisDisruptionBudgetDependent;
import com.supernovaai.operator.dependent.RedisHeadlessServiceDependent;
import com.supernovaai.operator.dependent.RedisMembersRoleBindingDependent;
import com.supernovaai.operator.dependent.RedisMembersRoleDependent;
import com.supernovaai.operator.dependent.RedisMembersServiceAccountDependent;
import com.supernovaai.operator.dependent.RedisNetworkPolicyDependent;
import com.supernovaai.operator.dependent.RedisServiceDependent;
import com.supernovaai.operator.dependent.RedisStatefulSetDependent;
import com.supernovaai.operator.dependent.RestoreJobDependent;
import com.supernovaai.operator.dependent.StackAlertsDependent;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;

/**
 * The stack's workflow of dependents: which objects exist, in which order, gated by which
 * conditions. Declared here so that the reconciler reads as orchestration: {@link Workflow} is
 * {@code @Inherited} and JOSDK reads it with {@code Class.getAnnotation}, so {@link
 * SuperNovaStackReconciler} gets it by extending this class. The workflow is invoked explicitly so
 * that a paused stack or one with a missing Secret is left exactly as it is.
 */
@Workflow(
    explicitInvocation = true,
    handleExceptionsInReconciler = true,
    dependents = {
      // Secrets generated once. The credentials' nodes have no reconcile precondition: they do
      // nothing for an external database or Redis (their dependents' own preconditions decide),
      // so the pooler and the API can depend on them and start in a new stack's first
      // reconciliation, with the credentials they hash already in the cache.
      @Dependent(
          name = DependentNames.DB_CREDENTIALS,
          type = DatabaseCredentialsSecretDependent.class,
          useEventSourceWithName = EventSources.SECRETS),
      // What the database accepts: every consumer reads this copy, which takes the values of
      // db-credentials only once the rotation Job (below) applied them to the roles.
      @Dependent(
          name = DependentNames.DB_APPLIED_CREDENTIALS,
          type = AppliedCredentialsSecretDependent.class,
          dependsOn = DependentNames.DB_CREDENTIALS,
          useEventSourceWithName = EventSources.SECRETS),
      @Dependent(
          name = DependentNames.REDIS_CREDENTIALS,
          type = RedisCredentialsSecretDependent.class,
          useEventSourceWithName = EventSources.SECRETS),
      @Dependent(
          name = DependentNames.JWT_SECRET,
          type = JwtSecretDependent.class,
          useEventSourceWithName = EventSources.SECRETS),
      @Dependent(
          name = DependentNames.API_ADMIN_SECRET,
          type = ApiAdminSecretDependent.class,
          useEventSourceWithName = EventSources.SECRETS),
      // Database: the Service always exists (ClusterIP or ExternalName) and gates on readiness
      @Dependent(
          name = DependentNames.DB_CONFIG,
          type = DatabaseConfigMapDependent.class,
          reconcilePrecondition = Preconditions.InternalDatabase.class,
          useEventSourceWithName = EventSources.CONFIG_MAPS),
      @Dependent(
          name = DependentNames.DB_HEADLESS,
          type = DatabaseHeadlessServiceDependent.class,
          reconcilePrecondition = Preconditions.InternalDatabase.class,
          useEventSourceWithName = EventSources.SERVICES),
      // The database pods' identity and permissions (Patroni's, or the archiving sidecar's);
      // a replicated database's replicas' Service and budget
      @Dependent(
          name = DependentNames.DB_MEMBERS_ACCOUNT,
          type = DatabaseMembersServiceAccountDependent.class,
          reconcilePrecondition = Preconditions.DatabaseIdentity.class,
          useEventSourceWithName = EventSources.SERVICE_ACCOUNTS),
      @Dependent(
          name = DependentNames.DB_MEMBERS_ROLE,
          type = DatabaseMembersRoleDependent.class,
          reconcilePrecondition = Preconditions.DatabaseIdentity.class,
          useEventSourceWithName = EventSources.ROLES),
      @Dependent(
          name = DependentNames.DB_MEMBERS_BINDING,
          type = DatabaseMembersRoleBindingDependent.class,
          reconcilePrecondition = Preconditions.DatabaseIdentity.class,
          dependsOn = {DependentNames.DB_MEMBERS_ACCOUNT, DependentNames.DB_MEMBERS_ROLE},
          useEventSourceWithName = EventSources.ROLE_BINDINGS),
      @Dependent(
          name = DependentNames.DB_READ_ONLY_SERVICE,
          type = DatabaseReadOnlyServiceDependent.class,
          reconcilePrecondition = Preconditions.ReplicatedDatabase.class,
          useEventSourceWithName = EventSources.SERVICES),
      @Dependent(
          name = DependentNames.DB_PDB,
          type = DatabaseDisruptionBudgetDependent.class,
          reconcilePrecondition = Preconditions.ReplicatedDatabase.class,
          useEventSourceWithName = EventSources.DISRUPTION_BUDGETS),
      @Dependent(
          name = DependentNames.DB_STATEFULSET,
          type = DatabaseStatefulSetDependent.class,
          reconcilePrecondition = Preconditions.InternalDatabase.class,
          dependsOn = {
            DependentNames.DB_APPLIED_CREDENTIALS,
            DependentNames.DB_CONFIG,
            DependentNames.DB_HEADLESS
          },
          useEventSourceWithName = EventSources.STATEFUL_SETS),
      @Dependent(
          name = DependentNames.DB_SERVICE,
          type = DatabaseServiceDependent.class,
          readyPostcondition = DatabaseReadyCondition.class,
          useEventSourceWithName = EventSources.SERVICES),
      // Pooler: beside the database, once its credentials exist (the Service's postcondition)
      @Dependent(
          name = DependentNames.POOLER_SERVICE,
          type = PoolerServiceDependent.class,
          reconcilePrecondition = Preconditions.PoolerEnabled.class,
          dependsOn = DependentNames.DB_APPLIED_CREDENTIALS,
          readyPostcondition = DatabaseCredentialsAvailableCondition.class,
          useEventSourceWithName = EventSources.SERVICES),
      @Dependent(
          name = DependentNames.POOLER_USERLIST,
          type = PoolerUserlistSecretDependent.class,
          reconcilePrecondition = Preconditions.PoolerEnabled.class,
          dependsOn = DependentNames.POOLER_SERVICE,
          useEventSourceWithName = EventSources.SECRETS),
      @Dependent(
          name = DependentNames.POOLER_CONFIG,
          type = PoolerConfigMapDependent.class,
          reconcilePrecondition = Preconditions.PoolerEnabled.class,
          dependsOn = DependentNames.POOLER_SERVICE,
          useEventSourceWithName = EventSources.CONFIG_MAPS),
      @Dependent(
          name = DependentNames.POOLER_DEPLOYMENT,
          type = PoolerDeploymentDependent.class,
          reconcilePrecondition = Preconditions.PoolerEnabled.class,
          dependsOn = {DependentNames.POOLER_USERLIST, DependentNames.POOLER_CONFIG},
          useEventSourceWithName = EventSources.DEPLOYMENTS),
      // Redis
      @Dependent(
          name = DependentNames.REDIS_CONFIG,
          type = RedisConfigSecretDependent.class,
          reconcilePrecondition = Preconditions.InternalRedis.class,
          dependsOn = DependentNames.REDIS_CREDENTIALS,
          useEventSourceWithName = EventSources.SECRETS),
      @Dependent(
          name = DependentNames.REDIS_SERVICE,
          type = RedisServiceDependent.class,
          reconcilePrecondition = Preconditions.InternalRedis.class,
          useEventSourceWithName = EventSources.SERVICES),
      // Sentinel mode: the pods' DNS names, identity (their role labels) and budget
      @Dependent(
          name = DependentNames.REDIS_HEADLESS,
          type = RedisHeadlessServiceDependent.class,
          reconcilePrecondition = Preconditions.SentinelRedis.class,
          useEventSourceWithName = EventSources.SERVICES),
      @Dependent(
          name = DependentNames.REDIS_MEMBERS_ACCOUNT,
          type = RedisMembersServiceAccountDependent.class,
          reconcilePrecondition = Preconditions.SentinelRedis.class,
          useEventSourceWithName = EventSources.SERVICE_ACCOUNTS),
      @Dependent(
          name = DependentNames.REDIS_MEMBERS_ROLE,
          type = RedisMembersRoleDependent.class,
          reconcilePrecondition = Preconditions.SentinelRedis.class,
          useEventSourceWithName = EventSources.ROLES),
      @Dependent(
          name = DependentNames.REDIS_MEMBERS_BINDING,
          type = RedisMembersRoleBindingDependent.class,
          reconcilePrecondition = Preconditions.SentinelRedis.class,
          dependsOn = {DependentNames.REDIS_MEMBERS_ACCOUNT, DependentNames.REDIS_MEMBERS_ROLE},
          useEventSourceWithName = EventSources.ROLE_BINDINGS),
      @Dependent(
          name = DependentNames.REDIS_PDB,
          type = RedisDisruptionBudgetDependent.class,
          reconcilePrecondition = Preconditions.SentinelRedis.class,
          useEventSourceWithName = EventSources.DISRUPTION_BUDGETS),
      @Dependent(
          name = DependentNames.REDIS_STATEFULSET,
          type = RedisStatefulSetDependent.class,
          reconcilePrecondition = Preconditions.PersistentRedis.class,
          dependsOn = DependentNames.REDIS_CONFIG,
          useEventSourceWithName = EventSources.STATEFUL_SETS),
      @Dependent(
          name = DependentNames.REDIS_DEPLOYMENT,
          type = RedisDeploymentDependent.class,
          reconcilePrecondition = Preconditions.EphemeralRedis.class,
          dependsOn = DependentNames.REDIS_CONFIG,
          useEventSourceWithName = EventSources.DEPLOYMENTS),
      // API server: beside the database, pooler and Redis, waiting for the database itself; after
      // the credentials its pods' template hashes, held back only for an external database's
      // Secret and a bootstrap restore (ApiInputsReadyCondition)
      @Dependent(
          name = DependentNames.API_CONFIG,
          type = ApiConfigMapDependent.class,
          dependsOn = {DependentNames.DB_APPLIED_CREDENTIALS, DependentNames.REDIS_CREDENTIALS},
          readyPostcondition = ApiInputsReadyCondition.class,
          useEventSourceWithName = EventSources.CONFIG_MAPS),
      @Dependent(
          name = DependentNames.API_SERVICE_ACCOUNT,
          type = ApiServiceAccountDependent.class,
          useEventSourceWithName = EventSources.SERVICE_ACCOUNTS),
      // The blue-green objects all follow one plan, made (and at a promotion the replicas handed
      // over) by one step after the API's inputs and before any of them is written.
      @Dependent(
          name = DependentNames.API_ROLLOUT,
          type = ApiRolloutStep.class,
          dependsOn = {
            DependentNames.API_CONFIG,
            DependentNames.API_SERVICE_ACCOUNT,
            DependentNames.JWT_SECRET,
            DependentNames.API_ADMIN_SECRET
          }),
      @Dependent(
          name = DependentNames.API_DEPLOYMENT_BLUE,
          type = ApiDeploymentDependent.Blue.class,
          reconcilePrecondition = ApiDeploymentDependent.BlueNeeded.class,
          dependsOn = DependentNames.API_ROLLOUT,
          useEventSourceWithName = EventSources.DEPLOYMENTS),
      @Dependent(
          name = DependentNames.API_DEPLOYMENT_GREEN,
          type = ApiDeploymentDependent.Green.class,
          reconcilePrecondition = ApiDeploymentDependent.GreenNeeded.class,
          dependsOn = DependentNames.API_ROLLOUT,
          useEventSourceWithName = EventSources.DEPLOYMENTS),
      @Dependent(
          name = DependentNames.API_SERVICE,
          type = ApiServiceDependent.class,
          dependsOn = DependentNames.API_ROLLOUT,
          useEventSourceWithName = EventSources.SERVICES),
      @Dependent(
          name = DependentNames.API_PREVIEW_SERVICE,
          type = ApiPreviewServiceDependent.class,
          reconcilePrecondition = ApiPreviewServiceDependent.BlueGreen.class,
          dependsOn = DependentNames.API_ROLLOUT,
          useEventSourceWithName = EventSources.SERVICES),
      @Dependent(
          name = DependentNames.API_AUTOSCALER,
          type = ApiAutoscalerDependent.class,
          reconcilePrecondition = Preconditions.AutoscalingEnabled.class,
          dependsOn = DependentNames.API_ROLLOUT,
          useEventSourceWithName = EventSources.AUTOSCALERS),
      @Dependent(
          name = DependentNames.API_PDB,
          type = ApiDisruptionBudgetDependent.class,
          reconcilePrecondition = Preconditions.DisruptionBudgetEnabled.class,
          useEventSourceWithName = EventSources.DISRUPTION_BUDGETS),
      @Dependent(
          name = DependentNames.API_INGRESS,
          type = ApiIngressDependent.class,
          reconcilePrecondition = Preconditions.IngressEnabled.class,
          dependsOn = DependentNames.API_SERVICE,
          useEventSourceWithName = EventSources.INGRESSES),
      // Prometheus Operator objects: activated only while the API server serves their kinds
      @Dependent(
          name = DependentNames.API_METRICS_SERVICE,
          type = ApiMetricsServiceDependent.class,
          reconcilePrecondition = MonitoringConditions.MetricsServiceNeeded.class,
          useEventSourceWithName = EventSources.SERVICES),
      @Dependent(
          name = DependentNames.API_SERVICE_MONITOR,
          type = ApiServiceMonitorDependent.class,
          activationCondition = MonitoringConditions.ServiceMonitorServed.class,
          reconcilePrecondition = MonitoringConditions.ServiceMonitorRequested.class),
      @Dependent(
          name = DependentNames.ALERT_RULES,
          type = StackAlertsDependent.class,
          activationCondition = MonitoringConditions.PrometheusRuleServed.class,
          reconcilePrecondition = MonitoringConditions.PrometheusRuleRequested.class),
      // Backups
      @Dependent(
          name = DependentNames.BACKUP_VOLUME,
          type = BackupVolumeDependent.class,
          reconcilePrecondition = Preconditions.BackupEnabled.class,
          useEventSourceWithName = EventSources.VOLUME_CLAIMS),
      @Dependent(
          name = DependentNames.BACKUP_SCRIPTS,
          type = BackupScriptsConfigMapDependent.class,
          reconcilePrecondition = Preconditions.BackupScriptsNeeded.class,
          useEventSourceWithName = EventSources.CONFIG_MAPS),
      @Dependent(
          name = DependentNames.BACKUP_CRONJOB,
          type = BackupCronJobDependent.class,
          reconcilePrecondition = Preconditions.BackupEnabled.class,
          dependsOn = {
            DependentNames.BACKUP_VOLUME,
            DependentNames.BACKUP_SCRIPTS,
            DependentNames.DB_SERVICE
          },
          useEventSourceWithName = EventSources.CRON_JOBS),
      @Dependent(
          name = DependentNames.BACKUP_VERIFY,
          type = BackupVerifyCronJobDependent.class,
          reconcilePrecondition = Preconditions.BackupVerifyEnabled.class,
          dependsOn = {
            DependentNames.BACKUP_VOLUME,
            DependentNames.BACKUP_SCRIPTS,
            DependentNames.DB_SERVICE
          },
          useEventSourceWithName = EventSources.CRON_JOBS),
      @Dependent(
          name = DependentNames.BACKUP_NOW,
          type = ManualBackupJobDependent.class,
          reconcilePrecondition = Preconditions.ManualBackupRequested.class,
          dependsOn = {
            DependentNames.BACKUP_VOLUME,
            DependentNames.BACKUP_SCRIPTS,
            DependentNames.DB_SERVICE
          },
          useEventSourceWithName = EventSources.JOBS),
      // Bootstrap restore: once the database is ready; the API waits for it
      // (ApiInputsReadyCondition)
      @Dependent(
          name = DependentNames.RESTORE,
          type = RestoreJobDependent.class,
          reconcilePrecondition = Preconditions.RestorePending.class,
          dependsOn = {DependentNames.BACKUP_SCRIPTS, DependentNames.DB_SERVICE},
          useEventSourceWithName = EventSources.JOBS),
      // Credentials rotation: an edited db-credentials is applied to the roles by a Job, once the
      // database is ready, before any consumer sees it
      @Dependent(
          name = DependentNames.DB_ROTATION,
          type = CredentialsRotationJobDependent.class,
          reconcilePrecondition = CredentialsRotationNeededCondition.class,
          dependsOn = {
            DependentNames.DB_APPLIED_CREDENTIALS,
            DependentNames.BACKUP_SCRIPTS,
            DependentNames.DB_SERVICE
          },
          useEventSourceWithName = EventSources.JOBS),
      // NetworkPolicies
      @Dependent(
          name = DependentNames.NP_DATABASE,
          type = DatabaseNetworkPolicyDependent.class,
          reconcilePrecondition = Preconditions.DatabaseNetworkPolicyEnabled.class,
          useEventSourceWithName = EventSources.NETWORK_POLICIES),
      @Dependent(
          name = DependentNames.NP_POOLER,
          type = PoolerNetworkPolicyDependent.class,
          reconcilePrecondition = Preconditions.PoolerNetworkPolicyEnabled.class,
          useEventSourceWithName = EventSources.NETWORK_POLICIES),
      @Dependent(
          name = DependentNames.NP_REDIS,
          type = RedisNetworkPolicyDependent.class,
          reconcilePrecondition = Preconditions.RedisNetworkPolicyEnabled.class,
          useEventSourceWithName = EventSources.NETWORK_POLICIES),
      @Dependent(
          name = DependentNames.NP_API,
          type = ApiNetworkPolicyDependent.class,
          reconcilePrecondition = Preconditions.ApiNetworkPolicyEnabled.class,
          useEventSourceWithName = EventSources.NETWORK_POLICIES),
      @Dependent(
          name = DependentNames.NP_BACKUP,
          type = BackupNetworkPolicyDependent.class,
          reconcilePrecondition = Preconditions.BackupNetworkPolicyEnabled.class,
          useEventSourceWithName = EventSources.NETWORK_POLICIES),
      @Dependent(
          name = DependentNames.NP_FRONTEND,
          type = FrontendNetworkPolicyDependent.class,
          reconcilePrecondition = Preconditions.FrontendNetworkPolicyEnabled.class,
          useEventSourceWithName = EventSources.NETWORK_POLICIES),
      // Frontend (spec.frontend): nginx resolves the API Service's name when it starts, so after it
      @Dependent(
          name = DependentNames.FRONTEND_SERVICE,
          type = FrontendServiceDependent.class,
          reconcilePrecondition = Preconditions.FrontendEnabled.class,
          useEventSourceWithName = EventSources.SERVICES),
      @Dependent(
          name = DependentNames.FRONTEND_DEPLOYMENT,
          type = FrontendDeploymentDependent.class,
          reconcilePrecondition = Preconditions.FrontendEnabled.class,
          dependsOn = DependentNames.API_SERVICE,
          useEventSourceWithName = EventSources.DEPLOYMENTS),
      @Dependent(
          name = DependentNames.FRONTEND_PDB,
          type = FrontendDisruptionBudgetDependent.class,
          reconcilePrecondition = Preconditions.FrontendReplicated.class,
          useEventSourceWithName = EventSources.DISRUPTION_BUDGETS),
    })
abstract class StackWorkflow {}
