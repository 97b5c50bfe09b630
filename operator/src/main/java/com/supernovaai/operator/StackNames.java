package com.supernovaai.operator;

import com.supernovaai.operator.model.SuperNovaStack;

/** Names of every object the operator creates for a stack, in one place. */
public final class StackNames {

  /** The two colors of the API server; blue is the one that exists before any rollout. */
  public static final String BLUE = "blue";

  public static final String GREEN = "green";

  public static final int API_PORT = 8081;
  public static final int API_SERVICE_PORT = 80;
  public static final int DATABASE_PORT = 5432;
  public static final int POOLER_PORT = 6432;
  public static final int REDIS_PORT = 6379;
  public static final int FRONTEND_PORT = 8080;
  public static final int FRONTEND_SERVICE_PORT = 80;
  public static final int REDIS_SENTINEL_PORT = 26379;

  /** The name the Sentinels know the master by (redis.mode: sentinel). */
  public static final String REDIS_MASTER_NAME = "supernova";

  /** Database the API server uses, in the operator-run TimescaleDB. */
  public static final String DATABASE_NAME = "supernova";

  /** Superuser of the operator-run TimescaleDB: initdb makes it, backups and rotations use it. */
  public static final String DATABASE_SUPERUSER = "postgres";

  /** Application role of the API server in the operator-run TimescaleDB. */
  public static final String DATABASE_USER = "supernova";

  private StackNames() {}

  public static String stack(SuperNovaStack stack) {
    return stack.getMetadata().getName();
  }

  public static String namespace(SuperNovaStack stack) {
    return stack.getMetadata().getNamespace();
  }

  // Generated Secrets: created once, never regenerated while they exist.
  public static String databaseCredentials(SuperNovaStack stack) {
    return stack(stack) + "-db-credentials";
  }

  /** The database's data claim, made by its StatefulSet from the claim template. */
  public static String databaseDataClaim(SuperNovaStack stack) {
    return DATA_VOLUME + "-" + database(stack) + "-0";
  }

  /**
   * The operator's copy of the database credentials PostgreSQL accepts: what every consumer reads.
   * It follows {@link #databaseCredentials} only once a rotation Job applied the new values.
   */
  public static String databaseCredentialsApplied(SuperNovaStack stack) {
    return databaseCredentials(stack) + "-applied";
  }

  /** The Job applying new database passwords to the roles; {@code rotation} is a short hash. */
  public static String databaseRotation(SuperNovaStack stack, String rotation) {
    return stack(stack) + "-db-rotate-" + rotation;
  }

  public static String redisCredentials(SuperNovaStack stack) {
    return stack(stack) + "-redis-credentials";
  }

  public static String jwtSecret(SuperNovaStack stack) {
    return stack(stack) + "-jwt";
  }

  /** The API server's first administrator (username, password): generated, never rotated. */
  public static String apiAdminSecret(SuperNovaStack stack) {
    return stack(stack) + "-api-admin";
  }

  // Database
  public static String database(SuperNovaStack stack) {
    return stack(stack) + "-db";
  }

  public static String databaseHeadless(SuperNovaStack stack) {
    return stack(stack) + "-db-headless";
  }

  /** Read-only Service over the replicas of a replicated database. */
  public static String databaseReadOnly(SuperNovaStack stack) {
    return stack(stack) + "-db-ro";
  }

  /**
   * Identity of the database pods of a replicated database (Patroni talks to the Kubernetes API),
   * also the name of its Role, RoleBinding and PodDisruptionBudget.
   */
  public static String databaseMembers(SuperNovaStack stack) {
    return stack(stack) + "-db-members";
  }

  public static String databaseConfig(SuperNovaStack stack) {
    return stack(stack) + "-db-config";
  }

  /** Name of the volume claim template; PVCs are named {@code data-<stack>-db-<ordinal>}. */
  public static final String DATA_VOLUME = "data";

  // Pooler
  public static String pooler(SuperNovaStack stack) {
    return stack(stack) + "-pooler";
  }

  public static String poolerConfig(SuperNovaStack stack) {
    return stack(stack) + "-pooler-config";
  }

  public static String poolerUserlist(SuperNovaStack stack) {
    return stack(stack) + "-pooler-userlist";
  }

