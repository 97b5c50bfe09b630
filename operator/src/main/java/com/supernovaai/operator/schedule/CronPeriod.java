package com.supernovaai.operator.schedule;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The 5-field cron syntax CronJobs accept (UTC here, as the operator's CronJobs run), enough to
 * tell when a schedule fires next: "two scheduled runs passed without a success" needs it.
 */
public final class CronPeriod {

  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private CronPeriod(String schedule) {
    String expression = MACROS.getOrDefault(schedule.trim(), schedule.trim());
    String[] fields = expression.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("not a 5-field cron schedule: " + schedule);
    }
    minutes = field(fields[0], 0, 59, null);
    hours = field(fields[1], 0, 23, null);
    daysOfMonth = field(fields[2], 1, 31, null);
    months = field(fields[3], 1, 12, MONTHS);
    daysOfWeek = field(fields[4], 0, 7, DAYS);
    if (daysOfWeek.get(7)) {
      daysOfWeek.set(0);
    }
    anyDayOfMonth = fields[2].equals("*") || fields[2].equals("?");
    anyDayOfWeek = fields[4].equals("*") || fields[4].equals("?");
  }

  /** Parses a schedule; empty when it is not one the CRD would have accepted. */
  public static Optional<CronPeriod> parse(String schedule) {
    try {
      return schedule == null ? Optional.empty() : Optional.of(new CronPeriod(schedule));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    // Vixie cron: when both day fields are restricted, either may match.
    if (!anyDayOfMonth && !anyDayOfWeek) {
      return dom || dow;
    }
    return dom && dow;
  }

  /**
   * The first time the schedule fires after {@code after} (UTC), within 8 years (a schedule as
   * sparse as the 29th of February fires every 4). Skips whole months, days and hours that cannot
   * match, so even a sparse schedule takes a few thousand steps.
   */
  public Optional<Instant> next(Instant after) {
    ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    ZonedDateTime limit = t.plusYears(8);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        return Optional.of(t.toInstant());
      }
    }
    return Optional.empty();
  }

  private static BitSet field(String text, int min, int max, String[] names) {
    BitSet bits = new BitSet(max + 1);
    for (String item : text.split(",")) {
      int step = 1;
      String range = item;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        step = Integer.parseInt(item.substring(slash + 1));
        range = item.substring(0, slash);
      }
      int from;
      int to;
      if (range.equals("*") || range.equals("?")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", 2);
        from = value(ends[0], names, min);
        to = value(ends[1], names, min);
      } else {
        from = value(range, names, min);
        to = slash >= 0 ? max : from;
      }
      if (step < 1 || from < min || to > max || from > to) {
        throw new IllegalArgumentException("bad cron field " + text);
      }
      for (int v = from; v <= to; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int value(String text, String[] names, int min) {
    if (names != null) {
      String upper = text.toUpperCase(Locale.ROOT);
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(upper)) {
          return i + min;
        }
      }
    }
    return Integer.parseInt(text);
  }
}
