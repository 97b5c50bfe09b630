package com.supernovaai.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.supernovaai.api.web.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthRequestsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{nope|body",
        "[]|body",
        "{\"password\":\"password-1\"}|username",
        "{\"username\":\"alice\"}|password",
        "{\"username\":\"al\",\"password\":\"password-1\"}|username",
        "{\"username\":\"a b c\",\"password\":\"password-1\"}|username",
        "{\"username\":\"alice\",\"password\":\"short\"}|password",
        "{\"username\":\"alice\",\"password\":12345678}|password",
        "{\"username\":\"alice\",\"password\":\"password-1\",\"admin\":true}|admin",
      })
  void registrationRejectsWithTheFieldNamed(String body, String field) {
    assertThatThrownBy(() -> AuthRequests.credentials(body, true))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"{}|refresh_token", "{\"refresh_token\":1}|refresh_token"})
  void refreshRejectsWithTheFieldNamed(String body, String field) {
    assertThatThrownBy(() -> AuthRequests.refreshToken(body))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
