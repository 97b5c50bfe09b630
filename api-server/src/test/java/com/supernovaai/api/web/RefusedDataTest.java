package com.supernovaai.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

class RefusedDataTest {

  /** How Micronaut hands a failed transaction to the error handler. */
  private static RuntimeException wrapped(SQLException e) {
    return new RuntimeException("transaction failed", e);
  }

  @ParameterizedTest
  @CsvSource({
    "23505, 409, constraint_violation",
    "23514, 409, constraint_violation",
    "23502, 409, constraint_violation",
    "22008, 400, invalid_value",
    "22P05, 400, invalid_value",
  })
  void constraintAndDataErrorsAreTheRequestsFault(String state, int status, String error) {
    var refusal = RefusedData.of(wrapped(new SQLException("server text", state))).orElseThrow();
    assertThat(refusal.status().getCode()).isEqualTo(status);
    assertThat(refusal.error().error()).isEqualTo(error);
    assertThat(refusal.error().message()).doesNotContain("server text");
  }

  @ParameterizedTest
  @CsvSource({"08006", "57P01", "53300", "40001", "42501"})
  void connectionResourceAndPermissionErrorsAreNot(String state) {
    assertThat(RefusedData.of(wrapped(new SQLException("x", state)))).isEmpty();
    assertThat(ErrorHandlers.isDatabaseUnavailable(wrapped(new SQLException("x", state)))).isTrue();
  }

  @Test
  void aBatchFailureIsReadFromItsNextException() {
    BatchUpdateException batch = new BatchUpdateException("batch entry 0 failed", "", new int[0]);
    batch.setNextException(new SQLException("x", "23514"));
    assertThat(RefusedData.of(wrapped(batch)))
        .get()
        .extracting(r -> r.status().getCode())
        .isEqualTo(409);
  }

  @Test
  void theColumnAndConstraintAreNamedButNotTheValues() {
    PSQLException e =
        new PSQLException(
            new ServerErrorMessage(
                "SERROR\u0000C23514\u0000Mnew row violates check constraint, values (secret)"
                    + "\u0000csymbol\u0000nsentiment_data_symbol_check\u0000"));
    var refusal = RefusedData.of(wrapped(e)).orElseThrow();
    assertThat(refusal.error().field()).isEqualTo("symbol");
    assertThat(refusal.error().message())
        .contains("sentiment_data_symbol_check")
        .doesNotContain("secret");
  }

  @Test
  void otherErrorsAreLeftAlone() {
    assertThat(RefusedData.of(new IllegalStateException("boom"))).isEmpty();
    assertThat(RefusedData.of(wrapped(new SQLException("no state")))).isEmpty();
  }
}
