package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.config.ArchiveConfig;
import com.supernovaai.operator.model.FromObjectStoreSpec;
import com.supernovaai.operator.model.ObjectStoreSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Point-in-time recovery of a new stack's database (spec.database.bootstrap.fromObjectStore): an
 * init container of the single-instance database pod that runs pitr-bootstrap.sh with the SOURCE
 * archive's pgbackrest.conf (in the database ConfigMap, without keys), the source's keys by
 * reference, and this stack's credentials for the restored roles. The script restores only into an
 * empty volume, so later pod starts pass through it. Each function is empty (or the input
 * unchanged) without fromObjectStore.
 */
public final class DatabasePointInTimeRecovery {

  /** The init container; the status reads its state and result from the database pod. */
  public static final String CONTAINER = "pitr-restore";

  static final String PGBACKREST_CONF = "pitr-pgbackrest.conf";
  static final String VOLUME = "pitr-source";
  static final String DIRECTORY = "/etc/pgbackrest-source";
  static final String CA_FILE = "ca.crt";
  private static final List<String> SCRIPTS =
      List.of(Scripts.PITR_BOOTSTRAP, Scripts.PITR_RESTORE, Scripts.BACKUP_LIB);

  /** What pgBackRest and PostgreSQL's recovery_target_time read unambiguously, in UTC. */
  private static final DateTimeFormatter POSTGRES_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'");

  private DatabasePointInTimeRecovery() {}

  public static Optional<FromObjectStoreSpec> fromObjectStore(SuperNovaStack stack) {
    var database = stack.getSpec().getDatabase();
    var bootstrap = database.getBootstrap();
    return Optional.ofNullable(bootstrap == null ? null : bootstrap.getFromObjectStore())
        .filter(f -> !database.hasExternal());
  }

  public static boolean requested(SuperNovaStack stack) {
    return fromObjectStore(stack).isPresent();
  }

  /** {@code <endpoint>/<bucket><path>}: the archive restored from, as status.restore shows it. */
  public static String source(FromObjectStoreSpec from) {
    String endpoint = from.getEndpoint().replaceAll("/+$", "");
    return endpoint + "/" + from.getBucket() + from.getPath();
  }

  /**
   * An RFC 3339 time as pgBackRest and PostgreSQL take it ({@code 2026-12-02 09:41:07.250000+00}):
   * pgBackRest chooses the base backup by parsing it itself and does not read the 'T' form.
   */
  static String postgresTime(String rfc3339) {
    return OffsetDateTime.parse(rfc3339)
        .withOffsetSameInstant(ZoneOffset.UTC)
        .format(POSTGRES_TIME);
  }

  /** The pod with the init container and its volume added; unchanged without fromObjectStore. */
  public static PodSpec addTo(SuperNovaStack stack, PodSpec pod) {
    return fromObjectStore(stack)
        .map(
            from ->
                new PodSpecBuilder(pod)
                    .addToInitContainers(initContainer(stack, from, pod))
                    .addToVolumes(volume(stack, from))
                    .build())
        .orElse(pod);
  }

  /** The SOURCE repository's pgbackrest.conf: no key in it; the restore writes into PGDATA. */
  static String pgBackRestConf(FromObjectStoreSpec from) {
    ObjectStoreEndpoint endpoint = ObjectStoreEndpoint.of(from);
    return ArchiveConfig.pgBackRestConf(
        new ArchiveConfig.Repository(
            endpoint.host(),
            endpoint.port(),
            from.getBucket(),
            endpoint.region(),
            from.getPath(),
            from.getCaSecret() == null ? null : DIRECTORY + "/" + CA_FILE,
            // Never used by a restore (only by expire, which the restore never runs).
            ObjectStoreSpec.DEFAULT_RETENTION_DAYS),
        new ArchiveConfig.Database(
            DatabaseStatefulSetDependent.PGDATA,
            DatabaseArchiving.SOCKET_DIRECTORY,
            StackNames.DATABASE_PORT,
            StackNames.DATABASE_SUPERUSER),
        new ArchiveConfig.LocalPaths(DatabaseArchiving.SOCKET_DIRECTORY));
  }

