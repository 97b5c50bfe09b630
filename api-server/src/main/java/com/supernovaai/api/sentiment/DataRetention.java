package com.supernovaai.api.sentiment;

import com.supernovaai.api.config.Settings;
import com.supernovaai.api.database.Transactions;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the TimescaleDB retention policies of sentiment_data and sentiment_hourly in line with
 * {@code SUPERNOVA_DATA_RETENTION_DAYS} at every start (a migration runs once, so it could not
 * follow a later change of the setting).
 *
 * <p>The hypertable drops chunks by creation time ({@code drop_created_before}, TimescaleDB 2.13+),
 * so history backfilled through the API is kept for one retention period after it arrived; the
 * continuous aggregate only supports {@code drop_after} (bucket time). pg_restore copies the chunk
 * catalog, creation times included, so neither argument protects a restored old dump: after a
 * restore (the database setting {@code supernova.restored_from} that restore.sh writes) both
 * policies start only one retention period after the restore.
 */
@Singleton
public class DataRetention {

  /** What {@link #apply()} did. */
  public enum Outcome {
    APPLIED,
    NO_TIMESCALEDB,
    NOT_A_HYPERTABLE
  }

  /** Serialises replicas that start together, so the policies are replaced atomically. */
  static final long LOCK_KEY = 0x5355_5045_524e_4f56L;

  static final String RESTORE_MARKER = "supernova.restored_from";

  private static final Logger LOG = LoggerFactory.getLogger(DataRetention.class);

  private final Transactions tx;
  private final int days;

  public DataRetention(Transactions tx, Settings settings) {
    this.tx = tx;
    this.days = settings.dataRetentionDays();
  }

  /**
   * The policy to install: {@code days} 0 means none; {@code createdBefore} whether the hypertable
   * can drop by creation time; {@code hourly} whether the continuous aggregate exists; {@code
   * holdUntil} the first run of both policies (null: as TimescaleDB schedules it).
   */
  record Plan(int days, boolean createdBefore, boolean hourly, Instant holdUntil) {}

  /** The SQL that replaces the retention policies by the planned ones, in order. */
  static List<String> statements(Plan plan) {
    List<String> sql = new ArrayList<>();
    sql.add("SELECT remove_retention_policy('sentiment_data', if_exists => TRUE)");
    if (plan.hourly()) {
      sql.add("SELECT remove_retention_policy('sentiment_hourly', if_exists => TRUE)");
    }
    if (plan.days() == 0) {
      return sql;
    }
    String window = "INTERVAL '" + plan.days() + " days'";
    String start =
        plan.holdUntil() == null
            ? ""
            : ", initial_start => TIMESTAMPTZ '"
                + plan.holdUntil().truncatedTo(ChronoUnit.SECONDS)
                + "'";
    sql.add(
        "SELECT add_retention_policy('sentiment_data', "
            + (plan.createdBefore() ? "drop_created_before" : "drop_after")
            + " => "
            + window
            + start
            + ")");
    if (plan.hourly()) {
      sql.add(
          "SELECT add_retention_policy('sentiment_hourly', drop_after => " + window + start + ")");
    }
    return sql;
  }

  /**
   * When the policies may first run after a restore at {@code restoredAt}: one retention period
   * later, or null when that is past, nothing was restored or nothing is ever dropped.
   */
  static Instant holdUntil(Instant restoredAt, int days, Instant now) {
    if (restoredAt == null || days == 0) {
      return null;
    }
    Instant end = restoredAt.plus(Duration.ofDays(days));
    return end.isAfter(now) ? end : null;
  }

