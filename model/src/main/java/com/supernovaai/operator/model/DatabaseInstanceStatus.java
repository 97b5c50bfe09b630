package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One member of a replicated database. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseInstanceStatus {

  @JsonPropertyDescription("The pod.")
  private String name;

  @JsonPropertyDescription(
      "primary or replica, as Patroni labels the pod; unset while it has none.")
  private String role;

  @JsonPropertyDescription(
      "Bytes of WAL the replica is behind the primary, from the members' last reports (Patroni"
          + " refreshes them every 10 s).")
  private Long lagBytes;

  public DatabaseInstanceStatus() {}

  public DatabaseInstanceStatus(String name, String role, Long lagBytes) {
    this.name = name;
    this.role = role;
    this.lagBytes = lagBytes;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  public Long getLagBytes() {
    return lagBytes;
  }

  public void setLagBytes(Long lagBytes) {
    this.lagBytes = lagBytes;
  }
}
