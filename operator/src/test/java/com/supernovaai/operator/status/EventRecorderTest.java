package com.supernovaai.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

  @Test
  void anEventTimeAlwaysHasSixFractionalDigits() {
    // Instant.toString() gives "2026-12-02T15:04:55.388Z" and "2026-12-02T15:04:55Z" for these.
    assertThat(EventRecorder.microTime(Instant.parse("2026-12-02T15:04:55.388Z")))
        .isEqualTo("2026-12-02T15:04:55.388000Z");
    assertThat(EventRecorder.microTime(Instant.parse("2026-12-02T15:04:55Z")))
        .isEqualTo("2026-12-02T15:04:55.000000Z");
    assertThat(EventRecorder.microTime(Instant.parse("2026-12-02T15:04:55.123456789Z")))
        .isEqualTo("2026-12-02T15:04:55.123456Z");
  }
}
