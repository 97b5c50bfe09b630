package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.CaSecretReference;
import com.supernovaai.operator.model.ExternalDatabaseSpec;
import com.supernovaai.operator.model.ObjectStoreCredentials;
import com.supernovaai.operator.model.ObjectStoreSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What spec.backup.objectStore adds to the database's ConfigMap and pod, and what it leaves. */
class DatabaseArchivingTest {

  private final DatabaseConfigMapDependent configMap = new DatabaseConfigMapDependent();
  private final DatabaseStatefulSetDependent statefulSet = new DatabaseStatefulSetDependent();

  @Test
  void withoutAnObjectStoreNothingIsArchived() {
    var stack = Stacks.minimal();
    var data = configMap.desired(stack, TestContexts.with()).getData();
    assertThat(data).doesNotContainKey("pgbackrest.conf");
    assertThat(data.get("postgresql.conf")).doesNotContain("archive_");
    var sts = statefulSet.desired(stack, TestContexts.with());
    assertThat(container(sts).getEnv())
        .extracting(EnvVar::getName)
        .noneMatch(n -> n.startsWith("PGBACKREST"));
    assertThat(sts.getSpec().getTemplate().getSpec().getVolumes())
        .extracting(Volume::getName)
        .doesNotContain("pgbackrest");
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
  }

