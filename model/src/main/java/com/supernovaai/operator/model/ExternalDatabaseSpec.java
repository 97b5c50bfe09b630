package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Connection to a PostgreSQL the operator does not run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalDatabaseSpec {

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("Host name of the external PostgreSQL.")
  private String host;

  @Default("5432")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port of the external PostgreSQL.")
  private Integer port = 5432;

  @Default("supernova")
  @Size(min = 1)
  @JsonPropertyDescription("Database name the API server uses.")
  private String database = "supernova";

  @Required
  @Size(min = 1)
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
