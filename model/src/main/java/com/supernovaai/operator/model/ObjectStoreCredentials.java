package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where the object store's access keys are: a Secret and the two keys in it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectStoreCredentials {

  public static final String DEFAULT_ACCESS_KEY_ID_KEY = "ACCESS_KEY_ID";
  public static final String DEFAULT_SECRET_ACCESS_KEY_KEY = "SECRET_ACCESS_KEY";

  @Required
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = KubernetesNames.DNS_SUBDOMAIN_RULE,
      message = KubernetesNames.DNS_SUBDOMAIN_MESSAGE)
  @JsonPropertyDescription("Name of the Secret, in the stack's namespace.")
  private String name;

  @Default(DEFAULT_ACCESS_KEY_ID_KEY)
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = KubernetesNames.SECRET_KEY_RULE,
      message = KubernetesNames.SECRET_KEY_MESSAGE)
  @JsonPropertyDescription("Key holding the access key id (default ACCESS_KEY_ID).")
  private String accessKeyIdKey = DEFAULT_ACCESS_KEY_ID_KEY;

  @Default(DEFAULT_SECRET_ACCESS_KEY_KEY)
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = KubernetesNames.SECRET_KEY_RULE,
      message = KubernetesNames.SECRET_KEY_MESSAGE)
  @JsonPropertyDescription("Key holding the secret access key (default SECRET_ACCESS_KEY).")
  private String secretAccessKeyKey = DEFAULT_SECRET_ACCESS_KEY_KEY;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getAccessKeyIdKey() {
    return accessKeyIdKey;
  }

  public void setAccessKeyIdKey(String accessKeyIdKey) {
    this.accessKeyIdKey = accessKeyIdKey;
  }

  public String getSecretAccessKeyKey() {
    return secretAccessKeyKey;
  }

  public void setSecretAccessKeyKey(String secretAccessKeyKey) {
    this.secretAccessKeyKey = secretAccessKeyKey;
  }
}
