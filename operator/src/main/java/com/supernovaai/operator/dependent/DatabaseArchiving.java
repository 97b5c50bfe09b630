package com.supernovaai.operator.dependent;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.config.ArchiveConfig;
import com.supernovaai.operator.model.CaSecretReference;
import com.supernovaai.operator.model.ObjectStoreSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The pieces of the database pod and its ConfigMap that continuous WAL archiving to {@code
 * spec.backup.objectStore} adds: postgresql.conf settings, pgbackrest.conf, the access keys as
 * environment, one volume with the file and the CA, the base-backup sidecar. Each is empty (or the
 * input unchanged) without an objectStore, so the StatefulSet (single instance or Patroni) and the
 * ConfigMap call them unconditionally, one call each.
 */
public final class DatabaseArchiving {

  public static final String PGBACKREST_CONF = "pgbackrest.conf";
  static final String VOLUME = "pgbackrest";
  static final String DIRECTORY = "/etc/pgbackrest";
  static final String CONF_PATH = DIRECTORY + "/" + PGBACKREST_CONF;
  static final String CA_FILE = "ca.crt";
  static final String CONFIG_ENV = "PGBACKREST_CONFIG";
  static final String SCRIPTS_DIRECTORY = DIRECTORY + "/scripts";
  static final String SIDECAR = "pgbackrest";

  /** Where the database pod has its socket (an emptyDir named "run") and its data volume. */
  static final String SOCKET_DIRECTORY = "/var/run/postgresql";

  static final String RUN_VOLUME = "run";
  static final String DATA_MOUNT = "/var/lib/postgresql/data";
  private static final List<String> SCRIPTS =
      List.of(
          Scripts.BASE_BACKUP_SCHEDULE,
          Scripts.BASE_BACKUP,
          Scripts.BACKUP_LIB,
          Scripts.ARCHIVER_REPORT,
          Scripts.ARCHIVER_REPORT_SQL);

  /**
   * The pod's ServiceAccount token, CA and namespace, where the Kubernetes clients look for them;
   * mounted in the sidecar only (the database container talks to nobody).
   */
  static final String TOKEN_VOLUME = "archiver-token";

  static final String TOKEN_DIRECTORY = "/var/run/secrets/kubernetes.io/serviceaccount";

  /** An hour; the kubelet renews it at 80 %, and the reporter re-reads it. */
  static final long TOKEN_SECONDS = 3600;

  /**
   * A quiet database still pushes a segment at least this often: the most a lost volume can lose is
   * bounded by it, at the price of a (mostly empty, compressed) 16 MB segment per minute.
   */
  static final int ARCHIVE_TIMEOUT_SECONDS = 60;

  private DatabaseArchiving() {}

  static Optional<ObjectStoreSpec> objectStore(SuperNovaStack stack) {
    var backup = stack.getSpec().getBackup();
    return Optional.ofNullable(backup == null ? null : backup.getObjectStore())
        .filter(o -> !stack.getSpec().getDatabase().hasExternal());
  }

  /**
   * The database pod with archiving added: the keys and the config volume on its database container
   * (the first), the volumes, the base-backup sidecar, and the identity its archiving report is
   * published with ({@code <stack>-db-members}, whose Role lets it patch its own pod). The pod as
   * it is without an objectStore.
   */
  public static PodSpec addTo(SuperNovaStack stack, PodSpec pod) {
    if (objectStore(stack).isEmpty()) {
      return pod;
    }
    return new PodSpecBuilder(pod)
        .withServiceAccountName(StackNames.databaseMembers(stack))
        .editFirstContainer()
        .addAllToEnv(env(stack))
        .addAllToVolumeMounts(volumeMounts(stack))
        .endContainer()
        .addAllToContainers(containers(stack))
        .addAllToVolumes(volumes(stack))
        .addToVolumes(tokenVolume())
        .build();
  }

  /** Whether the database pods need their ServiceAccount for archiving (to publish the report). */
  public static boolean publishesReport(SuperNovaStack stack) {
    return objectStore(stack).isPresent();
  }

  /**
   * The token the sidecar patches its own pod with: projected explicitly (the pod does not
   * automount one), with the cluster's CA and the namespace, as the in-cluster clients expect.
   */
  static Volume tokenVolume() {
    return new VolumeBuilder()
        .withName(TOKEN_VOLUME)
        .withNewProjected()
        .addNewSource()
        .withNewServiceAccountToken()
        .withPath("token")
        .withExpirationSeconds(TOKEN_SECONDS)
        .endServiceAccountToken()
        .endSource()
        .addNewSource()
        .withNewConfigMap()
        .withName("kube-root-ca.crt")
        .addNewItem()
        .withKey("ca.crt")
        .withPath("ca.crt")
        .endItem()
        .endConfigMap()
        .endSource()
        .addNewSource()
        .withNewDownwardAPI()
        .addNewItem()
        .withPath("namespace")
        // Written out as the API server defaults it (see EnvVars.fromField).
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath("metadata.namespace")
        .endFieldRef()
        .endItem()
        .endDownwardAPI()
        .endSource()
        .endProjected()
        .build();
  }

