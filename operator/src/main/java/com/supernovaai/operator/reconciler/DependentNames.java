package com.supernovaai.operator.reconciler;

/** Names of the workflow's dependents, as {@code dependsOn} refers to them (see StackWorkflow). */
final class DependentNames {

  private DependentNames() {}

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
  static final String DB_READ_ONLY_SERVICE = "db-read-only-service";
  static final String DB_MEMBERS_ACCOUNT = "db-members-service-account";
  static final String DB_MEMBERS_ROLE = "db-members-role";
  static final String DB_MEMBERS_BINDING = "db-members-role-binding";
  static final String DB_PDB = "db-pdb";
  static final String POOLER_USERLIST = "pooler-userlist";
  static final String POOLER_CONFIG = "pooler-config";
  static final String POOLER_DEPLOYMENT = "pooler-deployment";
  static final String POOLER_SERVICE = "pooler-service";
  static final String REDIS_CONFIG = "redis-config";
  static final String REDIS_SERVICE = "redis-service";
  static final String REDIS_STATEFULSET = "redis-statefulset";
  static final String REDIS_DEPLOYMENT = "redis-deployment";
  static final String REDIS_HEADLESS = "redis-headless-service";
  static final String REDIS_MEMBERS_ACCOUNT = "redis-members-service-account";
  static final String REDIS_MEMBERS_ROLE = "redis-members-role";
  static final String REDIS_MEMBERS_BINDING = "redis-members-role-binding";
  static final String REDIS_PDB = "redis-pdb";
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
  static final String FRONTEND_SERVICE = "frontend-service";
  static final String FRONTEND_DEPLOYMENT = "frontend-deployment";
  static final String FRONTEND_PDB = "frontend-pdb";
  static final String NP_FRONTEND = "networkpolicy-frontend";
}