  /** The restore time in restore.sh's marker {@code "<dump file> at <UTC timestamp>"}. */
  static Optional<Instant> restoredAt(String marker) {
    if (marker == null || marker.isBlank()) {
      return Optional.empty();
    }
    int at = marker.lastIndexOf(" at ");
    try {
      return Optional.of(Instant.parse(marker.substring(at + 4).trim()));
    } catch (DateTimeParseException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  /** Replaces the policies if sentiment_data is a hypertable; fails start-up on an SQL error. */
  public Outcome apply() {
    return tx.write(this::apply);
  }

  private Outcome apply(Connection c) throws SQLException {
    String version =
        queryString(c, "SELECT extversion FROM pg_extension WHERE extname = ?", "timescaledb");
    if (version == null) {
      LOG.info(
          "data retention: timescaledb is not installed, sentiment_data is a plain table and keeps"
              + " every row{}",
          days == 0 ? "" : " (SUPERNOVA_DATA_RETENTION_DAYS=" + days + " is not enforced)");
      return Outcome.NO_TIMESCALEDB;
    }
    if (!exists(c, "timescaledb_information.hypertables", "hypertable", "sentiment_data")) {
      LOG.warn(
          "data retention: timescaledb {} is installed but sentiment_data is not a hypertable"
              + " (was timescaledb preloaded when the schema was created?); no retention policy",
          version);
      return Outcome.NOT_A_HYPERTABLE;
    }
    boolean hourly =
        exists(c, "timescaledb_information.continuous_aggregates", "view", "sentiment_hourly");
    boolean createdBefore = acceptsArgument(c, "drop_created_before");
    if (days > 0 && !createdBefore) {
      LOG.warn(
          "data retention: timescaledb {} has no drop_created_before (2.13 or later), so"
              + " sentiment_data drops by the data's time (drop_after): history backfilled"
              + " through the API is dropped at the next run if older than {} days",
          version,
          days);
    }
    String marker = restoreMarker(c);
    Optional<Instant> restoredAt = restoredAt(marker);
    if (marker != null && restoredAt.isEmpty()) {
      LOG.warn("data retention: cannot read the restore time in {}='{}'", RESTORE_MARKER, marker);
    }
    Instant holdUntil = holdUntil(restoredAt.orElse(null), days, Instant.now());
    int effectiveDays = days;
    if (holdUntil != null && !acceptsArgument(c, "initial_start")) {
      LOG.warn(
          "data retention: timescaledb {} cannot delay a policy (initial_start, 2.9 or later);"
              + " no retention policy until the first start after {}, one retention period after"
              + " the restore",
          version,
          holdUntil);
      effectiveDays = 0;
      holdUntil = null;
    }
    Plan plan = new Plan(effectiveDays, createdBefore, hourly, holdUntil);
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
      for (String sql : statements(plan)) {
        s.execute(sql);
      }
    }
    LOG.info(
        "data retention: {}{}",
        plan.days() == 0
            ? "none, the time series is kept"
            : days
                + " days (sentiment_data by "
                + (createdBefore ? "chunk creation time" : "data time")
                + (hourly ? ", sentiment_hourly by bucket time)" : ")"),
        holdUntil == null ? "" : "; restored from " + marker + ", first run at " + holdUntil);
    return Outcome.APPLIED;
  }

  /** The restore marker from the catalog: a pooled session may predate ALTER DATABASE. */
  static String restoreMarker(Connection c) throws SQLException {
    String prefix = RESTORE_MARKER + "=";
    String setting =
        queryString(
            c,
            "SELECT s FROM pg_db_role_setting d, unnest(d.setconfig) s"
                + " WHERE d.setdatabase = (SELECT oid FROM pg_database"
                + " WHERE datname = current_database()) AND d.setrole = 0 AND starts_with(s, ?)",
            prefix);
    return setting == null ? null : setting.substring(prefix.length());
  }

  private static boolean exists(Connection c, String view, String column, String name)
      throws SQLException {
    return queryString(
            c,
            "SELECT 1 FROM "
                + view
                + " WHERE "
                + column
                + "_schema = current_schema() AND "
                + column
                + "_name = ?",
            name)
        != null;
  }

  private static boolean acceptsArgument(Connection c, String argument) throws SQLException {
    return queryString(
            c,
            "SELECT 1 FROM pg_proc WHERE proname = 'add_retention_policy'"
                + " AND ? = ANY (proargnames)",
            argument)
        != null;
  }

  private static String queryString(Connection c, String sql, String parameter)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, parameter);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
