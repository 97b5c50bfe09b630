package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.ExternalDatabaseSpec;
import com.supernovaai.operator.model.ExternalRedisSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiConfigMapDependentTest {

  @Test
  void pointsTheApiAtThePoolerWithoutServerSidePreparedStatements() {
    var data = new ApiConfigMapDependent().desired(Stacks.minimal(), TestContexts.with()).getData();
    assertThat(data)
        .containsEntry(
            "DATABASE_URL",
            "jdbc:postgresql://prod-pooler.supernova.svc:6432/supernova?prepareThreshold=0")
        .containsEntry("REDIS_URL", "redis://prod-redis.supernova.svc:6379/0")
        .containsEntry("SUPERNOVA_PORT", "8081")
        .containsEntry("CACHE_TTL_SECONDS", "300")
        .containsEntry("RATE_LIMIT_REQUESTS_PER_HOUR", "1000")
        .containsEntry("LOG_LEVEL", "INFO")
        .containsEntry("SUPERNOVA_SELF_REGISTRATION", "false")
        // Nothing trusted unless the stack says so: X-Forwarded-For is ignored.
        .containsEntry("SUPERNOVA_TRUSTED_PROXIES", "");
    assertThat(data.values()).noneMatch(v -> v.contains("password"));
  }

  @Test
  void selfRegistrationIsOnlyOnWhenTheStackSaysSo() {
    var stack = Stacks.minimal();
    stack.getSpec().getApi().getAuth().setSelfRegistration(true);
    assertThat(new ApiConfigMapDependent().desired(stack, TestContexts.with()).getData())
        .containsEntry("SUPERNOVA_SELF_REGISTRATION", "true");
    stack.getSpec().getApi().setAuth(null);
    assertThat(new ApiConfigMapDependent().desired(stack, TestContexts.with()).getData())
        .containsEntry("SUPERNOVA_SELF_REGISTRATION", "false");
  }

  @Test
  void trustedProxiesOfTheStackReachTheApiServer() {
    var stack = Stacks.minimal();
    stack.getSpec().getIngress().setTrustedProxies(List.of("10.244.0.0/16", "fd00:10:244::/56"));
    var data = new ApiConfigMapDependent().desired(stack, TestContexts.with()).getData();
    assertThat(data).containsEntry("SUPERNOVA_TRUSTED_PROXIES", "10.244.0.0/16,fd00:10:244::/56");
    // The user's env cannot override what the stack field says.
    assertThat(ApiPodTemplate.operatorVariables(stack)).contains("SUPERNOVA_TRUSTED_PROXIES");
  }

  @Test
  void withoutPoolerTheApiTalksToTheDatabaseDirectly() {
    var stack = Stacks.minimal();
    stack.getSpec().getPooler().setEnabled(false);
    assertThat(ApiConfigMapDependent.databaseUrl(stack))
        .isEqualTo("jdbc:postgresql://prod-db.supernova.svc:5432/supernova");
  }

  @Test
  void readsGoToPgBouncersReadOnlyPoolOnlyWhenTheStackAsks() {
    var stack = Stacks.minimal();
    stack.getSpec().getDatabase().setInstances(3);
    assertThat(new ApiConfigMapDependent().desired(stack, TestContexts.with()).getData())
        .doesNotContainKey("DATABASE_READ_URL");

    stack.getSpec().getApi().setReadFromReplicas(true);
    var data = new ApiConfigMapDependent().desired(stack, TestContexts.with()).getData();
    assertThat(data)
        .containsEntry(
            "DATABASE_READ_URL",
            "jdbc:postgresql://prod-pooler.supernova.svc:6432/supernova_ro?prepareThreshold=0")
        // Writes, migrations and everything else stay on the primary's pool.
        .containsEntry(
            "DATABASE_URL",
            "jdbc:postgresql://prod-pooler.supernova.svc:6432/supernova?prepareThreshold=0");

    stack.getSpec().getPooler().setEnabled(false);
    assertThat(ApiConfigMapDependent.readUrl(stack))
        .contains("jdbc:postgresql://prod-db-ro.supernova.svc:5432/supernova");
  }

  @Test
  void aSingleInstanceHasNoReplicaToReadFrom() {
    var stack = Stacks.minimal();
    // The CRD refuses this; should a stored object still have it, reads stay on the primary.
    stack.getSpec().getApi().setReadFromReplicas(true);
    assertThat(ApiConfigMapDependent.readUrl(stack)).isEmpty();
  }

  @Test
  void externalServices() {
    var stack = Stacks.minimal();
    var db = new ExternalDatabaseSpec();
    db.setHost("db.example.com");
    db.setPort(5433);
    db.setDatabase("app");
    db.setCredentialsSecret("rds");
    stack.getSpec().getDatabase().setExternal(db);
    var redis = new ExternalRedisSpec();
    redis.setUrl("rediss://cache.example.com:6380/1");
    stack.getSpec().getRedis().setExternal(redis);
    stack.getSpec().getPooler().setEnabled(false);

    assertThat(ApiConfigMapDependent.databaseUrl(stack))
        .isEqualTo("jdbc:postgresql://db.example.com:5433/app");
    assertThat(ApiConfigMapDependent.redisUrl(stack))
        .isEqualTo("rediss://cache.example.com:6380/1");
    assertThat(ApiPodTemplate.env(stack, "blue"))
        .noneMatch(e -> e.getName().equals("REDIS_PASSWORD"));
  }
}
