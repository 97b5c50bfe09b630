package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Connection to a PostgreSQL the operator does not run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalDatabaseSpec {

  @Required
  @Size(min = 1, max = 253)
  @ValidationRule(
      value =
          "self.matches(r'^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$')"
              + " || (isIP(self) && ip(self).family() == 4)",
      message =
          "host must be a DNS name (e.g. db.example.com) or an IPv4 address; no scheme, port or"
              + " path (the port is external.port)")
  @JsonPropertyDescription("Host name of the external PostgreSQL.")
  private String host;

  @Default("5432")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port of the external PostgreSQL.")
  private Integer port = 5432;

  @Default("supernova")
  @Size(min = 1, max = 63)
  @ValidationRule(
      value = "self.matches('^[A-Za-z_][-A-Za-z0-9_]*$')",
      message =
          "database must be a plain database name: letters, digits, '_' and '-', starting with a"
              + " letter or '_', at most 63 characters")
  @JsonPropertyDescription("Database name the API server uses.")
  private String database = "supernova";

  @Required
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = KubernetesNames.DNS_SUBDOMAIN_RULE,
      message = KubernetesNames.DNS_SUBDOMAIN_MESSAGE)
  @JsonPropertyDescription(
      "Name of a Secret in the stack's namespace with the keys username and password.")
  private String credentialsSecret;

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public String getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(String credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }
}
