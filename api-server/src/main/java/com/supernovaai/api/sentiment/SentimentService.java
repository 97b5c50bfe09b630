package com.supernovaai.api.sentiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.supernovaai.api.config.Settings;
import com.supernovaai.api.redis.HourlyCache;
import com.supernovaai.api.redis.SentimentPubSub;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Ingest (upsert, cache invalidation, live fan-out) and the two read paths. */
@Singleton
public class SentimentService {

  private final SentimentRepository repository;
  private final ReadRouting reads;
  private final HourlyCache cache;
  private final SentimentPubSub pubSub;
  private final JsonMapper json;
  private final PointParser parser;

  public SentimentService(
      SentimentRepository repository,
      ReadRouting reads,
      HourlyCache cache,
      SentimentPubSub pubSub,
      JsonMapper json,
      Settings settings) {
    this.repository = repository;
    this.reads = reads;
    this.cache = cache;
    this.pubSub = pubSub;
    this.json = json;
    this.parser = new PointParser(settings.maxBatchSize());
  }

  /**
   * Validates and upserts a batch; after the commit, records where the write ended (for reads from
   * replicas), then invalidates and publishes per symbol.
   */
  public int ingest(String body) {
    List<SentimentPoint> points = parser.parse(body);
    int written = repository.upsert(points);
    Map<String, List<SentimentPoint>> bySymbol =
        points.stream()
            .collect(
                Collectors.groupingBy(
                    SentimentPoint::symbol, LinkedHashMap::new, Collectors.toList()));
    try {
      // Before the cache's epoch moves: a reader that sees the new epoch sees this position too.
      reads.written(bySymbol.keySet());
    } finally {
      invalidateAndPublish(bySymbol);
    }
    return written;
  }

  private void invalidateAndPublish(Map<String, List<SentimentPoint>> bySymbol) {
    bySymbol.forEach(
        (symbol, list) -> {
          Instant min = list.stream().map(SentimentPoint::timestamp).min(Instant::compareTo).get();
          Instant max = list.stream().map(SentimentPoint::timestamp).max(Instant::compareTo).get();
          cache.invalidate(symbol, min, max);
          pubSub.publish(symbol, write(new LiveUpdate("points", symbol, list)));
        });
  }

  public PointsResponse points(String symbol, Instant from, Instant to, int limit) {
    List<SentimentPoint> points = repository.findPoints(symbol, from, to, limit);
    return new PointsResponse(symbol, points.size(), points);
  }

  /** The hourly roll-up as JSON, from Redis when cached (unless {@code bypassCache}). */
  public Cached hourly(String symbol, Instant from, Instant to, boolean bypassCache) {
    HourlyCache.Lookup lookup =
        bypassCache
            ? new HourlyCache.Lookup(java.util.Optional.empty(), null)
            : cache.get(symbol, from, to);
    if (lookup.value().isPresent()) {
      return new Cached(lookup.value().get(), true);
    }
    List<HourlyBucket> buckets = repository.hourly(symbol, from, to);
    String body = write(new HourlyResponse(symbol, from, to, buckets));
    cache.put(symbol, from, to, lookup.epoch(), body);
    return new Cached(body, false);
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON body and whether it came from the cache. */
  public record Cached(String json, boolean hit) {}

  /** Response of the points query. */
  @Serdeable
  public record PointsResponse(
      @JsonProperty("symbol") String symbol,
      @JsonProperty("count") int count,
      @JsonProperty("points") List<SentimentPoint> points) {}

  /** Response of the hourly query. */
  @Serdeable
  public record HourlyResponse(
      @JsonProperty("symbol") String symbol,
      @JsonProperty("from") Instant from,
      @JsonProperty("to") Instant to,
      @JsonProperty("buckets") List<HourlyBucket> buckets) {}

  /** WebSocket message with new points of a symbol. */
  @Serdeable
  public record LiveUpdate(
      @JsonProperty("type") String type,
      @JsonProperty("symbol") String symbol,
      @JsonProperty("points") List<SentimentPoint> points) {}
}
