package com.supernovaai.api.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.supernovaai.api.sentiment.DataRetention.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The policy arguments, tested without TimescaleDB (which is not packaged for Debian). */
class DataRetentionTest {

  private static final String REMOVE_DATA =
      "SELECT remove_retention_policy('sentiment_data', if_exists => TRUE)";
  private static final String REMOVE_HOURLY =
      "SELECT remove_retention_policy('sentiment_hourly', if_exists => TRUE)";

  @Test
  void defaultYearDropsRawChunksByCreationTimeAndHourlyBucketsByTime() {
    assertThat(DataRetention.statements(new Plan(365, true, true, null)))
        .containsExactly(
            REMOVE_DATA,
            REMOVE_HOURLY,
            "SELECT add_retention_policy('sentiment_data',"
                + " drop_created_before => INTERVAL '365 days')",
            "SELECT add_retention_policy('sentiment_hourly', drop_after => INTERVAL '365 days')");
  }

  @Test
  void zeroRemovesEveryPolicyAndAddsNone() {
    assertThat(DataRetention.statements(new Plan(0, true, true, null)))
        .containsExactly(REMOVE_DATA, REMOVE_HOURLY);
    assertThat(DataRetention.statements(new Plan(0, false, false, null)))
        .containsExactly(REMOVE_DATA);
  }

  @Test
  void customValueAndFallbackToDataTimeBefore213() {
    assertThat(DataRetention.statements(new Plan(30, false, true, null)))
        .containsExactly(
            REMOVE_DATA,
            REMOVE_HOURLY,
            "SELECT add_retention_policy('sentiment_data', drop_after => INTERVAL '30 days')",
            "SELECT add_retention_policy('sentiment_hourly', drop_after => INTERVAL '30 days')");
    assertThat(DataRetention.statements(new Plan(36_500, true, false, null)))
        .containsExactly(
            REMOVE_DATA,
            "SELECT add_retention_policy('sentiment_data',"
                + " drop_created_before => INTERVAL '36500 days')");
  }

  @Test
  void afterARestoreBothPoliciesFirstRunOneRetentionPeriodLater() {
    Instant hold = Instant.parse("2026-05-01T12:00:00.750Z");
    assertThat(DataRetention.statements(new Plan(90, true, true, hold)))
        .containsExactly(
            REMOVE_DATA,
            REMOVE_HOURLY,
            "SELECT add_retention_policy('sentiment_data', drop_created_before => INTERVAL"
                + " '90 days', initial_start => TIMESTAMPTZ '2026-05-01T12:00:00Z')",
            "SELECT add_retention_policy('sentiment_hourly', drop_after => INTERVAL '90 days',"
                + " initial_start => TIMESTAMPTZ '2026-05-01T12:00:00Z')");
  }

  @Test
  void holdLastsOneRetentionPeriodFromTheRestore() {
    Instant restored = Instant.parse("2026-01-01T00:00:00Z");
    Instant during = Instant.parse("2026-03-01T00:00:00Z");
    assertThat(DataRetention.holdUntil(restored, 90, during))
        .isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(DataRetention.holdUntil(restored, 365, during))
        .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    // Over: the normal policy, which then drops restored chunks as old as their creation says.
    assertThat(DataRetention.holdUntil(restored, 30, during)).isNull();
    assertThat(DataRetention.holdUntil(restored, 59, during)).isNull();
    assertThat(DataRetention.holdUntil(restored, 0, during)).isNull();
    assertThat(DataRetention.holdUntil(null, 365, during)).isNull();
  }

  @Test
  void restoreTimeIsReadFromRestoreShMarker() {
    assertThat(
            DataRetention.restoredAt(
                "prod-supernova-20250101T020000Z.dump at 2026-05-01T12:34:56Z"))
        .contains(Instant.parse("2026-05-01T12:34:56Z"));
    assertThat(DataRetention.restoredAt("odd at name.dump at 2026-05-01T12:34:56Z"))
        .contains(Instant.parse("2026-05-01T12:34:56Z"));
    assertThat(DataRetention.restoredAt(null)).isEmpty();
    assertThat(DataRetention.restoredAt("")).isEmpty();
    assertThat(DataRetention.restoredAt("x.dump")).isEmpty();
    assertThat(DataRetention.restoredAt("x.dump at yesterday")).isEmpty();
  }

  /** The marker is written by the operator's restore.sh: same format on both sides. */
  @Test
  void restoreShWritesTheMarkerThisClassReads() throws Exception {
    Path script = Path.of("../operator/src/main/resources/scripts/restore.sh");
    assumeTrue(Files.exists(script), "operator module not beside api-server");
    String text = Files.readString(script);
    assertThat(text)
        .containsPattern(
            "ALTER DATABASE :\\\\?\"db\\\\?\" SET " + DataRetention.RESTORE_MARKER + " = :'marker'")
        .contains("marker=\"${name} at $(date -u +%Y-%m-%dT%H:%M:%SZ)\"");
  }
}
