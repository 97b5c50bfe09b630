package com.supernovaai.api.sentiment;

import com.supernovaai.api.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * The times the API accepts. Each day of data is a 1-day TimescaleDB chunk, so an unbounded
 * timestamp (year 9999) or a batch spread over decades would make one request create thousands of
 * chunks; far-future points would also sit beyond every retention policy. Queries are held to the
 * same window, which also bounds the distinct ranges clients can make the cache hold.
 */
public final class TimeWindow {

  /** No market sentiment data predates this (and chunks before it would never be read). */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** Clock skew allowed between a producer and this server. */
  public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);

  /** Widest span of one ingest batch: at most 32 daily chunks per request (backfill by month). */
  public static final Duration MAX_BATCH_SPAN = Duration.ofDays(31);

  private TimeWindow() {}

  /** Refuses a time before {@link #EARLIEST} or more than the skew after {@code now}: 400. */
  public static Instant check(Instant time, String field, Instant now) {
    if (time.isBefore(EARLIEST)) {
      throw ApiException.badRequest(field, "must not be before " + EARLIEST);
    }
    if (time.isAfter(now.plus(MAX_FUTURE_SKEW))) {
      throw ApiException.badRequest(
          field,
          "must not be more than "
              + MAX_FUTURE_SKEW.toMinutes()
              + " minutes in the future (server time "
              + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + ")");
    }
    return time;
  }

  /** Refuses a batch whose points are more than {@link #MAX_BATCH_SPAN} apart: 400. */
  public static void checkSpan(Collection<SentimentPoint> points, String field) {
    Instant min = Instant.MAX;
    Instant max = Instant.MIN;
    for (SentimentPoint p : points) {
      min = p.timestamp().isBefore(min) ? p.timestamp() : min;
      max = p.timestamp().isAfter(max) ? p.timestamp() : max;
    }
    if (!points.isEmpty() && Duration.between(min, max).compareTo(MAX_BATCH_SPAN) > 0) {
      throw ApiException.badRequest(
          field,
          "timestamps of one request must lie within "
              + MAX_BATCH_SPAN.toDays()
              + " days of each other (send longer histories in several requests)");
    }
  }
}
