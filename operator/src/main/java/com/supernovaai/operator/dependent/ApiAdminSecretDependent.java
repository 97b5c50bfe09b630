package com.supernovaai.operator.dependent;

import com.supernovaai.operator.Labels;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API server's first administrator, {@code <stack>-api-admin}: the server creates the account
 * at start (or resets it to these values), and the administrator creates the ingest and reader
 * accounts. Generated once; to change the password, edit the Secret (the pods roll).
 */
public class ApiAdminSecretDependent extends GeneratedSecretDependent {

  /** The administrator's username; the password is random. */
  public static final String USERNAME = "admin";

  @Override
  protected String name(SuperNovaStack stack) {
    return StackNames.apiAdminSecret(stack);
  }

  @Override
  protected String component() {
    return Labels.COMPONENT_API;
  }

  @Override
  protected Map<String, String> generate(SuperNovaStack stack) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(ReferencedSecrets.USERNAME, USERNAME);
    data.put(ReferencedSecrets.PASSWORD, password(32));
    return data;
  }
}
