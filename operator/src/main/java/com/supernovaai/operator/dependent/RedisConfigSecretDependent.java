package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.config.RedisConfig;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** redis.conf with requirepass and appendonly; a Secret because it holds the password. */
public class RedisConfigSecretDependent extends StackDependent<Secret> {

  private static final long FALLBACK_MEMORY = 2L * 1024 * 1024 * 1024;

  public RedisConfigSecretDependent() {
    super(Secret.class);
  }

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.redisConfig(stack);
  }

  @Override
  protected Secret desired(SuperNovaStack stack, Context<SuperNovaStack> context) {
    var redis = stack.getSpec().getRedis();
    String password =
        ReferencedSecrets.require(
            ReferencedSecrets.redis(stack, context),
            StackNames.redisCredentials(stack),
            ReferencedSecrets.PASSWORD);
    String conf =
        RedisConfig.render(
            redis,
            password,
            Defaults.memoryBytes(Defaults.redis(redis.getResources()), FALLBACK_MEMORY));
    return new SecretBuilder()
        .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_REDIS)))
        .withType("Opaque")
        .addToData(
            RedisConfig.FILE,
            Base64.getEncoder().encodeToString(conf.getBytes(StandardCharsets.UTF_8)))
        .build();
  }
}
