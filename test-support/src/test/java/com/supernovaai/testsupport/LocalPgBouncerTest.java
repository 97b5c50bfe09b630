package com.supernovaai.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalPgBouncerTest {

  @Test
  void launcherKeysReplaceTheCallersInThePgbouncerSection() {
    Map<String, String> owned = new LinkedHashMap<>();
    owned.put("listen_port", "7000");
    owned.put("auth_file", "/tmp/x/userlist.txt");
    String merged =
        LocalPgBouncer.mergeIni(
            "[databases]\napp = host=db port=5432\n\n[pgbouncer]\nlisten_port = 6432\n"
                + "pool_mode = transaction\nauth_file = /etc/pgbouncer/userlist.txt\n",
            owned);
    assertThat(merged)
        .contains("listen_port = 7000")
        .doesNotContain("6432")
        .doesNotContain("/etc/pgbouncer/userlist.txt")
        .contains("pool_mode = transaction")
        .contains("app = host=db port=5432");
    assertThat(merged.indexOf("[pgbouncer]")).isEqualTo(merged.lastIndexOf("[pgbouncer]"));
  }

  @Test
  void aPgbouncerSectionIsAddedWhenMissing() {
    String merged = LocalPgBouncer.mergeIni("[databases]\n", Map.of("listen_port", "7000"));
    assertThat(merged).contains("[pgbouncer]\nlisten_port = 7000");
  }
}
