package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A CA certificate in a Secret: its name and key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CaSecretReference {

  public static final String DEFAULT_KEY = "ca.crt";

  @Required
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = KubernetesNames.DNS_SUBDOMAIN_RULE,
      message = KubernetesNames.DNS_SUBDOMAIN_MESSAGE)
  @JsonPropertyDescription("Name of the Secret, in the stack's namespace.")
  private String name;

  @Default(DEFAULT_KEY)
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = KubernetesNames.SECRET_KEY_RULE,
      message = KubernetesNames.SECRET_KEY_MESSAGE)
  @JsonPropertyDescription("Key holding the PEM certificate (default ca.crt).")
  private String key = DEFAULT_KEY;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
