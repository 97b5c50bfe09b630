package com.supernovaai.api.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/** Response of register, login and refresh. */
@Serdeable
public record Tokens(
    @JsonProperty("access_token") String accessToken,
    @JsonProperty("refresh_token") String refreshToken,
    @JsonProperty("token_type") String tokenType,
    @JsonProperty("expires_in") long expiresIn) {

  @Override
  public String toString() {
    return "Tokens[***]";
  }
}
