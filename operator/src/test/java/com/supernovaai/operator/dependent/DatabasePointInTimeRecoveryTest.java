package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.BootstrapSpec;
import com.supernovaai.operator.model.CaSecretReference;
import com.supernovaai.operator.model.FromObjectStoreSpec;
import com.supernovaai.operator.model.ObjectStoreCredentials;
import com.supernovaai.operator.model.ObjectStoreSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** What spec.database.bootstrap.fromObjectStore adds to the database's pod and ConfigMap. */
class DatabasePointInTimeRecoveryTest {

  private final DatabaseConfigMapDependent configMap = new DatabaseConfigMapDependent();
  private final DatabaseStatefulSetDependent statefulSet = new DatabaseStatefulSetDependent();

  @Test
  void withoutFromObjectStoreThePodHasNoInitContainer() {
    var sts = statefulSet.desired(Stacks.minimal(), TestContexts.with());
    assertThat(sts.getSpec().getTemplate().getSpec().getInitContainers()).isEmpty();
    assertThat(configMap.desired(Stacks.minimal(), TestContexts.with()).getData())
        .doesNotContainKeys("pitr-pgbackrest.conf", "pitr-bootstrap.sh");
  }

  @Test
  void anInitContainerRestoresBeforePostgresStartsWithTheDatabaseContainersMounts() {
    var stack = restoring(source("https://store.example:9443"));
    var sts = statefulSet.desired(stack, TestContexts.with());
    var pod = sts.getSpec().getTemplate().getSpec();
    assertThat(pod.getInitContainers())
        .extracting(Container::getName)
        .containsExactly("pitr-restore");
    Container init = pod.getInitContainers().get(0);
    Container database = pod.getContainers().get(0);
    assertThat(init.getImage()).isEqualTo(database.getImage());
    assertThat(init.getCommand())
        .containsExactly("/bin/sh", "/etc/pgbackrest-source/scripts/pitr-bootstrap.sh");
    assertThat(init.getResources()).isEqualTo(database.getResources());
    assertThat(init.getVolumeMounts()).containsAll(database.getVolumeMounts());
    assertThat(init.getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .contains("/var/lib/postgresql/data", "/var/run/postgresql", "/etc/postgresql");
    assertThat(init.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(init.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    assertThat(value(init, "PGBACKREST_CONFIG"))
        .isEqualTo("/etc/pgbackrest-source/pitr-pgbackrest.conf");
    assertThat(value(init, "PGDATA")).isEqualTo("/var/lib/postgresql/data/pgdata");
    assertThat(value(init, "POSTGRES_CONFIG_FILE")).isEqualTo("/etc/postgresql/postgresql.conf");
    // The main container still starts PostgreSQL through the image's entrypoint, unchanged.
    assertThat(database.getName()).isEqualTo("timescaledb");
  }

  @Test
  void theTargetTimeIsGivenInUtcInTheFormPgBackRestParses() {
    var from = source("https://s3.local");
    from.setTargetTime("2026-12-02T10:41:07.25+01:00");
    var init = initContainer(restoring(from));
    assertThat(value(init, "TARGET_TIME")).isEqualTo("2026-12-02 09:41:07.250000+00");

    from.setTargetTime(null);
    assertThat(value(initContainer(restoring(from)), "TARGET_TIME")).isEmpty();
  }

  @Test
  void noKeyOrPasswordIsInTheSpecOrTheConfigMap() {
    var from = source("https://s3.local");
    var stack = restoring(from);
    var init = initContainer(stack);
    for (String name :
        new String[] {
          "PGBACKREST_REPO1_S3_KEY",
          "PGBACKREST_REPO1_S3_KEY_SECRET",
          "POSTGRES_PASSWORD",
          "APP_DB_PASSWORD",
          "APP_DB_USER"
        }) {
      EnvVar e = env(init, name);
      assertThat(e.getValue()).as(name).isNull();
      assertThat(e.getValueFrom().getSecretKeyRef()).as(name).isNotNull();
    }
    assertThat(env(init, "PGBACKREST_REPO1_S3_KEY").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("source-s3");
    assertThat(
            env(init, "PGBACKREST_REPO1_S3_KEY_SECRET").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("secret");
    assertThat(env(init, "POSTGRES_PASSWORD").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("prod-db-credentials-applied");
    // Nothing in the command line either.
    assertThat(String.join(" ", init.getCommand())).doesNotContain("KEY", "PASSWORD");
    assertThat(init.getArgs()).isEmpty();

    var data = configMap.desired(stack, TestContexts.with()).getData();
    assertThat(data).containsKeys("pitr-bootstrap.sh", "pitr-restore.sh", "backup-lib.sh");
    String conf = data.get("pitr-pgbackrest.conf");
    assertThat(conf)
        .contains(
            "repo1-s3-endpoint=s3.local",
            "repo1-storage-port=443",
            "repo1-s3-bucket=archives",
            "repo1-path=/prod/supernova",
            "repo1-storage-ca-file=/etc/pgbackrest-source/ca.crt",
            "pg1-path=/var/lib/postgresql/data/pgdata")
        .doesNotContainIgnoringCase("key=")
        .doesNotContain("s3-key");
    assertThat(Serialization.asYaml(statefulSet.desired(stack, TestContexts.with())))
        .doesNotContain("secret-value");
  }

  @Test
  void theSourcesCaComesFromItsSecretBesideTheConfiguration() {
    var sts = statefulSet.desired(restoring(source("https://s3.local")), TestContexts.with());
    var volume =
        sts.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("pitr-source"))
            .findFirst()
            .orElseThrow();
    var sources = volume.getProjected().getSources();
    assertThat(sources.get(0).getConfigMap().getName()).isEqualTo("prod-db-config");
    assertThat(sources.get(0).getConfigMap().getItems())
        .extracting(i -> i.getPath())
        .containsExactlyInAnyOrder(
            "pitr-pgbackrest.conf",
            "scripts/pitr-bootstrap.sh",
            "scripts/pitr-restore.sh",
            "scripts/backup-lib.sh");
    assertThat(sources.get(1).getSecret().getName()).isEqualTo("source-ca");
    assertThat(sources.get(1).getSecret().getItems().get(0).getPath()).isEqualTo("ca.crt");
  }

  @Test
  void withItsOwnArchiveBothConfigurationsAreMountedApart() {
    var stack = restoring(source("https://s3.local"));
    var store = new ObjectStoreSpec();
    store.setEndpoint("https://s3.local");
    store.setBucket("archives");
    store.setPath("/prod/supernova-restored");
    var credentials = new ObjectStoreCredentials();
    credentials.setName("own-s3");
    store.setCredentialsSecret(credentials);
    stack.getSpec().getBackup().setObjectStore(store);
    var pod = statefulSet.desired(stack, TestContexts.with()).getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers()).extracting(Container::getName).contains("pgbackrest");
    Container init = pod.getInitContainers().get(0);
    // The init container reads the SOURCE: its config and keys, not the stack's own archive's.
    assertThat(value(init, "PGBACKREST_CONFIG"))
        .isEqualTo("/etc/pgbackrest-source/pitr-pgbackrest.conf");
    assertThat(init.getEnv())
        .filteredOn(e -> e.getName().equals("PGBACKREST_REPO1_S3_KEY"))
        .singleElement()
        .satisfies(
            e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("source-s3"));
    assertThat(DatabaseArchiving.archiveIsRestoreSource(stack)).isFalse();
  }

  @Test
  void archivingByDefaultPathIntoTheSourceIsFound() {
    var from = source("https://s3.local:443");
    from.setPath("/supernova/prod");
    var stack = restoring(from);
    var store = new ObjectStoreSpec();
    store.setEndpoint("https://S3.local");
    store.setBucket("archives");
    store.setCredentialsSecret(new ObjectStoreCredentials());
    stack.getSpec().getBackup().setObjectStore(store);
    // The default path is /<namespace>/<stack>: the source's own.
    assertThat(DatabaseArchiving.archiveIsRestoreSource(stack)).isTrue();
    store.setBucket("other");
    assertThat(DatabaseArchiving.archiveIsRestoreSource(stack)).isFalse();
  }

  static FromObjectStoreSpec source(String endpoint) {
    var from = new FromObjectStoreSpec();
    from.setEndpoint(endpoint);
    from.setBucket("archives");
    from.setPath("/prod/supernova");
    from.setTargetTime("2026-12-02T09:41:07Z");
    var credentials = new ObjectStoreCredentials();
    credentials.setName("source-s3");
    credentials.setAccessKeyIdKey("id");
    credentials.setSecretAccessKeyKey("secret");
    from.setCredentialsSecret(credentials);
    var ca = new CaSecretReference();
    ca.setName("source-ca");
    from.setCaSecret(ca);
    return from;
  }

  static SuperNovaStack restoring(FromObjectStoreSpec from) {
    var stack = Stacks.minimal();
    stack.getSpec().getDatabase().setImage("localhost/supernova/postgres:15");
    var bootstrap = new BootstrapSpec();
    bootstrap.setFromObjectStore(from);
    stack.getSpec().getDatabase().setBootstrap(bootstrap);
    return stack;
  }

  private Container initContainer(SuperNovaStack stack) {
    StatefulSet sts = statefulSet.desired(stack, TestContexts.with());
    return sts.getSpec().getTemplate().getSpec().getInitContainers().get(0);
  }

  private static EnvVar env(Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
  }

  private static String value(Container c, String name) {
    return env(c, name).getValue();
  }
}
