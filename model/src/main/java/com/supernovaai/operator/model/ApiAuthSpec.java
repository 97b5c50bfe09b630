package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Who gets accounts on the API server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiAuthSpec {

  @Default("false")
  @JsonPropertyDescription(
      "SUPERNOVA_SELF_REGISTRATION: let anyone create an account with POST /auth/register; such"
          + " accounts can only read. Off by default: the administrator (Secret <stack>-api-admin)"
          + " creates accounts with POST /admin/users.")
  private Boolean selfRegistration = false;

  public Boolean getSelfRegistration() {
    return selfRegistration;
  }

  public void setSelfRegistration(Boolean selfRegistration) {
    this.selfRegistration = selfRegistration;
  }
}
