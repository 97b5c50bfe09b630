package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.ExternalDatabaseSpec;
import com.supernovaai.operator.model.StorageSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import org.junit.jupiter.api.Test;

class DatabaseDependentsTest {

  private final DatabaseStatefulSetDependent statefulSet = new DatabaseStatefulSetDependent();

  @Test
  void timescaleStatefulSetWithDefaultVolume() {
    var sts = statefulSet.desired(Stacks.minimal(), TestContexts.with());
    assertThat(sts.getMetadata().getName()).isEqualTo("prod-db");
    assertThat(sts.getSpec().getServiceName()).isEqualTo("prod-db-headless");
    var container = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("timescale/timescaledb:2.17.2-pg16");
    assertThat(container.getArgs())
        .containsExactly("-c", "config_file=/etc/postgresql/postgresql.conf");
    assertThat(container.getReadinessProbe().getExec().getCommand()).startsWith("pg_isready");
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().equals("POSTGRES_PASSWORD"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo("prod-db-credentials-applied"));
    // The passwords only matter at initdb: a rotation (a new applied copy) restarts nothing here.
    var rotated =
        statefulSet.desired(
            Stacks.minimal(),
            TestContexts.with(
                TestContexts.secret("supernova", "prod-db-credentials-applied", "password", "x")));
    assertThat(rotated.getSpec().getTemplate().getMetadata().getAnnotations())
        .isEqualTo(sts.getSpec().getTemplate().getMetadata().getAnnotations())
        .doesNotContainKeys(Hashes.SECRET_ANNOTATION_PREFIX + "prod-db-credentials-applied");
    var podSecurity = sts.getSpec().getTemplate().getSpec().getSecurityContext();
    assertThat(podSecurity.getRunAsNonRoot()).isTrue();
    assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var template = sts.getSpec().getVolumeClaimTemplates().get(0);
    assertThat(template.getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("100Gi"));
    assertThat(template.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/instance", "prod");
  }

  @Test
  void volumeFromSpecOnCreationThenTheLiveTemplateIsKept() {
    var stack = Stacks.minimal();
    var storage = new StorageSpec("500Gi");
    storage.setStorageClassName("fast");
    stack.getSpec().getDatabase().setStorage(storage);
    var created = statefulSet.desired(stack, TestContexts.with());
    assertThat(created.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName())
        .isEqualTo("fast");

    var live =
        new StatefulSetBuilder(created)
            .editSpec()
            .withVolumeClaimTemplates(
                new PersistentVolumeClaimBuilder(created.getSpec().getVolumeClaimTemplates().get(0))
                    .editSpec()
                    .editResources()
                    .addToRequests("storage", new Quantity("200Gi"))
                    .endResources()
                    .endSpec()
                    .build())
            .endSpec()
            .build();
    var desired = statefulSet.desired(stack, TestContexts.with(live));
    assertThat(
            desired
                .getSpec()
                .getVolumeClaimTemplates()
                .get(0)
                .getSpec()
                .getResources()
                .getRequests()
                .get("storage"))
        .isEqualTo(new Quantity("200Gi"));
  }

  @Test
  void clientServiceIsExternalNameForAnExternalDatabase() {
    var stack = Stacks.minimal();
    assertThat(
            new DatabaseServiceDependent().desired(stack, TestContexts.with()).getSpec().getType())
        .isEqualTo("ClusterIP");
    var external = new ExternalDatabaseSpec();
    external.setHost("db.example.com");
    external.setCredentialsSecret("rds");
    stack.getSpec().getDatabase().setExternal(external);
    var service = new DatabaseServiceDependent().desired(stack, TestContexts.with());
    assertThat(service.getSpec().getType()).isEqualTo("ExternalName");
    assertThat(service.getSpec().getExternalName()).isEqualTo("db.example.com");
    assertThat(new Preconditions.InternalDatabase().test(stack)).isFalse();
  }

  @Test
  void configMapCarriesSizedPostgresqlConf() {
    var data =
        new DatabaseConfigMapDependent().desired(Stacks.minimal(), TestContexts.with()).getData();
    assertThat(data.get("postgresql.conf"))
        .contains("shared_buffers = 4GB")
        .contains("shared_preload_libraries = 'timescaledb'");
    assertThat(data).containsKeys("pg_hba.conf", "db-init.sh");
  }

  @Test
  void generatedSecretsAreCreatedOnceAndNotOwned() {
    var dependent = new DatabaseCredentialsSecretDependent();
    assertThat(dependent).isNotInstanceOf(Updater.class).isNotInstanceOf(GarbageCollected.class);
    var first = dependent.desired(Stacks.minimal(), TestContexts.with());
    var second = dependent.desired(Stacks.minimal(), TestContexts.with());
    assertThat(first.getMetadata().getName()).isEqualTo("prod-db-credentials");
    assertThat(TestContexts.decode(first.getData().get("username"))).isEqualTo("supernova");
    assertThat(TestContexts.decode(first.getData().get("password")))
        .hasSize(32)
        .matches("[A-Za-z0-9]+");
    assertThat(first.getData().get("password")).isNotEqualTo(second.getData().get("password"));
    assertThat(first.getData()).containsKey("superuser-password");
    assertThat(new JwtSecretDependent()).isNotInstanceOf(Updater.class);
    assertThat(new RedisCredentialsSecretDependent()).isNotInstanceOf(Updater.class);
  }

  @Test
  void theApiAdministratorSecretIsGeneratedOnceWithARandomPassword() {
    var dependent = new ApiAdminSecretDependent();
    assertThat(dependent).isNotInstanceOf(Updater.class).isNotInstanceOf(GarbageCollected.class);
    var first = dependent.desired(Stacks.minimal(), TestContexts.with());
    var second = dependent.desired(Stacks.minimal(), TestContexts.with());
    assertThat(first.getMetadata().getName()).isEqualTo("prod-api-admin");
    assertThat(first.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/component", "api")
        .containsEntry("app.kubernetes.io/instance", "prod");
    assertThat(TestContexts.decode(first.getData().get("username"))).isEqualTo("admin");
    // The API server asks 12 to 72 bytes of its administrator's password.
    assertThat(TestContexts.decode(first.getData().get("password")))
        .hasSize(32)
        .matches("[A-Za-z0-9]+");
    assertThat(first.getData().get("password")).isNotEqualTo(second.getData().get("password"));
  }
}
