package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScriptsTest {

  @Test
  void aScriptIsItsResourcesTextReadOnce() {
    String backup = Scripts.load(Scripts.BACKUP);

    assertThat(backup).startsWith("#!").contains("pg_dump");
    assertThat(Scripts.load(Scripts.BACKUP)).isSameAs(backup);
  }

  @Test
  void aMissingScriptIsAnErrorEveryTime() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> Scripts.load("no-such.sh"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("/scripts/no-such.sh is missing");
    }
  }
}
