package com.supernovaai.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.supernovaai.api.web.ApiException;
import java.util.Set;
import org.junit.jupiter.api.Test;
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

  @Test
  void anAccountNamesItsRoles() {
    AuthRequests.NewAccount account =
        AuthRequests.newAccount(
            "{\"username\":\"ingest-1\",\"password\":\"password-1\",\"roles\":[\"write\",\"read\"]}");
    assertThat(account.credentials().username()).isEqualTo("ingest-1");
    assertThat(account.roles()).containsExactlyInAnyOrder(Role.READ, Role.WRITE);
    assertThat(AuthRequests.roles("{\"roles\":[]}")).isEmpty();
    assertThat(AuthRequests.roles("{\"roles\":[\"admin\",\"admin\"]}"))
        .isEqualTo(Set.of(Role.ADMIN));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"username\":\"bob-ok\",\"password\":\"password-1\"}|roles",
        "{\"username\":\"bob-ok\",\"password\":\"password-1\",\"roles\":\"write\"}|roles",
        "{\"username\":\"bob-ok\",\"password\":\"password-1\",\"roles\":[\"root\"]}|roles",
        "{\"username\":\"bob-ok\",\"password\":\"password-1\",\"roles\":[\"WRITE\"]}|roles",
        "{\"username\":\"bob-ok\",\"password\":\"password-1\",\"roles\":[1]}|roles",
        "{\"username\":\"b\",\"password\":\"password-1\",\"roles\":[]}|username",
        "{\"username\":\"bob-ok\",\"password\":\"short\",\"roles\":[]}|password",
        "{\"username\":\"bob-ok\",\"password\":\"password-1\",\"roles\":[],\"id\":1}|id",
      })
  void accountsRejectWithTheFieldNamed(String body, String field) {
    assertThatThrownBy(() -> AuthRequests.newAccount(body))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
