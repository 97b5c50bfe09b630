package com.supernovaai.api.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.supernovaai.api.web.ApiException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PointParserTest {

  private final PointParser parser = new PointParser(3);

  private static String point(String fields) {
    return "[{\"timestamp\":\"2024-05-01T12:00:00Z\",\"symbol\":\"AAPL\",\"overall_score\":0.5,"
        + "\"confidence\":0.8"
        + fields
        + "}]";
  }

  @Test
  void parsesArrayAndWrappedForms() {
    List<SentimentPoint> points =
        parser.parse(
            point(",\"social_momentum\":2.5,\"news_sentiment\":-0.2,\"source_counts\":{\"x\":3}"));
    assertThat(points).hasSize(1);
    SentimentPoint p = points.get(0);
    assertThat(p.timestamp()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(p.socialMomentum()).isEqualTo(2.5);
    assertThat(p.sourceCounts()).containsEntry("x", 3L);
    assertThat(parser.parse("{\"points\":" + point("") + "}")).hasSize(1);
  }

  @Test
  void offsetsAreNormalisedAndDuplicatesCollapse() {
    String body =
        "[{\"timestamp\":\"2024-05-01T14:00:00+02:00\",\"symbol\":\"A\",\"overall_score\":0.1,"
            + "\"confidence\":0.1},"
            + "{\"timestamp\":\"2024-05-01T12:00:00Z\",\"symbol\":\"A\",\"overall_score\":0.9,"
            + "\"confidence\":0.9}]";
    List<SentimentPoint> points = parser.parse(body);
    assertThat(points).singleElement().extracting(SentimentPoint::overallScore).isEqualTo(0.9);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{bad json|body",
        "[]|points",
        "\"text\"|body",
        "{\"points\":1}|points",
        "{\"other\":[]}|other",
        "[1]|points[0]",
        "[{\"symbol\":\"A\",\"overall_score\":0,\"confidence\":0}]|points[0].timestamp",
        "[{\"timestamp\":\"2024-05-01T12:00:00Z\",\"overall_score\":0,\"confidence\":0}]|points[0].symbol",
        "[{\"timestamp\":\"2024-05-01T12:00:00Z\",\"symbol\":\"A\",\"confidence\":0}]|points[0].overall_score",
        "[{\"timestamp\":\"2024-05-01T12:00:00Z\",\"symbol\":\"A\",\"overall_score\":0}]|points[0].confidence",
        "[{\"timestamp\":\"yesterday\",\"symbol\":\"A\",\"overall_score\":0,\"confidence\":0}]|points[0].timestamp",
        "[{\"timestamp\":\"2024-05-01T12:00:00\",\"symbol\":\"A\",\"overall_score\":0,\"confidence\":0}]|points[0].timestamp",
        "[{\"timestamp\":\"2024-05-01T12:00:00Z\",\"symbol\":\"A\",\"overall_score\":1.01,\"confidence\":0}]|points[0].overall_score",
        "[{\"timestamp\":\"2024-05-01T12:00:00Z\",\"symbol\":\"A\",\"overall_score\":-1.5,\"confidence\":0}]|points[0].overall_score",
        "[{\"timestamp\":\"2024-05-01T12:00:00Z\",\"symbol\":\"A\",\"overall_score\":0,\"confidence\":1.2}]|points[0].confidence",
        "[{\"timestamp\":\"2024-05-01T12:00:00Z\",\"symbol\":\"A\",\"overall_score\":0,\"confidence\":-0.1}]|points[0].confidence",
        "[{\"timestamp\":\"2024-05-01T12:00:00Z\",\"symbol\":\"A\",\"overall_score\":\"0.5\",\"confidence\":0}]|points[0].overall_score",
        "[{\"timestamp\":\"2024-05-01T12:00:00Z\",\"symbol\":\"A\",\"overall_score\":0,\"confidence\":0,\"mood\":1}]|points[0].mood",
        "[{\"timestamp\":\"2024-05-01T12:00:00Z\",\"symbol\":\"\",\"overall_score\":0,\"confidence\":0}]|points[0].symbol",
        "[{\"timestamp\":\"2024-05-01T12:00:00Z\",\"symbol\":\"A\",\"overall_score\":0,\"confidence\":0,\"source_counts\":{\"x\":-1}}]|points[0].source_counts.x",
        "[{\"timestamp\":\"2024-05-01T12:00:00Z\",\"symbol\":\"A\",\"overall_score\":0,\"confidence\":0,\"news_sentiment\":3}]|points[0].news_sentiment",
      })
  void rejectsWithTheFieldNamed(String body, String field) {
    assertThatThrownBy(() -> parser.parse(body))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status().getCode()).isEqualTo(400);
              assertThat(e.field()).isEqualTo(field);
            });
  }

  @Test
  void batchOverTheLimitIs413() {
    String one =
        "{\"timestamp\":\"2024-05-01T12:00:0%dZ\",\"symbol\":\"A\",\"overall_score\":0,\"confidence\":0}";
    String body =
        "["
            + String.join(
                ",", one.formatted(1), one.formatted(2), one.formatted(3), one.formatted(4))
            + "]";
    assertThatThrownBy(() -> parser.parse(body))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().getCode()).isEqualTo(413));
  }

  // --- the time window (issue 15: bounded work per request) ---------------------------------

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private final PointParser atNoon =
      new PointParser(100, java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));

  private static String at(String... timestamps) {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < timestamps.length; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"timestamp\":\"")
          .append(timestamps[i])
          .append("\",\"symbol\":\"A\",\"overall_score\":0,\"confidence\":0}");
    }
    return body + "]";
  }

  @ParameterizedTest
  @CsvSource({
    "9999-12-31T00:00:00Z",
    "+300000-01-01T00:00:00Z",
    "2026-06-01T12:05:01Z",
    "1999-12-31T23:59:59Z",
    "1970-01-01T00:00:00Z"
  })
  void timesOutsideTheWindowAre400NamingThePoint(String timestamp) {
    assertThatThrownBy(() -> atNoon.parse(at("2026-06-01T11:00:00Z", timestamp)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status().getCode()).isEqualTo(400);
              assertThat(e.field()).isEqualTo("points[1].timestamp");
            });
  }

  @Test
  void theWindowsEdgesAreAccepted() {
    assertThat(atNoon.parse(at("2000-01-01T00:00:00Z"))).hasSize(1);
    assertThat(atNoon.parse(at("2026-06-01T12:05:00Z"))).hasSize(1);
  }

  @Test
  void aBatchSpreadOverMoreThan31DaysIs400() {
    assertThat(atNoon.parse(at("2026-04-01T00:00:00Z", "2026-05-02T00:00:00Z"))).hasSize(2);
    assertThatThrownBy(() -> atNoon.parse(at("2026-04-01T00:00:00Z", "2026-05-02T00:00:01Z")))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status().getCode()).isEqualTo(400);
              assertThat(e.field()).isEqualTo("points");
            });
  }

  @Test
  void controlCharactersInSourceNamesAre400() {
    String body =
        "[{\"timestamp\":\"2024-05-01T12:00:00Z\",\"symbol\":\"A\",\"overall_score\":0,"
            + "\"confidence\":0,\"source_counts\":{\"a\\u0000b\":1}}]";
    assertThatThrownBy(() -> parser.parse(body))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.field()).isEqualTo("points[0].source_counts"));
  }
}
