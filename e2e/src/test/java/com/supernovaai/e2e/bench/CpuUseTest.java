package com.supernovaai.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuUseTest {

  @Test
  void aProcessesCpuIsItsUserAndSystemTicksEvenWithSpacesAndParenthesesInItsName() {
    // utime 1234 and stime 566 ticks (fields 14 and 15) of a command named "a (b) c".
    String stat =
        "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 566 0 0 20 0 12 0 99 0 0";

    assertThat(CpuUse.processSeconds(stat)).isEqualTo(18.0);
  }

  @Test
  void theMachineIsBusyForAllButIdleAndIoWait() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    List<String> procStat =
        List.of(
            "cpu  1000 10 500 9000 300 20 30 40 100 0",
            "cpu0 500 5 250 4500 150 10 15 20 50 0",
            "intr 12345");

    assertThat(CpuUse.busySinceBoot(procStat)).isEqualTo(16.0);
  }

  @Test
  void anIntervalCountsWhatEachProcessUsedAndAGoneProcessAsNothing() {
    var start = new CpuUse.Snapshot(Map.of("etcd", 10.0, "kwok", 4.0), 100.0, 0);
    var end = new CpuUse.Snapshot(Map.of("etcd", 25.0, "kwok", -1.0), 160.0, 40_000_000_000L);

    CpuUse used = start.until(end);

    assertThat(used.seconds()).containsEntry("etcd", 15.0).containsEntry("kwok", 0.0);
    assertThat(used.wallSeconds()).isEqualTo(40.0);
    assertThat(used.machineBusySeconds()).isEqualTo(60.0);
    assertThat(used.totalSeconds()).isEqualTo(15.0);
  }

  @Test
  void theBusyShareIsOfAllTheMachinesCores() {
    var used = new CpuUse(Map.of("etcd", 1.0), 10, 15, 2);

    assertThat(used.machineBusyShare()).isEqualTo(0.75);
  }
}