  // Redis
  public static String redis(SuperNovaStack stack) {
    return stack(stack) + "-redis";
  }

  public static String redisConfig(SuperNovaStack stack) {
    return stack(stack) + "-redis-config";
  }

  /** Governing Service of a sentinel-mode Redis: each pod's DNS name, ready or not. */
  public static String redisHeadless(SuperNovaStack stack) {
    return stack(stack) + "-redis-headless";
  }

  /** Identity, Role and budget of a sentinel-mode Redis's pods. */
  public static String redisMembers(SuperNovaStack stack) {
    return stack(stack) + "-redis-members";
  }

  /** The DNS name of one sentinel-mode Redis pod, the name Redis and Sentinel announce. */
  public static String redisPodHost(SuperNovaStack stack, int ordinal) {
    return redis(stack) + "-" + ordinal + "." + serviceHost(stack, redisHeadless(stack));
  }

  // API server
  /** The API Deployment of one color, e.g. {@code prod-api-blue}. */
  public static String apiDeployment(SuperNovaStack stack, String color) {
    return stack(stack) + "-api-" + color;
  }

  /** The active Service: what clients and the Ingress use. */
  public static String apiService(SuperNovaStack stack) {
    return stack(stack) + "-api";
  }

  /** The preview Service of a blue-green rollout (the new color). */
  public static String apiPreviewService(SuperNovaStack stack) {
    return stack(stack) + "-api-preview";
  }

  public static String apiConfig(SuperNovaStack stack) {
    return stack(stack) + "-api-config";
  }

  public static String apiServiceAccount(SuperNovaStack stack) {
    return stack(stack) + "-api";
  }

  public static String apiAutoscaler(SuperNovaStack stack) {
    return stack(stack) + "-api";
  }

  public static String apiDisruptionBudget(SuperNovaStack stack) {
    return stack(stack) + "-api";
  }

  public static String apiIngress(SuperNovaStack stack) {
    return stack(stack) + "-api";
  }

  public static String apiTlsSecret(SuperNovaStack stack) {
    return stack(stack) + "-api-tls";
  }

  /** Headless Service over the API pods of both colors, for Prometheus (spec.monitoring). */
  public static String apiMetricsService(SuperNovaStack stack) {
    return stack(stack) + "-api-metrics";
  }

  /** ServiceMonitor of the API pods (spec.monitoring.serviceMonitor). */
  public static String apiServiceMonitor(SuperNovaStack stack) {
    return stack(stack) + "-api";
  }

  /** PrometheusRule with the stack's alerts (spec.monitoring.prometheusRule). */
  public static String alertRules(SuperNovaStack stack) {
    return stack(stack) + "-alerts";
  }

  // Backup
  /** The scheduled backup CronJob; its name is the backup volume's too (different kinds). */
  public static String backupCronJob(SuperNovaStack stack) {
    return stack(stack) + "-backup";
  }

  /** The claim the dumps are written to. */
  public static String backupVolume(SuperNovaStack stack) {
    return stack(stack) + "-backup";
  }

  public static String backupScripts(SuperNovaStack stack) {
    return stack(stack) + "-backup-scripts";
  }

  /** The restore drill CronJob. */
  public static String backupVerify(SuperNovaStack stack) {
    return stack(stack) + "-backup-verify";
  }

  /** The Job of one backup-now request; {@code request} is a short hash of its value. */
  public static String manualBackup(SuperNovaStack stack, String request) {
    return stack(stack) + "-backup-now-" + request;
  }

  /** The bootstrap restore Job of one fromBackup spec; {@code source} is a short hash of it. */
  public static String restore(SuperNovaStack stack, String source) {
    return stack(stack) + "-restore-" + source;
  }

  /** NetworkPolicy guarding one component, e.g. {@code prod-db}. */
  /** The frontend's Deployment, Service and PodDisruptionBudget (spec.frontend). */
  public static String frontend(SuperNovaStack stack) {
    return stack(stack) + "-frontend";
  }

  public static String networkPolicy(SuperNovaStack stack, String component) {
    return stack(stack) + "-" + component;
  }

  // In-cluster addresses
  public static String serviceHost(SuperNovaStack stack, String service) {
    return service + "." + namespace(stack) + ".svc";
  }
}
