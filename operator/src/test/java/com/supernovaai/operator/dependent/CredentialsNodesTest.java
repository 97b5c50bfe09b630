package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.ExternalDatabaseSpec;
import com.supernovaai.operator.model.ExternalRedisSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * The credentials' workflow nodes run for every stack (the pooler and the API depend on them) and
 * do nothing, neither read nor write, for a stack whose database or Redis is external.
 */
class CredentialsNodesTest {

  @Test
  void anExternalDatabaseGetsNoGeneratedOrAppliedCredentials() {
    SuperNovaStack stack = Stacks.minimal();
    var db = new ExternalDatabaseSpec();
    db.setHost("db.example.com");
    db.setCredentialsSecret("rds");
    stack.getSpec().getDatabase().setExternal(db);

    assertNothingDone(new DatabaseCredentialsSecretDependent().reconcile(stack, context));
    assertNothingDone(new AppliedCredentialsSecretDependent().reconcile(stack, context));
  }

  @Test
  void anExternalRedisGetsNoGeneratedPassword() {
    SuperNovaStack stack = Stacks.minimal();
    var redis = new ExternalRedisSpec();
    redis.setUrl("rediss://cache.example.com:6380/1");
    stack.getSpec().getRedis().setExternal(redis);

    assertNothingDone(new RedisCredentialsSecretDependent().reconcile(stack, context));
  }

  @Test
  void anInternalDatabaseAndRedisUseTheirGeneratedSecrets() {
    SuperNovaStack stack = Stacks.minimal();

    assertThat(new DatabaseCredentialsSecretDependent().used(stack)).isTrue();
    assertThat(new RedisCredentialsSecretDependent().used(stack)).isTrue();
  }

  private static void assertNothingDone(ReconcileResult<?> result) {
    assertThat(result.getSingleResource()).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private final Context<SuperNovaStack> context = Mockito.mock(Context.class);

  @AfterEach
  void nothingWasReadOrWritten() {
    verifyNoInteractions(context);
  }
}
