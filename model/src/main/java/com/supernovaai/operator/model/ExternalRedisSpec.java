package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Connection to a Redis the operator does not run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalRedisSpec {

  @Required
  @Pattern("^rediss?://.+")
  @JsonPropertyDescription(
      "Redis URL without password, e.g. redis://redis.example.com:6379/0 or " + "rediss://...")
  private String url;

  @JsonPropertyDescription(
      "Name of a Secret in the stack's namespace with the key password; empty when "
          + "Redis needs no password.")
  private String credentialsSecret;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(String credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }
}
