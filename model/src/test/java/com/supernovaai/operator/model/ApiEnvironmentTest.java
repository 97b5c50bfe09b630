package com.supernovaai.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The reserved names the CEL rules use are the ones Java code (and the operator's test) sees. */
class ApiEnvironmentTest {

  @Test
  void theCelListHoldsExactlyTheReservedNames() {
    List<String> inCel =
        Pattern.compile("'([A-Z_]+)'")
            .matcher(ApiEnvironment.RESERVED_CEL)
            .results()
            .map(m -> m.group(1))
            .toList();
    assertThat(inCel).containsExactlyInAnyOrderElementsOf(ApiEnvironment.RESERVED);
  }

  @Test
  void bothRulesReadTheCelList() {
    assertThat(ApiEnvironment.ENV_RULE).contains(ApiEnvironment.RESERVED_CEL);
    assertThat(ApiEnvironment.ENV_FROM_RULE).contains(ApiEnvironment.RESERVED_CEL);
  }
}
