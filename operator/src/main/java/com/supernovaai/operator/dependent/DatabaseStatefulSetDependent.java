package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.DatabaseSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.TreeMap;

/**
 * TimescaleDB: one pod, or with {@code instances > 1} a Patroni cluster ({@link
 * DatabasePatroniPod}), each with a data volume from a claim template. Claims made from a template
 * are not owned by the stack, so deleting the stack keeps the data; a stack re-created with the
 * same name finds the same claim. The template of an existing StatefulSet is kept as it is (the
 * field is immutable); volume growth is done on the claims.
 */
public class DatabaseStatefulSetDependent extends StackDependent<StatefulSet> {

  static final String PGDATA = "/var/lib/postgresql/data/pgdata";

  public DatabaseStatefulSetDependent() {
    super(StatefulSet.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.database(stack);
  }

  @Override
  protected StatefulSet desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    DatabaseSpec database = stack.getSpec().getDatabase();
    var labels = Labels.of(stack, Labels.COMPONENT_DATABASE, Labels.versionOf(database.getImage()));
    var podAnnotations = new TreeMap<String, String>();
    Secondaries.byName(context, ConfigMap.class, StackNames.databaseConfig(stack))
        .ifPresent(c -> podAnnotations.put(Hashes.CONFIG_ANNOTATION, Hashes.of(c)));
    boolean replicated = database.replicated();
    // WAL archiving (spec.backup.objectStore) adds the same pieces to either pod; with Patroni the
    // sidecar backs up only while its member is the primary (base-backup-schedule.sh).
    // Point-in-time
    // recovery (bootstrap.fromObjectStore) is single-instance only: the CRD refuses it otherwise.
    var pod =
        replicated
            ? DatabaseArchiving.addTo(stack, DatabasePatroniPod.spec(stack))
            : DatabasePointInTimeRecovery.addTo(
                stack, DatabaseArchiving.addTo(stack, singleInstance(stack)));
    var podLabels = replicated ? DatabasePatroniPod.podLabels(stack, labels) : labels;

    var storage = database.getStorage();
    return new StatefulSetBuilder()
        .withMetadata(metadata(stack, labels))
        .withNewSpec()
        .withReplicas(database.instanceCount())
        .withServiceName(StackNames.databaseHeadless(stack))
        // Patroni lets exactly one member run initdb, so the instances may start together.
        .withPodManagementPolicy(replicated ? "Parallel" : "OrderedReady")
        .withNewSelector()
        .withMatchLabels(Labels.selector(stack, Labels.COMPONENT_DATABASE))
        .endSelector()
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .endUpdateStrategy()
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted("Retain")
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .withAnnotations(podAnnotations)
        .endMetadata()
        .withSpec(pod)
        .endTemplate()
        .withVolumeClaimTemplates(
            ClaimTemplates.keepLiveOrNew(
                context,
                name(stack),
                StackNames.DATA_VOLUME,
                Labels.of(stack, Labels.COMPONENT_DATABASE),
                storage == null ? DatabaseSpec.DEFAULT_STORAGE_SIZE : storage.getSize(),
                storage == null ? null : storage.getStorageClassName()))
        .endSpec()
        .build();
  }

  /** The pod of a single instance: the image's entrypoint with the rendered postgresql.conf. */
  private static PodSpec singleInstance(SuperNovaStack stack) {
    DatabaseSpec database = stack.getSpec().getDatabase();
    // The passwords the database was initialised with; they matter only at initdb, so a rotation
    // (which changes the roles, then this Secret) restarts nothing here: no hash of it.
    String credentials = StackNames.databaseCredentialsApplied(stack);
    String[] ready = {
      "pg_isready",
      "-U",
      StackNames.DATABASE_SUPERUSER,
      "-h",
      "127.0.0.1",
      "-p",
      Integer.toString(StackNames.DATABASE_PORT)
    };

    var container =
        new ContainerBuilder()
            .withName("timescaledb")
            .withImage(database.getImage())
            .withArgs("-c", "config_file=/etc/postgresql/postgresql.conf")
            .withEnv(
                List.of(
                    EnvVars.of("POSTGRES_USER", StackNames.DATABASE_SUPERUSER),
                    EnvVars.fromSecret(
                        "POSTGRES_PASSWORD", credentials, ReferencedSecrets.SUPERUSER_PASSWORD),
                    EnvVars.of("PGDATA", PGDATA),
                    EnvVars.of("APP_DB_NAME", StackNames.DATABASE_NAME),
                    EnvVars.fromSecret("APP_DB_USER", credentials, ReferencedSecrets.USERNAME),
                    EnvVars.fromSecret("APP_DB_PASSWORD", credentials, ReferencedSecrets.PASSWORD)))
            .addNewPort()
            .withName("postgres")
            .withContainerPort(StackNames.DATABASE_PORT)
            .withProtocol("TCP")
            .endPort()
            .withResources(Defaults.database(database.getResources()))
            .withNewReadinessProbe()
            .withNewExec()
            .withCommand(ready)
            .endExec()
            .withInitialDelaySeconds(5)
            .withPeriodSeconds(10)
            .withTimeoutSeconds(5)
            .withFailureThreshold(3)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewExec()
            .withCommand(ready)
            .endExec()
            .withInitialDelaySeconds(30)
            .withPeriodSeconds(15)
            .withTimeoutSeconds(5)
            .withFailureThreshold(6)
            .endLivenessProbe()
            .withSecurityContext(SecurityContexts.container(false))
            .addNewVolumeMount()
            .withName(StackNames.DATA_VOLUME)
            .withMountPath("/var/lib/postgresql/data")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("config")
            .withMountPath("/etc/postgresql")
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("init")
            .withMountPath("/docker-entrypoint-initdb.d")
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("run")
            .withMountPath("/var/run/postgresql")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("shm")
            .withMountPath("/dev/shm")
            .endVolumeMount()
            .build();

    return SecurityContexts.podSpec(SecurityContexts.POSTGRES_USER, SecurityContexts.POSTGRES_USER)
        .withTerminationGracePeriodSeconds(60L)
        .withContainers(container)
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName(StackNames.databaseConfig(stack))
        .addNewItem()
        .withKey(DatabaseConfigMapDependent.POSTGRESQL_CONF)
        .withPath(DatabaseConfigMapDependent.POSTGRESQL_CONF)
        .endItem()
        .addNewItem()
        .withKey(DatabaseConfigMapDependent.PG_HBA_CONF)
        .withPath(DatabaseConfigMapDependent.PG_HBA_CONF)
        .endItem()
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("init")
        .withNewConfigMap()
        .withName(StackNames.databaseConfig(stack))
        .withDefaultMode(0555)
        .addNewItem()
        .withKey(Scripts.DATABASE_INIT)
        .withPath("10-" + Scripts.DATABASE_INIT)
        .endItem()
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("run")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addNewVolume()
        .withName("shm")
        .withNewEmptyDir()
        .withMedium("Memory")
        .withSizeLimit(new Quantity("1Gi"))
        .endEmptyDir()
        .endVolume()
        .build();
  }
}