  /** The path in the bucket: as given, else one per namespace and stack. */
  static String repositoryPath(SuperNovaStack stack, ObjectStoreSpec store) {
    return store.getPath() != null
        ? store.getPath()
        : "/" + StackNames.namespace(stack) + "/" + stack.getMetadata().getName();
  }

  /**
   * The stack would archive into the archive it is restored from (same host, port, bucket and
   * path): its new timeline would be pushed among the source's segments.
   */
  public static boolean archiveIsRestoreSource(SuperNovaStack stack) {
    var from = DatabasePointInTimeRecovery.fromObjectStore(stack).orElse(null);
    var store = objectStore(stack).orElse(null);
    if (from == null || store == null) {
      return false;
    }
    return ObjectStoreEndpoint.of(store).sameServerAs(ObjectStoreEndpoint.of(from))
        && store.getBucket().equals(from.getBucket())
        && repositoryPath(stack, store).equals(from.getPath());
  }

  /** pgbackrest.conf for the stack's database, without credentials. */
  public static Optional<String> pgBackRestConf(SuperNovaStack stack) {
    return objectStore(stack)
        .map(
            store -> {
              ObjectStoreEndpoint endpoint = ObjectStoreEndpoint.of(store);
              return ArchiveConfig.pgBackRestConf(
                  new ArchiveConfig.Repository(
                      endpoint.host(),
                      endpoint.port(),
                      store.getBucket(),
                      endpoint.region(),
                      repositoryPath(stack, store),
                      store.getCaSecret() == null ? null : DIRECTORY + "/" + CA_FILE,
                      store.getRetentionDays() == null
                          ? ObjectStoreSpec.DEFAULT_RETENTION_DAYS
                          : store.getRetentionDays()),
                  new ArchiveConfig.Database(
                      DatabaseStatefulSetDependent.PGDATA,
                      SOCKET_DIRECTORY,
                      StackNames.DATABASE_PORT,
                      StackNames.DATABASE_SUPERUSER),
                  // The socket directory is an emptyDir the postgres user writes: pgBackRest's
                  // lock files live beside the socket.
                  new ArchiveConfig.LocalPaths(SOCKET_DIRECTORY));
            });
  }

  /**
   * What the database ConfigMap holds for archiving: pgbackrest.conf and the base-backup scripts,
   * or nothing without an objectStore.
   */
  public static Map<String, String> configMapData(SuperNovaStack stack) {
    return pgBackRestConf(stack)
        .<Map<String, String>>map(
            conf -> {
              Map<String, String> data = new TreeMap<>();
              data.put(PGBACKREST_CONF, conf);
              for (String script : SCRIPTS) {
                data.put(script, Scripts.load(script));
              }
              return data;
            })
        .orElse(Map.of());
  }

  /** archive_mode, archive_command and archive_timeout, or nothing without an objectStore. */
  public static Map<String, String> postgresParameters(SuperNovaStack stack) {
    return objectStore(stack).isPresent()
        ? ArchiveConfig.postgresParameters(CONF_PATH, ARCHIVE_TIMEOUT_SECONDS)
        : Map.of();
  }

  /**
   * The user's parameters with the archiving ones on top: archive_command must name the rendered
   * file, or segments would be pushed elsewhere (or nowhere) while the status says archived.
   */
  static Map<String, String> withArchiving(SuperNovaStack stack, Map<String, String> parameters) {
    Map<String, String> merged = new TreeMap<>();
    if (parameters != null) {
      merged.putAll(parameters);
    }
    merged.putAll(postgresParameters(stack));
    return merged;
  }

  /** The file's path and the access keys, by reference: no key's value is in the pod spec. */
  static List<EnvVar> env(SuperNovaStack stack) {
    return objectStore(stack)
        .map(
            store -> {
              var credentials = store.getCredentialsSecret();
              return List.of(
                  // pgBackRest reads its --config from here: `pgbackrest info` in the pod just
                  // works.
                  EnvVars.of(CONFIG_ENV, CONF_PATH),
                  EnvVars.fromSecret(
                      ArchiveConfig.ACCESS_KEY_ENV,
                      credentials.getName(),
                      credentials.getAccessKeyIdKey()),
                  EnvVars.fromSecret(
                      ArchiveConfig.SECRET_KEY_ENV,
                      credentials.getName(),
                      credentials.getSecretAccessKeyKey()));
            })
        .orElse(List.of());
  }

  /**
   * One volume: pgbackrest.conf and the scripts from the database ConfigMap, the CA from its
   * Secret.
   */
  static List<Volume> volumes(SuperNovaStack stack) {
    return objectStore(stack)
        .map(
            store ->
                List.of(
                    pgBackRestVolume(
                        VOLUME,
                        StackNames.databaseConfig(stack),
                        PGBACKREST_CONF,
                        SCRIPTS,
                        store.getCaSecret())))
        .orElse(List.of());
  }

