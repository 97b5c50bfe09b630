package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import java.util.Map;

/** The API server's JWT signing key (512 random bits). */
public class JwtSecretDependent extends GeneratedSecretDependent {

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.jwtSecret(stack);
  }

  @Override
  protected String component() {
    return Labels.COMPONENT_API;
  }

  @Override
  protected Map<String, String> generate(SuperNovaStack stack) {
    return Map.of(ReferencedSecrets.JWT_SECRET_KEY, key(64));
  }
}
