package com.supernovaai.api.sentiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;

/** One sentiment observation of a symbol at a time; the upsert key is (timestamp, symbol). */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SentimentPoint(
    @JsonProperty("timestamp") Instant timestamp,
    @JsonProperty("symbol") String symbol,
    @JsonProperty("overall_score") double overallScore,
    @JsonProperty("confidence") double confidence,
    @JsonProperty("social_momentum") Double socialMomentum,
    @JsonProperty("news_sentiment") Double newsSentiment,
    @JsonProperty("source_counts") Map<String, Long> sourceCounts) {}
