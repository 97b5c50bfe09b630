package com.supernovaai.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronPeriodTest {

  private static final Instant NOW = Instant.parse("2025-03-12T10:30:00Z"); // a Wednesday

  @Test
  void dailyWeeklyHourlyAndMacros() {
    assertThat(period("0 2 * * *")).isEqualTo(Duration.ofDays(1));
    assertThat(CronPeriod.parse("0 2 * * *").orElseThrow().previous(NOW))
        .contains(Instant.parse("2025-03-12T02:00:00Z"));
    assertThat(period("@weekly")).isEqualTo(Duration.ofDays(7));
    assertThat(period("*/15 * * * *")).isEqualTo(Duration.ofMinutes(15));
    assertThat(period("0 4 * * sun")).isEqualTo(Duration.ofDays(7));
    assertThat(CronPeriod.parse("0 4 * * SUN").orElseThrow().previous(NOW))
        .contains(Instant.parse("2025-03-09T04:00:00Z"));
  }

  @Test
  void weekdaysOnlyHasTheGapBeforeTheLastRun() {
    // Monday's run follows Friday's: three days.
    var monday = Instant.parse("2025-03-10T12:00:00Z");
    assertThat(CronPeriod.parse("0 2 * * 1-5").orElseThrow().period(monday))
        .contains(Duration.ofDays(3));
  }

  @Test
  void invalidSchedulesAreEmpty() {
    assertThat(CronPeriod.parse("every day")).isEmpty();
    assertThat(CronPeriod.parse("61 * * * *")).isEmpty();
    assertThat(CronPeriod.parse(null)).isEmpty();
  }

  private static Duration period(String schedule) {
    return CronPeriod.parse(schedule).orElseThrow().period(NOW).orElseThrow();
  }
}
