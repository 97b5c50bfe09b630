package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.DatabaseSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/**
 * TimescaleDB: one pod with a data volume from a claim template. Claims made from a template are
 * not owned by the stack, so deleting the stack keeps the data; a stack re-created with the same
 * name finds the same claim. The template of an existing StatefulSet is kept as it is (the field is
 * immutable); volume growth is done on the claims.
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
    // The passwords the database was initialised with; they matter only at initdb, so a rotation
    // (which changes the roles, then this Secret) restarts nothing here: no hash of it below.
    String credentials = StackNames.databaseCredentialsApplied(stack);
    var labels = Labels.of(stack, Labels.COMPONENT_DATABASE, Labels.versionOf(database.getImage()));
    var podAnnotations = new java.util.TreeMap<String, String>();
    Secondaries.byName(
            context,
            io.fabric8.kubernetes.api.model.ConfigMap.class,
            StackNames.databaseConfig(stack))
        .ifPresent(c -> podAnnotations.put(Hashes.CONFIG_ANNOTATION, Hashes.of(c)));

    var container =
        new ContainerBuilder()
            .withName("timescaledb")
            .withImage(database.getImage())
            .withArgs("-c", "config_file=/etc/postgresql/postgresql.conf")
            .withEnv(
                List.of(
                    env("POSTGRES_USER", "postgres"),
                    secretEnv(
                        "POSTGRES_PASSWORD", credentials, ReferencedSecrets.SUPERUSER_PASSWORD),
                    env("PGDATA", PGDATA),
                    env("APP_DB_NAME", StackNames.DATABASE_NAME),
                    secretEnv("APP_DB_USER", credentials, ReferencedSecrets.USERNAME),
                    secretEnv("APP_DB_PASSWORD", credentials, ReferencedSecrets.PASSWORD)))
            .addNewPort()
            .withName("postgres")
            .withContainerPort(StackNames.DATABASE_PORT)
            .withProtocol("TCP")
            .endPort()
            .withResources(Defaults.database(database.getResources()))
            .withNewReadinessProbe()
            .withNewExec()
            .withCommand("pg_isready", "-U", "postgres", "-h", "127.0.0.1", "-p", "5432")
            .endExec()
            .withInitialDelaySeconds(5)
            .withPeriodSeconds(10)
            .withTimeoutSeconds(5)
            .withFailureThreshold(3)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewExec()
            .withCommand("pg_isready", "-U", "postgres", "-h", "127.0.0.1", "-p", "5432")
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

    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name(stack))
        .withNamespace(StackNames.namespace(stack))
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withServiceName(StackNames.databaseHeadless(stack))
        .withPodManagementPolicy("OrderedReady")
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
        .withLabels(labels)
        .withAnnotations(podAnnotations)
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withTerminationGracePeriodSeconds(60L)
        .withSecurityContext(
            SecurityContexts.pod(SecurityContexts.POSTGRES_USER, SecurityContexts.POSTGRES_USER))
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
        .endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(volumeClaimTemplate(stack, context))
        .endSpec()
        .build();
  }

  private PersistentVolumeClaim volumeClaimTemplate(
      SuperNovaStack stack, Context<SuperNovaStack> context) {
    // volumeClaimTemplates cannot change: keep the live one, so a storage change is no update
    // error.
    var existing =
        Secondaries.byName(context, StatefulSet.class, name(stack))
            .map(s -> s.getSpec().getVolumeClaimTemplates())
            .filter(t -> !t.isEmpty())
            .map(t -> t.get(0));
    if (existing.isPresent()) {
      var live = existing.get();
      return new PersistentVolumeClaimBuilder()
          .withApiVersion("v1")
          .withKind("PersistentVolumeClaim")
          .withNewMetadata()
          .withName(live.getMetadata().getName())
          .withLabels(live.getMetadata().getLabels())
          .endMetadata()
          .withNewSpecLike(live.getSpec())
          .endSpec()
          .build();
    }
    var storage = stack.getSpec().getDatabase().getStorage();
    String size = storage == null ? DatabaseSpec.DEFAULT_STORAGE_SIZE : storage.getSize();
    String storageClass = storage == null ? null : storage.getStorageClassName();
    return new PersistentVolumeClaimBuilder()
        .withApiVersion("v1")
        .withKind("PersistentVolumeClaim")
        .withNewMetadata()
        .withName(StackNames.DATA_VOLUME)
        .withLabels(Labels.of(stack, Labels.COMPONENT_DATABASE))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClass)
        .withVolumeMode("Filesystem")
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }

  static EnvVar env(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  static EnvVar secretEnv(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
