package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.config.PatroniConfig;
import com.supernovaai.operator.model.DatabaseSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod of a replicated database: Patroni as the main process, starting PostgreSQL, taking or
 * following the leader key in the Kubernetes API (docs/design/database-ha.md). Its configuration
 * file is {@link PatroniConfig}'s, in the database ConfigMap; per-pod values and passwords are
 * PATRONI_* variables.
 */
final class DatabasePatroniPod {

  static final String CONTAINER = "postgres";
  static final String CONFIG_DIRECTORY = "/etc/patroni";

  /** Label telling Patroni which pods are members of which cluster (its {@code scope_label}). */
  static final String SCOPE_LABEL = SuperNovaStack.GROUP + "/database-cluster";

  /**
   * The image stops containers with SIGINT (PostgreSQL's fast shutdown). Patroni 3.0.2 as PID 1
   * ignores SIGINT, so a deleted leader kept its key until SIGKILL and its recreated pod took it
   * back: no failover (seen on the real node, e2e/ha). This shell turns any stop signal into the
   * SIGTERM Patroni shuts down on, then waits for it to finish.
   */
  static final String STOP_SIGNAL_SHELL =
      "patroni "
          + CONFIG_DIRECTORY
          + "/"
          + DatabaseConfigMapDependent.PATRONI_YML
          + " & child=$!; trap 'kill -TERM $child' INT TERM; wait $child; trap - INT TERM;"
          + " wait $child";

  private DatabasePatroniPod() {}

  /** Patroni's cluster: named after the read-write Service, whose Endpoints it writes. */
  static PatroniConfig.Cluster cluster(SuperNovaStack stack) {
    return new PatroniConfig.Cluster(
        StackNames.database(stack),
        Labels.selector(stack, Labels.COMPONENT_DATABASE),
        SCOPE_LABEL,
        "postgres",
        StackNames.DATABASE_PORT,
        DatabaseStatefulSetDependent.PGDATA,
        CONFIG_DIRECTORY + "/" + Scripts.DATABASE_INIT);
  }

  /** The labels of the pods: the component's, and the scope label Patroni selects members by. */
  static Map<String, String> podLabels(SuperNovaStack stack, Map<String, String> labels) {
    var all = new TreeMap<>(labels);
    all.put(SCOPE_LABEL, StackNames.database(stack));
    return all;
  }

  static PodSpec spec(SuperNovaStack stack) {
    return SecurityContexts.podSpec(SecurityContexts.POSTGRES_USER, SecurityContexts.POSTGRES_USER)
        .withServiceAccountName(StackNames.databaseMembers(stack))
        .withAutomountServiceAccountToken(true)
        .withTerminationGracePeriodSeconds(60L)
        .withContainers(container(stack))
        // Preferred, not required: a cluster with fewer nodes than instances still runs them all.
        .withNewAffinity()
        .withNewPodAntiAffinity()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
        .withWeight(100)
        .withNewPodAffinityTerm()
        .withTopologyKey("kubernetes.io/hostname")
        .withNewLabelSelector()
        .withMatchLabels(Labels.selector(stack, Labels.COMPONENT_DATABASE))
        .endLabelSelector()
        .endPodAffinityTerm()
        .endPreferredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity()
        .endAffinity()
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName(StackNames.databaseConfig(stack))
        .withDefaultMode(0555)
        .addNewItem()
        .withKey(DatabaseConfigMapDependent.PATRONI_YML)
        .withPath(DatabaseConfigMapDependent.PATRONI_YML)
        .endItem()
        .addNewItem()
        .withKey(Scripts.DATABASE_INIT)
        .withPath(Scripts.DATABASE_INIT)
        .endItem()
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("run")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
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

  private static Container container(SuperNovaStack stack) {
    DatabaseSpec database = stack.getSpec().getDatabase();
    String credentials = StackNames.databaseCredentialsApplied(stack);
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(database.getImage())
        .withCommand("bash", "-c", STOP_SIGNAL_SHELL)
        .withEnv(
            List.of(
                EnvVars.fromField("PATRONI_NAME", "metadata.name"),
                EnvVars.fromField("PATRONI_KUBERNETES_NAMESPACE", "metadata.namespace"),
                EnvVars.fromField("POD_IP", "status.podIP"),
                EnvVars.of("PATRONI_KUBERNETES_POD_IP", "$(POD_IP)"),
                EnvVars.of(
                    "PATRONI_POSTGRESQL_CONNECT_ADDRESS", "$(POD_IP):" + StackNames.DATABASE_PORT),
                EnvVars.of(
                    "PATRONI_RESTAPI_CONNECT_ADDRESS", "$(POD_IP):" + PatroniConfig.REST_PORT),
                EnvVars.fromSecret(
                    "PATRONI_SUPERUSER_PASSWORD",
                    credentials,
                    ReferencedSecrets.SUPERUSER_PASSWORD),
                EnvVars.fromSecret(
                    "PATRONI_REPLICATION_PASSWORD",
                    credentials,
                    ReferencedSecrets.REPLICATION_PASSWORD),
                // For the init script, which Patroni runs once after initdb (post_bootstrap).
                EnvVars.of("POSTGRES_USER", StackNames.DATABASE_SUPERUSER),
                EnvVars.of("APP_DB_NAME", StackNames.DATABASE_NAME),
                EnvVars.fromSecret("APP_DB_USER", credentials, ReferencedSecrets.USERNAME),
                EnvVars.fromSecret("APP_DB_PASSWORD", credentials, ReferencedSecrets.PASSWORD)))
        .addNewPort()
        .withName("postgres")
        .withContainerPort(StackNames.DATABASE_PORT)
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName("patroni")
        .withContainerPort(PatroniConfig.REST_PORT)
        .withProtocol("TCP")
        .endPort()
        .withResources(Defaults.database(database.getResources()))
        // Ready: the leader, or a replica that is streaming (Patroni's own judgement).
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/readiness")
        .withPort(new IntOrString(PatroniConfig.REST_PORT))
        .endHttpGet()
        .withPeriodSeconds(5)
        .withTimeoutSeconds(3)
        .withFailureThreshold(3)
        .endReadinessProbe()
        .withNewLivenessProbe()
        .withNewHttpGet()
        .withPath("/liveness")
        .withPort(new IntOrString(PatroniConfig.REST_PORT))
        .endHttpGet()
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
        .withMountPath(CONFIG_DIRECTORY)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("run")
        .withMountPath("/var/run/postgresql")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("shm")
        .withMountPath("/dev/shm")
        .endVolumeMount()
        .build();
  }
}
