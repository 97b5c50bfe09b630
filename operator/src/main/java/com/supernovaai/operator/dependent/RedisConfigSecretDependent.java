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

/**
 * redis.conf with requirepass and appendonly; a Secret because it holds the password. In sentinel
 * mode also sentinel.conf and the pods' start scripts.
 */
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
    var secret =
        new SecretBuilder()
            .withMetadata(metadata(stack, Labels.of(stack, Labels.COMPONENT_REDIS)))
            .withType("Opaque")
            .addToData(RedisConfig.FILE, base64(conf));
    if (redis.sentinel()) {
      // The scripts ride in the same volume as the files they complete; none holds a secret.
      secret.addToData(RedisConfig.SENTINEL_FILE, base64(RedisConfig.renderSentinel(password)));
      for (String script : RedisPods.SENTINEL_SCRIPTS) {
        secret.addToData(script, base64(Scripts.load(script)));
      }
    }
    return secret.build();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
