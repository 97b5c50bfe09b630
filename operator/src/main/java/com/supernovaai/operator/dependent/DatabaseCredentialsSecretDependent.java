package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import java.util.LinkedHashMap;
import java.util.Map;

/** Passwords of the postgres superuser and of the API server's role. */
public class DatabaseCredentialsSecretDependent extends GeneratedSecretDependent {

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.databaseCredentials(stack);
  }

  @Override
  protected String component() {
    return Labels.COMPONENT_DATABASE;
  }

  @Override
  protected Map<String, String> generate(SuperNovaStack stack) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("database", StackNames.DATABASE_NAME);
    values.put(ReferencedSecrets.USERNAME, StackNames.DATABASE_USER);
    values.put(ReferencedSecrets.PASSWORD, password(32));
    values.put(ReferencedSecrets.SUPERUSER_PASSWORD, password(32));
    return values;
  }
}
