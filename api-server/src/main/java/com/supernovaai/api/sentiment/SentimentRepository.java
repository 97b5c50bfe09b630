package com.supernovaai.api.sentiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.supernovaai.api.database.Transactions;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SQL of the sentiment_data table. Plain JDBC because the upsert and the hourly roll-up are
 * PostgreSQL-specific; all statements are parameterised (symbols are data, never SQL text).
 */
@Singleton
public class SentimentRepository {

  /**
   * Upper bound of hourly buckets per query: a response-size bound (about 2 MB of JSON), not a
   * retention one. 416 days, so the default year of retention fits in one answer; longer retentions
   * (or 0, for ever) are read newest first in pages by moving {@code to} back.
   */
  static final int MAX_BUCKETS = 10_000;

  private static final String UPSERT =
      "INSERT INTO sentiment_data (time, symbol, overall_score, confidence, social_momentum,"
          + " news_sentiment, source_counts) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb))"
          + " ON CONFLICT (time, symbol) DO UPDATE SET overall_score = EXCLUDED.overall_score,"
          + " confidence = EXCLUDED.confidence, social_momentum = EXCLUDED.social_momentum,"
          + " news_sentiment = EXCLUDED.news_sentiment, source_counts = EXCLUDED.source_counts";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {};

  private final Transactions tx;
  private final ReadRouting reads;
  private volatile Boolean continuousAggregate;

  public SentimentRepository(Transactions tx, ReadRouting reads) {
    this.tx = tx;
    this.reads = reads;
  }

  /** Inserts or replaces the points, in one transaction. */
  public int upsert(List<SentimentPoint> points) {
    return tx.write(
        connection -> {
          try (PreparedStatement ps = connection.prepareStatement(UPSERT)) {
            for (SentimentPoint p : points) {
              ps.setObject(1, OffsetDateTime.ofInstant(p.timestamp(), ZoneOffset.UTC));
              ps.setString(2, p.symbol());
              ps.setDouble(3, p.overallScore());
              ps.setDouble(4, p.confidence());
              setNullableDouble(ps, 5, p.socialMomentum());
              setNullableDouble(ps, 6, p.newsSentiment());
              ps.setString(7, p.sourceCounts() == null ? null : toJson(p.sourceCounts()));
              ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            return counts.length;
          }
        });
  }

  /** Points of a symbol in [from, to], newest first. */
  public List<SentimentPoint> findPoints(String symbol, Instant from, Instant to, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT time, symbol, overall_score, confidence, social_momentum, news_sentiment,"
                + " source_counts::text FROM sentiment_data WHERE symbol = ?");
    if (from != null) {
      sql.append(" AND time >= ?");
    }
    if (to != null) {
      sql.append(" AND time <= ?");
    }
    sql.append(" ORDER BY time DESC LIMIT ?");
    return reads.read(
        symbol,
        connection -> {
          try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            int i = bindRange(ps, symbol, from, to);
            ps.setInt(i, limit);
            List<SentimentPoint> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                result.add(
                    new SentimentPoint(
                        rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getString(2),
                        rs.getDouble(3),
                        rs.getDouble(4),
                        nullableDouble(rs, 5),
                        nullableDouble(rs, 6),
                        fromJson(rs.getString(7))));
              }
            }
            return result;
          }
        });
  }

  /** Hourly averages of a symbol for buckets starting in [from, to], newest first. */
  public List<HourlyBucket> hourly(String symbol, Instant from, Instant to) {
    return reads.read(symbol, connection -> hourly(connection, symbol, from, to));
  }

  private List<HourlyBucket> hourly(Connection connection, String symbol, Instant from, Instant to)
      throws SQLException {
    // Asked on the connection the read runs on: the primary may be the one that is away.
    boolean cagg = usesContinuousAggregate(connection);
    String sql =
        cagg
            ? "SELECT bucket, avg_overall_score, avg_confidence, avg_social_momentum,"
                + " avg_news_sentiment, points FROM sentiment_hourly WHERE symbol = ?"
                + (from != null ? " AND bucket >= date_trunc('hour', ?::timestamptz, 'UTC')" : "")
                + (to != null ? " AND bucket <= ?" : "")
                + " ORDER BY bucket DESC LIMIT ?"
            : "SELECT date_trunc('hour', time, 'UTC') AS bucket, avg(overall_score),"
                + " avg(confidence), avg(social_momentum), avg(news_sentiment), count(*)"
                + " FROM sentiment_data WHERE symbol = ?"
                + (from != null ? " AND time >= date_trunc('hour', ?::timestamptz, 'UTC')" : "")
                + (to != null ? " AND time <= ?" : "")
                + " GROUP BY bucket ORDER BY bucket DESC LIMIT ?";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int i = bindRange(ps, symbol, from, to);
      ps.setInt(i, MAX_BUCKETS);
      List<HourlyBucket> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(
              new HourlyBucket(
                  rs.getObject(1, OffsetDateTime.class).toInstant(),
                  rs.getDouble(2),
                  rs.getDouble(3),
                  nullableDouble(rs, 4),
                  nullableDouble(rs, 5),
                  rs.getLong(6)));
        }
      }
      return result;
    }
  }

  /** Cheap round trip for readiness. */
  public void ping() {
    tx.read(
        connection -> {
          try (PreparedStatement ps = connection.prepareStatement("SELECT 1")) {
            ps.setQueryTimeout(2);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  /** Whether the TimescaleDB migration created the sentiment_hourly continuous aggregate. */
  public boolean usesContinuousAggregate() {
    Boolean known = continuousAggregate;
    return known != null ? known : tx.read(this::usesContinuousAggregate);
  }

  private boolean usesContinuousAggregate(Connection connection) throws SQLException {
    Boolean known = continuousAggregate;
    if (known == null) {
      try (PreparedStatement ps =
              connection.prepareStatement("SELECT to_regclass('sentiment_hourly') IS NOT NULL");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        known = rs.getBoolean(1);
      }
      continuousAggregate = known;
    }
    return known;
  }

  private static int bindRange(PreparedStatement ps, String symbol, Instant from, Instant to)
      throws SQLException {
    int i = 1;
    ps.setString(i++, symbol);
    if (from != null) {
      ps.setObject(i++, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
    }
    if (to != null) {
      ps.setObject(i++, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
    }
    return i;
  }

  private static void setNullableDouble(PreparedStatement ps, int index, Double value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.DOUBLE);
    } else {
      ps.setDouble(index, value);
    }
  }

  private static Double nullableDouble(ResultSet rs, int index) throws SQLException {
    double d = rs.getDouble(index);
    return rs.wasNull() ? null : d;
  }

  private static String toJson(Map<String, Long> counts) {
    try {
      return JSON.writeValueAsString(counts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise source_counts", e);
    }
  }

  private static Map<String, Long> fromJson(String text) {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readValue(text, COUNTS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored source_counts is not JSON", e);
    }
  }
}