  /** The source's pgbackrest.conf and the scripts, for the database ConfigMap; none without. */
  public static Map<String, String> configMapData(SuperNovaStack stack) {
    return fromObjectStore(stack)
        .<Map<String, String>>map(
            from -> {
              Map<String, String> data = new TreeMap<>();
              data.put(PGBACKREST_CONF, pgBackRestConf(from));
              for (String script : SCRIPTS) {
                data.put(script, Scripts.load(script));
              }
              return data;
            })
        .orElse(Map.of());
  }

  /** Source keys by reference, this stack's credentials by reference: no value in the spec. */
  static List<EnvVar> env(SuperNovaStack stack, FromObjectStoreSpec from) {
    var keys = from.getCredentialsSecret();
    String credentials = StackNames.databaseCredentialsApplied(stack);
    List<EnvVar> env = new ArrayList<>();
    env.add(EnvVars.of("PGBACKREST_CONFIG", DIRECTORY + "/" + PGBACKREST_CONF));
    env.add(
        EnvVars.fromSecret(ArchiveConfig.ACCESS_KEY_ENV, keys.getName(), keys.getAccessKeyIdKey()));
    env.add(
        EnvVars.fromSecret(
            ArchiveConfig.SECRET_KEY_ENV, keys.getName(), keys.getSecretAccessKeyKey()));
    env.add(
        EnvVars.of(
            "TARGET_TIME", from.getTargetTime() == null ? "" : postgresTime(from.getTargetTime())));
    env.add(EnvVars.of("PGDATA", DatabaseStatefulSetDependent.PGDATA));
    env.add(EnvVars.of("PGHOST", DatabaseArchiving.SOCKET_DIRECTORY));
    env.add(EnvVars.of("PGPORT", Integer.toString(StackNames.DATABASE_PORT)));
    env.add(
        EnvVars.of(
            "POSTGRES_CONFIG_FILE",
            "/etc/postgresql/" + DatabaseConfigMapDependent.POSTGRESQL_CONF));
    env.add(EnvVars.of("POSTGRES_USER", StackNames.DATABASE_SUPERUSER));
    env.add(
        EnvVars.fromSecret("POSTGRES_PASSWORD", credentials, ReferencedSecrets.SUPERUSER_PASSWORD));
    env.add(EnvVars.of("APP_DB_NAME", StackNames.DATABASE_NAME));
    env.add(EnvVars.fromSecret("APP_DB_USER", credentials, ReferencedSecrets.USERNAME));
    env.add(EnvVars.fromSecret("APP_DB_PASSWORD", credentials, ReferencedSecrets.PASSWORD));
    return env;
  }

  /**
   * The database image (its PostgreSQL and pgBackRest), with the database container's volumes and
   * resources, so the one start that replays the WAL runs as the database will.
   */
  static Container initContainer(SuperNovaStack stack, FromObjectStoreSpec from, PodSpec pod) {
    Container database = pod.getContainers().get(0);
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(database.getImage())
        .withCommand("/bin/sh", DIRECTORY + "/scripts/" + Scripts.PITR_BOOTSTRAP)
        .withEnv(env(stack, from))
        .withResources(database.getResources())
        .withSecurityContext(SecurityContexts.container(false))
        // The script's JSON result; a crash without one leaves the log's tail there instead.
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withVolumeMounts(database.getVolumeMounts())
        .addNewVolumeMount()
        .withName(VOLUME)
        .withMountPath(DIRECTORY)
        .withReadOnly(true)
        .endVolumeMount()
        .build();
  }

  /** pgbackrest.conf and the scripts from the database ConfigMap, the CA from its Secret. */
  static Volume volume(SuperNovaStack stack, FromObjectStoreSpec from) {
    return DatabaseArchiving.pgBackRestVolume(
        VOLUME, StackNames.databaseConfig(stack), PGBACKREST_CONF, SCRIPTS, from.getCaSecret());
  }
}