  @Test
  void aSidecarTakesBaseBackupsWhereTheDataIs() {
    var store = store("https://s3.local");
    store.setBaseBackupIntervalHours(6);
    var stack = archiving(store);
    var sts = statefulSet.desired(stack, TestContexts.with());
    var containers = sts.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers)
        .extracting(Container::getName)
        .containsExactly("timescaledb", "pgbackrest");
    var sidecar = containers.get(1);
    assertThat(sidecar.getImage()).isEqualTo(container(sts).getImage());
    assertThat(sidecar.getCommand())
        .containsExactly("/bin/sh", "/etc/pgbackrest/scripts/base-backup-schedule.sh");
    assertThat(sidecar.getEnv())
        .filteredOn(e -> e.getName().equals("BASE_BACKUP_INTERVAL_SECONDS"))
        .singleElement()
        .satisfies(e -> assertThat(e.getValue()).isEqualTo("21600"));
    assertThat(sidecar.getEnv())
        .extracting(EnvVar::getName)
        .contains("PGBACKREST_CONFIG", "PGBACKREST_REPO1_S3_KEY", "PGBACKREST_REPO1_S3_KEY_SECRET");
    // The same data and socket as PostgreSQL; the data read-only.
    assertThat(sidecar.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/var/lib/postgresql/data");
              assertThat(m.getReadOnly()).isTrue();
            })
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/run/postgresql"))
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/pgbackrest"));
    assertThat(sidecar.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    // The scripts it runs are in the database ConfigMap and projected beside pgbackrest.conf.
    var data = configMap.desired(stack, TestContexts.with()).getData();
    assertThat(data).containsKeys("base-backup-schedule.sh", "base-backup.sh", "backup-lib.sh");
    var items =
        sts.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("pgbackrest"))
            .findFirst()
            .orElseThrow()
            .getProjected()
            .getSources()
            .get(0)
            .getConfigMap()
            .getItems();
    assertThat(items)
        .extracting(i -> i.getPath())
        .contains(
            "scripts/base-backup-schedule.sh", "scripts/base-backup.sh", "scripts/backup-lib.sh");
  }

  @Test
  void postgresqlConfPushesEverySegmentWithTheRenderedFile() {
    var stack = archiving(store("https://s3.eu-central-1.amazonaws.com"));
    // A user's own archive_command would send segments where the status cannot see them.
    stack.getSpec().getDatabase().setParameters(Map.of("archive_command", "'cp %p /elsewhere'"));
    String conf = configMap.desired(stack, TestContexts.with()).getData().get("postgresql.conf");
    assertThat(conf)
        .contains("archive_mode = on\n")
        .contains(
            "archive_command = 'pgbackrest --config=/etc/pgbackrest/pgbackrest.conf --stanza=db"
                + " archive-push %p'\n")
        .contains("archive_timeout = 60s\n")
        .doesNotContain("/elsewhere");
  }

  @Test
  void pgBackRestConfNamesTheStoreAndTheDataButNoKey() {
    var store = store("https://seaweedfs.storage.svc:8333");
    store.setBucket("wal");
    store.setRetentionDays(7);
    var withCa = new CaSecretReference();
    withCa.setName("s3-ca");
    store.setCaSecret(withCa);
    String conf =
        configMap.desired(archiving(store), TestContexts.with()).getData().get("pgbackrest.conf");
    assertThat(conf)
        .contains("repo1-s3-endpoint=seaweedfs.storage.svc\n")
        .contains("repo1-storage-port=8333\n")
        .contains("repo1-s3-bucket=wal\n")
        .contains("repo1-s3-region=us-east-1\n")
        // One archive per stack unless a path is given: namespace and name.
        .contains("repo1-path=/supernova/prod\n")
        .contains("repo1-storage-ca-file=/etc/pgbackrest/ca.crt\n")
        .contains("repo1-retention-full=7\n")
        .contains("pg1-path=/var/lib/postgresql/data/pgdata\n")
        .contains("pg1-socket-path=/var/run/postgresql\n")
        .doesNotContain("s3-key");
  }

  @Test
  void aPublicStoreOnPort443WithAPathOfItsOwn() {
    var store = store("https://s3.eu-central-1.amazonaws.com/");
    store.setPath("/prod/supernova");
    store.setRegion("eu-central-1");
    String conf =
        configMap.desired(archiving(store), TestContexts.with()).getData().get("pgbackrest.conf");
    assertThat(conf)
        .contains("repo1-s3-endpoint=s3.eu-central-1.amazonaws.com\n")
        .contains("repo1-storage-port=443\n")
        .contains("repo1-path=/prod/supernova\n")
        .contains("repo1-s3-region=eu-central-1\n")
        .doesNotContain("ca-file");
  }

  @Test
  void theDatabasePodReadsTheKeysByReferenceAndMountsFileAndCa() {
    var store = store("https://s3.local");
    var credentials = new ObjectStoreCredentials();
    credentials.setName("s3");
    credentials.setAccessKeyIdKey("id");
    credentials.setSecretAccessKeyKey("key");
    store.setCredentialsSecret(credentials);
    var ca = new CaSecretReference();
    ca.setName("s3-ca");
    ca.setKey("root.pem");
    store.setCaSecret(ca);
    var sts = statefulSet.desired(archiving(store), TestContexts.with());

    var env = container(sts).getEnv();
    assertThat(env)
        .filteredOn(e -> e.getName().equals("PGBACKREST_CONFIG"))
        .singleElement()
        .satisfies(e -> assertThat(e.getValue()).isEqualTo("/etc/pgbackrest/pgbackrest.conf"));
    assertThat(env)
        .filteredOn(e -> e.getName().equals("PGBACKREST_REPO1_S3_KEY"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getValue()).isNull();
              assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3");
              assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("id");
            });
    assertThat(env)
        .filteredOn(e -> e.getName().equals("PGBACKREST_REPO1_S3_KEY_SECRET"))
        .singleElement()
        .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("key"));
    assertThat(container(sts).getVolumeMounts())
        .filteredOn(m -> m.getName().equals("pgbackrest"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/etc/pgbackrest");
              assertThat(m.getReadOnly()).isTrue();
            });
    var sources =
        sts.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("pgbackrest"))
            .findFirst()
            .orElseThrow()
            .getProjected()
            .getSources();
    assertThat(sources.get(0).getConfigMap().getName()).isEqualTo("prod-db-config");
    assertThat(sources.get(0).getConfigMap().getItems().get(0).getPath())
        .isEqualTo("pgbackrest.conf");
    assertThat(sources.get(1).getSecret().getName()).isEqualTo("s3-ca");
    assertThat(sources.get(1).getSecret().getItems().get(0).getKey()).isEqualTo("root.pem");
    assertThat(sources.get(1).getSecret().getItems().get(0).getPath()).isEqualTo("ca.crt");
  }

  @Test
  void theSidecarAloneGetsATokenToPublishItsReportOnItsOwnPod() {
    var stack = archiving(store("https://s3.local"));
    var pod = statefulSet.desired(stack, TestContexts.with()).getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("prod-db-members");
    // Nothing is mounted automatically: the token is projected where it is used.
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    String tokenDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .noneMatch(m -> m.getMountPath().equals(tokenDirectory));
    var sidecar = pod.getContainers().get(1);
    assertThat(sidecar.getVolumeMounts())
        .filteredOn(m -> m.getMountPath().equals(tokenDirectory))
        .singleElement()
        .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
    var token =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals("archiver-token"))
            .findFirst()
            .orElseThrow()
            .getProjected()
            .getSources();
    assertThat(token.get(0).getServiceAccountToken().getExpirationSeconds()).isEqualTo(3600L);
    assertThat(token.get(1).getConfigMap().getName()).isEqualTo("kube-root-ca.crt");
    assertThat(token.get(2).getDownwardAPI().getItems().get(0).getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    // Which pod to annotate comes from the downward API; the report's scripts are mounted.
    assertThat(sidecar.getEnv())
        .filteredOn(e -> e.getName().equals("POD_NAME"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.name"));
    assertThat(configMap.desired(stack, TestContexts.with()).getData())
        .containsKeys("archiver-report.py", "archiver-report.sql");
  }

  @Test
  void noValueInTheDatabasePodIsASecret() {
    var stack = archiving(store("https://s3.local"));
    var pod = statefulSet.desired(stack, TestContexts.with()).getSpec().getTemplate().getSpec();
    for (Container c : pod.getContainers()) {
      // Every variable that could hold a secret is a reference; the plain values are paths,
      // names and numbers.
      assertThat(c.getEnv())
          .as(c.getName())
          .filteredOn(e -> e.getValue() != null)
          .extracting(EnvVar::getName)
          .allSatisfy(
              n ->
                  assertThat(n)
                      .doesNotContainIgnoringCase("PASSWORD")
                      .doesNotContainIgnoringCase("KEY")
                      .doesNotContainIgnoringCase("TOKEN"));
      List<String> commandLine = new java.util.ArrayList<>();
      commandLine.addAll(c.getCommand() == null ? List.of() : c.getCommand());
      commandLine.addAll(c.getArgs() == null ? List.of() : c.getArgs());
      assertThat(String.join(" ", commandLine))
          .doesNotContainIgnoringCase("token")
          .doesNotContainIgnoringCase("key");
    }
  }

  @Test
  void aSingleArchivingInstanceMayPatchItsOnePodAndNothingElse() {
    var stack = archiving(store("https://s3.local"));
    assertThat(new Preconditions.DatabaseIdentity().test(stack)).isTrue();
    assertThat(new Preconditions.DatabaseIdentity().test(Stacks.minimal())).isFalse();
    var role = new DatabaseMembersRoleDependent().desired(stack, TestContexts.with());
    assertThat(role.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getResources()).containsExactly("pods");
              assertThat(r.getVerbs()).containsExactly("patch");
              assertThat(r.getResourceNames()).containsExactly("prod-db-0");
            });
    // The database's NetworkPolicy restricts ingress only: the sidecar reaches the API server
    // (and the object store).
    var policy = new DatabaseNetworkPolicyDependent().desired(stack, TestContexts.with());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
  }

  @Test
  void anExternalDatabaseIsNotArchivedByTheOperator() {
    var stack = archiving(store("https://s3.local"));
    var external = new ExternalDatabaseSpec();
    external.setHost("db.example.com");
    external.setCredentialsSecret("rds");
    stack.getSpec().getDatabase().setExternal(external);
    assertThat(DatabaseArchiving.pgBackRestConf(stack)).isEmpty();
    assertThat(DatabaseArchiving.postgresParameters(stack)).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyPatroniMemberArchivesWithTheSameSidecarAndSettings() {
    var stack = archiving(store("https://s3.local"));
    stack.getSpec().getDatabase().setInstances(3);
    var data = configMap.desired(stack, TestContexts.with()).getData();
    assertThat(data).containsKeys("pgbackrest.conf", "base-backup-schedule.sh");
    // Patroni writes postgresql.conf from patroni.yml: the archive settings must be in it, as
    // Patroni takes them (unquoted), both where a member reads them and where the cluster starts.
    Map<String, Object> patroni =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            data.get("patroni.yml"), Map.class);
    var local =
        (Map<String, Object>) ((Map<String, Object>) patroni.get("postgresql")).get("parameters");
    assertThat(local)
        .containsEntry("archive_mode", "on")
        .containsEntry(
            "archive_command",
            "pgbackrest --config=/etc/pgbackrest/pgbackrest.conf --stanza=db archive-push %p");
    var dcs = (Map<String, Object>) ((Map<String, Object>) patroni.get("bootstrap")).get("dcs");
    assertThat(((Map<String, Object>) dcs.get("postgresql")).get("parameters")).isEqualTo(local);

    var pod = statefulSet.desired(stack, TestContexts.with()).getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers())
        .extracting(Container::getName)
        .containsExactly("postgres", "pgbackrest");
    assertThat(pod.getContainers().get(0).getEnv())
        .extracting(EnvVar::getName)
        .contains("PGBACKREST_CONFIG", "PGBACKREST_REPO1_S3_KEY", "PGBACKREST_REPO1_S3_KEY_SECRET");
    // The sidecar reads the member's data and socket through the pod's own volumes.
    var volumes = pod.getVolumes().stream().map(Volume::getName).toList();
    assertThat(pod.getContainers().get(1).getVolumeMounts())
        .allSatisfy(
            m -> assertThat(volumes.contains(m.getName()) || m.getName().equals("data")).isTrue());
    assertThat(volumes).contains("pgbackrest", "run");
  }

  static ObjectStoreSpec store(String endpoint) {
    var store = new ObjectStoreSpec();
    store.setEndpoint(endpoint);
    store.setBucket("archive");
    var credentials = new ObjectStoreCredentials();
    credentials.setName("s3");
    store.setCredentialsSecret(credentials);
    return store;
  }

  static SuperNovaStack archiving(ObjectStoreSpec store) {
    var stack = Stacks.minimal();
    stack.getSpec().getBackup().setObjectStore(store);
    return stack;
  }

  private static Container container(StatefulSet sts) {
    return sts.getSpec().getTemplate().getSpec().getContainers().get(0);
  }
}
