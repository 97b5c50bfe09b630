package com.supernovaai.api.sentiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.supernovaai.api.auth.RequiresRole;
import com.supernovaai.api.auth.Role;
import com.supernovaai.api.web.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** The sentiment API: readers read, ingest accounts write (checked by the access filter). */
@Controller("/api/sentiment")
@RequiresRole(Role.READ)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SentimentController {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final SentimentService service;

  public SentimentController(SentimentService service) {
    this.service = service;
  }

  @Post(consumes = MediaType.APPLICATION_JSON)
  @RequiresRole(Role.WRITE)
  public IngestResponse ingest(@Body String body) {
    return new IngestResponse(service.ingest(body));
  }

  @Get("/{symbol}")
  public SentimentService.PointsResponse points(
      String symbol,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue String limit) {
    Range range = Range.of(from, to);
    return service.points(
        PointParser.symbol(symbol, "symbol"), range.from(), range.to(), limit(limit));
  }

  @Get("/{symbol}/hourly")
  public HttpResponse<String> hourly(
      String symbol,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      HttpRequest<?> request) {
    Range range = Range.of(from, to);
    String cacheControl = request.getHeaders().get(HttpHeaders.CACHE_CONTROL);
    boolean bypass = cacheControl != null && cacheControl.contains("no-cache");
    SentimentService.Cached result =
        service.hourly(PointParser.symbol(symbol, "symbol"), range.from(), range.to(), bypass);
    return HttpResponse.ok(result.json())
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .header("X-Cache", result.hit() ? "HIT" : "MISS");
  }

  private static int limit(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text.trim());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // Fall through to the same 400.
    }
    throw ApiException.badRequest("limit", "must be an integer between 1 and " + MAX_LIMIT);
  }

  /**
   * Optional from/to query parameters, inside the {@link TimeWindow}; {@code from > to} is
   * rejected.
   */
  record Range(Instant from, Instant to) {
    static Range of(String from, String to) {
      Instant now = Instant.now();
      Instant f = from == null || from.isBlank() ? null : time(from, "from", now);
      Instant t = to == null || to.isBlank() ? null : time(to, "to", now);
      if (f != null && t != null && f.isAfter(t)) {
        throw ApiException.badRequest("from", "must not be after 'to'");
      }
      return new Range(f, t);
    }

    private static Instant time(String text, String field, Instant now) {
      return TimeWindow.check(PointParser.parseTimestamp(text, field), field, now);
    }
  }

  /** Response of an ingest. */
  @Serdeable
  public record IngestResponse(@JsonProperty("upserted") int upserted) {}
}
