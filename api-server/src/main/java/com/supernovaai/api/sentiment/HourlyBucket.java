package com.supernovaai.api.sentiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** Hourly averages of one symbol (TimescaleDB continuous aggregate or date_trunc). */
@Serdeable
public record HourlyBucket(
    @JsonProperty("bucket") Instant bucket,
    @JsonProperty("avg_overall_score") double avgOverallScore,
    @JsonProperty("avg_confidence") double avgConfidence,
    @JsonProperty("avg_social_momentum") Double avgSocialMomentum,
    @JsonProperty("avg_news_sentiment") Double avgNewsSentiment,
    @JsonProperty("count") long count) {}
