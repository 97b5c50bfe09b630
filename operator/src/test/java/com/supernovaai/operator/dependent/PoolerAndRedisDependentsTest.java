package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.ExternalDatabaseSpec;
import com.supernovaai.operator.model.PoolMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolerAndRedisDependentsTest {

  @Test
  void pgbouncerIniInTransactionMode() {
    var stack = Stacks.minimal();
    String ini =
        new PoolerConfigMapDependent()
            .desired(stack, TestContexts.with())
            .getData()
            .get("pgbouncer.ini");
    assertThat(ini)
        .contains("supernova = host=prod-db.supernova.svc port=5432 dbname=supernova")
        .contains("pool_mode = transaction")
        .contains("max_client_conn = 1000")
        .contains("default_pool_size = 20")
        .contains("max_db_connections = 50")
        .contains("server_reset_query = DISCARD ALL")
        .contains("listen_port = 6432");

    stack.getSpec().getPooler().setPoolMode(PoolMode.SESSION);
    assertThat(
            new PoolerConfigMapDependent()
                .desired(stack, TestContexts.with())
                .getData()
                .get("pgbouncer.ini"))
        .contains("pool_mode = session");
  }

  @Test
  void pgbouncerPointsAtAnExternalDatabase() {
    var stack = Stacks.minimal();
    var external = new ExternalDatabaseSpec();
    external.setHost("db.example.com");
    external.setCredentialsSecret("rds");
    stack.getSpec().getDatabase().setExternal(external);
    assertThat(
            new PoolerConfigMapDependent()
                .desired(stack, TestContexts.with())
                .getData()
                .get("pgbouncer.ini"))
        .contains("host=db.example.com port=5432")
        .contains("server_tls_sslmode = require");
  }

  @Test
  void userlistFollowsTheCredentialsTheDatabaseAccepts() {
    var stack = Stacks.minimal();
    var applied =
        TestContexts.secret(
            "supernova",
            "prod-db-credentials-applied",
            "username",
            "supernova",
            "password",
            "s3cret");
    var edited =
        TestContexts.secret(
            "supernova", "prod-db-credentials", "username", "supernova", "password", "not-yet");
    var secret =
        new PoolerUserlistSecretDependent().desired(stack, TestContexts.with(applied, edited));
    assertThat(TestContexts.decode(secret.getData().get("userlist.txt")))
        .isEqualTo("\"supernova\" \"s3cret\"\n");
    assertThat(secret.getMetadata().getName()).isEqualTo("prod-pooler-userlist");

    var external = new ExternalDatabaseSpec();
    external.setHost("db.example.com");
    external.setCredentialsSecret("rds");
    stack.getSpec().getDatabase().setExternal(external);
    var users = TestContexts.secret("supernova", "rds", "username", "app", "password", "x\"y");
    var fromExternal =
        new PoolerUserlistSecretDependent()
            .desired(stack, TestContexts.with(Map.of(ReferencedSecrets.EXTERNAL_DATABASE, users)));
    assertThat(TestContexts.decode(fromExternal.getData().get("userlist.txt")))
        .isEqualTo("\"app\" \"x\"\"y\"\n");
  }

  @Test
  void missingCredentialsNameTheSecretNotTheValue() {
    assertThatThrownBy(
            () ->
                new PoolerUserlistSecretDependent().desired(Stacks.minimal(), TestContexts.with()))
        .isInstanceOf(ReferencedSecrets.MissingCredentialsException.class)
        .hasMessageContaining("prod-db-credentials");
  }

  @Test
  void poolerDeploymentStartsFromTheRenderedFiles() {
    var deployment = new PoolerDeploymentDependent().desired(Stacks.minimal(), TestContexts.with());
    assertThat(deployment.getMetadata().getName()).isEqualTo("prod-pooler");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getCommand()).containsExactly("pgbouncer", "/etc/pgbouncer/pgbouncer.ini");
    var sources =
        deployment
            .getSpec()
            .getTemplate()
            .getSpec()
            .getVolumes()
            .get(0)
            .getProjected()
            .getSources();
    assertThat(sources.get(0).getConfigMap().getName()).isEqualTo("prod-pooler-config");
    assertThat(sources.get(1).getSecret().getName()).isEqualTo("prod-pooler-userlist");
  }

  @Test
  void redisConfigHasPasswordAndAppendOnly() {
    var stack = Stacks.minimal();
    var password = TestContexts.secret("supernova", "prod-redis-credentials", "password", "pw123");
    String conf =
        TestContexts.decode(
            new RedisConfigSecretDependent()
                .desired(stack, TestContexts.with(password))
                .getData()
                .get("redis.conf"));
    assertThat(conf)
        .contains("requirepass \"pw123\"")
        .contains("appendonly yes")
        .contains("maxmemory 1638mb");

    stack.getSpec().getRedis().getPersistence().setEnabled(false);
    stack.getSpec().getRedis().setMaxMemory("512mb");
    conf =
        TestContexts.decode(
            new RedisConfigSecretDependent()
                .desired(stack, TestContexts.with(password))
                .getData()
                .get("redis.conf"));
    assertThat(conf).contains("appendonly no").contains("maxmemory 512mb");
  }

  @Test
  void redisStatefulSetWhenPersistentDeploymentOtherwise() {
    var stack = Stacks.minimal();
    assertThat(new Preconditions.PersistentRedis().test(stack)).isTrue();
    assertThat(new Preconditions.EphemeralRedis().test(stack)).isFalse();
    var sts = new RedisStatefulSetDependent().desired(stack, TestContexts.with());
    assertThat(
            sts.getSpec()
                .getVolumeClaimTemplates()
                .get(0)
                .getSpec()
                .getResources()
                .getRequests()
                .get("storage")
                .toString())
        .isEqualTo("8Gi");
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .containsExactly("redis-server", "/etc/redis/redis.conf");

    stack.getSpec().getRedis().getPersistence().setEnabled(false);
    assertThat(new Preconditions.EphemeralRedis().test(stack)).isTrue();
    var deployment = new RedisDeploymentDependent().desired(stack, TestContexts.with());
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
        .anyMatch(v -> v.getName().equals("data") && v.getEmptyDir() != null);
  }
}
