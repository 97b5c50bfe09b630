package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** In-cluster addresses of the stack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Endpoints {

  @JsonPropertyDescription("URL of the API server.")
  private String api;

  @JsonPropertyDescription(
      "host:port the API server uses for PostgreSQL (the pooler when enabled).")
  private String database;

  @JsonPropertyDescription("host:port of Redis.")
  private String redis;

  public String getApi() {
    return api;
  }

  public void setApi(String api) {
    this.api = api;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public String getRedis() {
    return redis;
  }

  public void setRedis(String redis) {
    this.redis = redis;
  }
}
