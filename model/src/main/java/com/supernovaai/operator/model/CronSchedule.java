package com.supernovaai.operator.model;

/**
 * A schema pattern for the 5-field cron syntax CronJobs accept: each field is a comma list of '*',
 * a value or a range, each with an optional '/step'; months and weekdays also by name, '?' in the
 * day fields. The predefined macros (@daily ...) are accepted too. Annotation values must be
 * compile-time constants, hence the spelled-out concatenation.
 */
public final class CronSchedule {

  // A step of 0 loops for ever in the CronJob controller's parser: 1 or more only.
  private static final String STEP = "(/0*[1-9][0-9]*)?";

  private static final String MINUTE = "([0-5]?[0-9])";
  private static final String MINUTE_ITEM = "(\\*|" + MINUTE + "(-" + MINUTE + ")?)" + STEP;
  private static final String MINUTES = MINUTE_ITEM + "(," + MINUTE_ITEM + ")*";

  private static final String HOUR = "([01]?[0-9]|2[0-3])";
  private static final String HOUR_ITEM = "(\\*|" + HOUR + "(-" + HOUR + ")?)" + STEP;
  private static final String HOURS = HOUR_ITEM + "(," + HOUR_ITEM + ")*";

  private static final String DAY = "(0?[1-9]|[12][0-9]|3[01])";
  private static final String DAY_ITEM = "(\\*|\\?|" + DAY + "(-" + DAY + ")?)" + STEP;
  private static final String DAYS = DAY_ITEM + "(," + DAY_ITEM + ")*";

  private static final String MONTH =
      "(0?[1-9]|1[0-2]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC"
          + "|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)";
  private static final String MONTH_ITEM = "(\\*|" + MONTH + "(-" + MONTH + ")?)" + STEP;
  private static final String MONTHS = MONTH_ITEM + "(," + MONTH_ITEM + ")*";

  private static final String WEEKDAY =
      "([0-7]|SUN|MON|TUE|WED|THU|FRI|SAT|sun|mon|tue|wed|thu|fri|sat)";
  private static final String WEEKDAY_ITEM = "(\\*|\\?|" + WEEKDAY + "(-" + WEEKDAY + ")?)" + STEP;
  private static final String WEEKDAYS = WEEKDAY_ITEM + "(," + WEEKDAY_ITEM + ")*";

  /** Anchored regular expression for a whole schedule. */
  public static final String PATTERN =
      "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|"
          + MINUTES
          + " +"
          + HOURS
          + " +"
          + DAYS
          + " +"
          + MONTHS
          + " +"
          + WEEKDAYS
          + ")$";

  /** CEL rule applying {@link #PATTERN} (a raw CEL string, so backslashes stay as they are). */
  public static final String RULE = "self.matches(r'" + PATTERN + "')";

  private static final String SHORT_MONTH = "(0?4|0?6|0?9|11|APR|JUN|SEP|NOV|apr|jun|sep|nov)";

  /**
   * CEL rule refusing schedules that match no date: the 30th or 31st of February only, or the 31st
   * of months that have 30 days only, with the weekday unrestricted (a restricted weekday makes
   * either field match, as in the CronJob controller's parser).
   */
  public static final String FIRES_RULE =
      "!self.matches(r'^[^ ]+ +[^ ]+ +0*3[01](,0*3[01])* +(0?2|FEB|feb)(,(0?2|FEB|feb))*"
          + " +[*?]$') && !self.matches(r'^[^ ]+ +[^ ]+ +0*31(,0*31)* +"
          + SHORT_MONTH
          + "(,"
          + SHORT_MONTH
          + ")* +[*?]$')";

  /** Message of {@link #FIRES_RULE}. */
  public static final String FIRES_MESSAGE =
      "schedule matches no date (e.g. the 30th of February): a backup would never run";

  /**
   * The longest interval between two runs of the backup schedule, in days, as a CEL expression on a
   * BackupSpec, for the schedules that run less than daily: yearly (one month and one day: 366),
   * monthly (one day of the month: 31) and weekly (one weekday: 7); 1 for anything else.
   */
  static final String PERIOD_DAYS =
      "(self.schedule.matches('^@(yearly|annually)$')"
          + " || self.schedule.matches('^[^ ]+ +[^ ]+ +[0-9]+ +[0-9A-Za-z]+ +[*?]$') ? 366"
          + " : self.schedule == '@monthly'"
          + " || self.schedule.matches('^[^ ]+ +[^ ]+ +[0-9]+ +[*] +[*?]$') ? 31"
          + " : self.schedule == '@weekly'"
          + " || self.schedule.matches('^[^ ]+ +[^ ]+ +[*?] +[*] +[0-7A-Za-z]+$') ? 7 : 1)";

  /**
   * CEL rule on a BackupSpec: retention keeps every dump until the next one exists (keepAtLeast
   * would keep some anyway, but a retention shorter than the period is a mistake in the numbers).
   */
  public static final String RETENTION_COVERS_PERIOD_RULE =
      "!has(self.schedule) || !has(self.retentionDays) || self.retentionDays >= " + PERIOD_DAYS;

  public static final String RETENTION_COVERS_PERIOD_MESSAGE =
      "retentionDays must be at least the longest interval between two backups of the schedule:"
          + " 7 days for a weekly schedule, 31 for a monthly one, 366 for a yearly one";

  private CronSchedule() {}
}
