package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** NetworkPolicies of the stack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkPolicySpec {

  @Default("true")
  @JsonPropertyDescription(
      "Create NetworkPolicies that allow only the traffic the stack needs: the database, PgBouncer and"
          + " Redis accept connections only from the stack's own pods; the API pods may connect only to DNS,"
          + " PgBouncer and Redis, and backup, restore, drill and rotation Jobs only to DNS and the"
          + " database (egress). The API's HTTP port stays open to any pod. See docs/network-policies.md.")
  private Boolean enabled = true;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }
}
