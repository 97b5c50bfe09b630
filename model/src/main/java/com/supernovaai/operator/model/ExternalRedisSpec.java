package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Connection to a Redis the operator does not run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalRedisSpec {

  @Required
  @Size(max = 2048)
  @ValidationRule(
      value =
          "isURL(self) && url(self).getScheme() in ['redis', 'rediss']"
              + " && url(self).getHostname() != ''",
      message =
          "url must be a redis:// or rediss:// URL with a host, e.g."
              + " redis://redis.example.com:6379/0")
  @ValidationRule(
      value = "!self.matches('^rediss?://[^/]*@')",
      message =
          "url must not carry credentials (user:password@): put the password in the Secret"
              + " named by external.credentialsSecret (key password)")
  @JsonPropertyDescription(
      "Redis URL without password, e.g. redis://redis.example.com:6379/0 or " + "rediss://...")
  private String url;

  @JsonPropertyDescription(
      "Name of a Secret in the stack's namespace with the key password; empty when "
          + "Redis needs no password.")
  @Size(max = 253)
  @ValidationRule(
      value = KubernetesNames.DNS_SUBDOMAIN_RULE,
      message = KubernetesNames.DNS_SUBDOMAIN_MESSAGE)
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
