package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import java.util.Map;

/** The Redis password (requirepass). */
public class RedisCredentialsSecretDependent extends GeneratedSecretDependent {

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.redisCredentials(stack);
  }

  @Override
  protected String component() {
    return Labels.COMPONENT_REDIS;
  }

  /** An external Redis's password is the user's Secret. */
  @Override
  protected boolean used(SuperNovaStack stack) {
    return Preconditions.internalRedis(stack);
  }

  @Override
  protected Map<String, String> generate(SuperNovaStack stack) {
    return Map.of(ReferencedSecrets.PASSWORD, password(32));
  }
}