  /**
   * The archive's and a restore source's volume: a pgbackrest.conf and the scripts (under {@code
   * scripts/}) from the database ConfigMap, the store's CA from its Secret as {@link #CA_FILE}.
   */
  static Volume pgBackRestVolume(
      String name, String configMap, String confKey, List<String> scripts, CaSecretReference ca) {
    var projected =
        new VolumeBuilder()
            .withName(name)
            .withNewProjected()
            .addNewSource()
            .withNewConfigMap()
            .withName(configMap)
            .addNewItem()
            .withKey(confKey)
            .withPath(confKey)
            .endItem()
            .addAllToItems(
                scripts.stream()
                    .map(s -> new KeyToPathBuilder().withKey(s).withPath("scripts/" + s).build())
                    .toList())
            .endConfigMap()
            .endSource();
    if (ca != null) {
      projected =
          projected
              .addNewSource()
              .withNewSecret()
              .withName(ca.getName())
              .addNewItem()
              .withKey(ca.getKey())
              .withPath(CA_FILE)
              .endItem()
              .endSecret()
              .endSource();
    }
    return projected.endProjected().build();
  }

  static List<VolumeMount> volumeMounts(SuperNovaStack stack) {
    return objectStore(stack).map(store -> List.of(configMount())).orElse(List.of());
  }

  private static VolumeMount configMount() {
    return new VolumeMountBuilder()
        .withName(VOLUME)
        .withMountPath(DIRECTORY)
        .withReadOnly(true)
        .build();
  }

  /**
   * The base-backup sidecar: the database image (its pgBackRest matches the archive_command's) with
   * the data volume and the socket, running base-backup-schedule.sh. In the database pod because
   * pgBackRest reads the data directory's files; a loop in a container of its own rather than a
   * Job, so no Job needs the data volume (ReadWriteOnce) or exec rights into the pod.
   */
  static List<Container> containers(SuperNovaStack stack) {
    return objectStore(stack)
        .map(
            store -> {
              int hours =
                  store.getBaseBackupIntervalHours() == null
                      ? ObjectStoreSpec.DEFAULT_BASE_BACKUP_INTERVAL_HOURS
                      : store.getBaseBackupIntervalHours();
              List<EnvVar> env = new ArrayList<>(env(stack));
              env.add(EnvVars.of("PGHOST", SOCKET_DIRECTORY));
              env.add(EnvVars.of("PGPORT", Integer.toString(StackNames.DATABASE_PORT)));
              env.add(EnvVars.of("PGUSER", StackNames.DATABASE_SUPERUSER));
              env.add(EnvVars.of("BASE_BACKUP_INTERVAL_SECONDS", Long.toString(hours * 3600L)));
              // The sidecar never terminates: its last result is kept beside the socket instead.
              env.add(EnvVars.of("TERMINATION_LOG", SOCKET_DIRECTORY + "/base-backup-result.json"));
              // The archiving report (archiver-report.py): which pod to annotate, and the newest
              // base backup's time that the schedule looked up.
              env.add(EnvVars.fromField("POD_NAME", "metadata.name"));
              env.add(EnvVars.fromField("POD_NAMESPACE", "metadata.namespace"));
              env.add(EnvVars.of("NEWEST_BACKUP_FILE", SOCKET_DIRECTORY + "/newest-base-backup"));
              return List.of(
                  new ContainerBuilder()
                      .withName(SIDECAR)
                      .withImage(stack.getSpec().getDatabase().getImage())
                      .withCommand(
                          "/bin/sh", SCRIPTS_DIRECTORY + "/" + Scripts.BASE_BACKUP_SCHEDULE)
                      .withEnv(env)
                      .withResources(
                          new ResourceRequirementsBuilder()
                              .addToRequests("cpu", new Quantity("50m"))
                              .addToRequests("memory", new Quantity("64Mi"))
                              .addToLimits("memory", new Quantity("512Mi"))
                              .build())
                      .withSecurityContext(SecurityContexts.container(false))
                      .addNewVolumeMount()
                      .withName(StackNames.DATA_VOLUME)
                      .withMountPath(DATA_MOUNT)
                      // A backup only reads the data directory.
                      .withReadOnly(true)
                      .endVolumeMount()
                      .addNewVolumeMount()
                      .withName(RUN_VOLUME)
                      .withMountPath(SOCKET_DIRECTORY)
                      .endVolumeMount()
                      .addToVolumeMounts(configMount())
                      .addNewVolumeMount()
                      .withName(TOKEN_VOLUME)
                      .withMountPath(TOKEN_DIRECTORY)
                      .withReadOnly(true)
                      .endVolumeMount()
                      .build());
            })
        .orElse(List.of());
  }
}
