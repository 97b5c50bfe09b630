package com.supernovaai.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapOwnersTest {

  /** Held by a static field, as a cache or a mapper is: 8 MiB in two arrays of its own. */
  static final class Hoard {
    final byte[] first = new byte[4 << 20];
    final byte[] second = new byte[4 << 20];
  }

  static Hoard hoard;

  @Test
  void theObjectHoldingTheMostIsListedWithWhoHoldsIt(@TempDir Path dir) throws Exception {
    hoard = new Hoard();
    Path dump = dir.resolve("test.hprof");
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
        .dumpHeap(dump.toString(), true);
    assertThat(Files.size(dump)).isGreaterThan(8L << 20);

    List<HeapOwners.Owner> owners = HeapOwners.owners(dump, 5, 1 << 20);

    // The hoard, not one of its arrays (each holds half) nor its class's statics (which hold
    // only the hoard, so the hoard is listed in their place).
    assertThat(owners.get(0).className()).isEqualTo(Hoard.class.getName());
    assertThat(owners.get(0).retainedBytes()).isBetween(8L << 20, (8L << 20) + 1024);
    assertThat(owners.get(0).path())
        .first()
        .isEqualTo("statics of " + HeapOwnersTest.class.getName());
    assertThat(owners).extracting(HeapOwners.Owner::className).doesNotContain("byte[]");
    hoard = null;
  }
}
