package com.supernovaai.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronPeriodTest {

  private static final Instant NOW = Instant.parse("2025-03-12T10:30:00Z"); // a Wednesday

  @Test
  void dailyWeeklyHourlyAndMacros() {
    assertThat(next("0 2 * * *", NOW)).isEqualTo(Instant.parse("2025-03-13T02:00:00Z"));
    assertThat(gap("0 2 * * *")).isEqualTo(Duration.ofDays(1));
    assertThat(gap("@weekly")).isEqualTo(Duration.ofDays(7));
    assertThat(gap("*/15 * * * *")).isEqualTo(Duration.ofMinutes(15));
    assertThat(gap("0 4 * * sun")).isEqualTo(Duration.ofDays(7));
    assertThat(next("0 4 * * SUN", NOW)).isEqualTo(Instant.parse("2025-03-16T04:00:00Z"));
  }

  @Test
  void weekdaysOnlySkipTheWeekend() {
    // Friday's run is followed by Monday's: three days.
    var friday = Instant.parse("2025-03-14T12:00:00Z");
    assertThat(next("0 2 * * 1-5", friday)).isEqualTo(Instant.parse("2025-03-17T02:00:00Z"));
  }

  @Test
  void aSparseScheduleIsFoundYearsAhead() {
    assertThat(next("0 3 29 2 *", NOW)).isEqualTo(Instant.parse("2028-02-29T03:00:00Z"));
    assertThat(next("0 3 29 2 *", Instant.parse("2028-02-29T03:00:00Z")))
        .isEqualTo(Instant.parse("2032-02-29T03:00:00Z"));
  }

  @Test
  void invalidSchedulesAreEmpty() {
    assertThat(CronPeriod.parse("every day")).isEmpty();
    assertThat(CronPeriod.parse("61 * * * *")).isEmpty();
    assertThat(CronPeriod.parse(null)).isEmpty();
  }

  private static Instant next(String schedule, Instant after) {
    return CronPeriod.parse(schedule).orElseThrow().next(after).orElseThrow();
  }

  /** The gap between the next two runs after NOW. */
  private static Duration gap(String schedule) {
    Instant first = next(schedule, NOW);
    return Duration.between(first, next(schedule, first));
  }
}
