package com.supernovaai.api.sentiment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.supernovaai.api.web.ApiException;
import io.micronaut.http.HttpStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict parser of an ingest batch: a JSON array of points, or {@code {"points": [...]}}. Every
 * rejection names the field ({@code points[3].overall_score}) so clients can fix their data.
 */
public final class PointParser {

  public static final int MAX_SYMBOL_LENGTH = 64;
  private static final int MAX_SOURCES = 64;
  private static final Set<String> FIELDS =
      Set.of(
          "timestamp",
          "symbol",
          "overall_score",
          "confidence",
          "social_momentum",
          "news_sentiment",
          "source_counts");

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final int maxBatchSize;
  private final Clock clock;

  public PointParser(int maxBatchSize) {
    this(maxBatchSize, Clock.systemUTC());
  }

  /** {@code clock} decides what "the future" is ({@link TimeWindow}). */
  public PointParser(int maxBatchSize, Clock clock) {
    this.maxBatchSize = maxBatchSize;
    this.clock = clock;
  }

  /** Parses and validates; duplicates of (timestamp, symbol) in one batch: the last one wins. */
  public List<SentimentPoint> parse(String body) {
    JsonNode root = readTree(body);
    JsonNode points;
    String prefix;
    if (root.isArray()) {
      points = root;
      prefix = "points";
    } else if (root.isObject()) {
      Iterator<String> names = root.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!"points".equals(name)) {
          throw ApiException.badRequest(name, "unknown field");
        }
      }
      points = root.get("points");
      prefix = "points";
      if (points == null || points.isNull()) {
        throw ApiException.badRequest("points", "is required");
      }
      if (!points.isArray()) {
        throw ApiException.badRequest("points", "must be an array");
      }
    } else {
      throw ApiException.badRequest(
          "body", "must be a JSON array of points or an object {\"points\": [...]}");
    }
    if (points.isEmpty()) {
      throw ApiException.badRequest("points", "must not be empty");
    }
    if (points.size() > maxBatchSize) {
      throw new ApiException(
          HttpStatus.REQUEST_ENTITY_TOO_LARGE,
          "batch_too_large",
          "points",
          "at most " + maxBatchSize + " points per request");
    }
    Instant now = clock.instant();
    Map<String, SentimentPoint> byKey = new LinkedHashMap<>();
    for (int i = 0; i < points.size(); i++) {
      SentimentPoint point = parsePoint(points.get(i), prefix + "[" + i + "]", now);
      String key = point.timestamp() + "\u0000" + point.symbol();
      byKey.remove(key);
      byKey.put(key, point);
    }
    TimeWindow.checkSpan(byKey.values(), prefix);
    return new ArrayList<>(byKey.values());
  }

  private static JsonNode readTree(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest("body", "is required");
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      String detail = e.getOriginalMessage();
      if (detail != null && detail.startsWith("Duplicate field")) {
        throw ApiException.badRequest("body", "duplicate field in JSON object");
      }
      throw ApiException.badRequest(
          "body", "malformed JSON at line " + line(e) + ", column " + column(e));
    }
  }

  private static int line(JsonProcessingException e) {
    return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
  }

  private static int column(JsonProcessingException e) {
    return e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
  }

  private static SentimentPoint parsePoint(JsonNode node, String path, Instant now) {
    if (!node.isObject()) {
      throw ApiException.badRequest(path, "must be an object");
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw ApiException.badRequest(path + "." + name, "unknown field");
      }
    }
    String field = path + ".timestamp";
    Instant timestamp =
        TimeWindow.check(parseTimestamp(requiredText(node, path, "timestamp"), field), field, now);
    String symbol = symbol(requiredText(node, path, "symbol"), path + ".symbol");
    double overall = requiredNumber(node, path, "overall_score", -1, 1);
    double confidence = requiredNumber(node, path, "confidence", 0, 1);
    Double momentum = optionalNumber(node, path, "social_momentum", -1e9, 1e9);
    Double news = optionalNumber(node, path, "news_sentiment", -1, 1);
    Map<String, Long> sources = sourceCounts(node.get("source_counts"), path + ".source_counts");
    return new SentimentPoint(timestamp, symbol, overall, confidence, momentum, news, sources);
  }

  /** ISO-8601 with an offset or Z, e.g. {@code 2024-05-01T12:00:00Z}; shared with query params. */
  public static Instant parseTimestamp(String text, String field) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          field, "must be an ISO-8601 timestamp with offset, e.g. 2024-05-01T12:00:00Z");
    }
  }

  /** Symbols are opaque data (never part of SQL text); only their shape is limited. */
  public static String symbol(String text, String field) {
    if (text.isBlank()) {
      throw ApiException.badRequest(field, "must not be blank");
    }
    if (text.length() > MAX_SYMBOL_LENGTH) {
      throw ApiException.badRequest(field, "must be at most " + MAX_SYMBOL_LENGTH + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw ApiException.badRequest(field, "must not contain control characters");
      }
    }
    return text;
  }

  private static String requiredText(JsonNode node, String path, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw ApiException.badRequest(path + "." + name, "is required");
    }
    if (!value.isTextual()) {
      throw ApiException.badRequest(path + "." + name, "must be a string");
    }
    return value.textValue();
  }

  private static double requiredNumber(
      JsonNode node, String path, String name, double min, double max) {
    Double value = optionalNumber(node, path, name, min, max);
    if (value == null) {
      throw ApiException.badRequest(path + "." + name, "is required");
    }
    return value;
  }

  private static Double optionalNumber(
      JsonNode node, String path, String name, double min, double max) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber()) {
      throw ApiException.badRequest(path + "." + name, "must be a number");
    }
    double d = value.doubleValue();
    if (!Double.isFinite(d) || d < min || d > max) {
      throw ApiException.badRequest(
          path + "." + name, "must be between " + format(min) + " and " + format(max));
    }
    return d;
  }

  private static String format(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static Map<String, Long> sourceCounts(JsonNode value, String field) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw ApiException.badRequest(field, "must be an object of source name to count");
    }
    if (value.size() > MAX_SOURCES) {
      throw ApiException.badRequest(field, "at most " + MAX_SOURCES + " sources");
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      String key = entry.getKey();
      JsonNode count = entry.getValue();
      if (key.isEmpty() || key.length() > MAX_SYMBOL_LENGTH) {
        throw ApiException.badRequest(field, "source names must be 1-64 characters");
      }
      if (key.chars().anyMatch(Character::isISOControl)) {
        // PostgreSQL's jsonb refuses \u0000 outright.
        throw ApiException.badRequest(field, "source names must not contain control characters");
      }
      if (!count.isIntegralNumber() || !count.canConvertToLong() || count.longValue() < 0) {
        throw ApiException.badRequest(field + "." + key, "must be a non-negative integer");
      }
      counts.put(key, count.longValue());
    }
    return counts;
  }
}
