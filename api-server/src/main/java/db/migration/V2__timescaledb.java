package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns sentiment_data into a TimescaleDB hypertable (1-day chunks) with the sentiment_hourly
 * continuous aggregate, when the extension is installed and preloaded. On plain PostgreSQL it does
 * nothing: the hourly queries then use date_trunc over the indexed table. Continuous aggregates
 * cannot be created inside a transaction, hence a non-transactional Java migration rather than a DO
 * block.
 *
 * <p>Retention is not set here: {@link com.supernovaai.api.sentiment.DataRetention} replaces the
 * policies at every start from SUPERNOVA_DATA_RETENTION_DAYS (databases migrated before it got a
 * fixed 90 days here; Java migrations have no Flyway checksum, so editing this one is safe).
 */
public class V2__timescaledb extends BaseJavaMigration {

  private static final Logger LOG = LoggerFactory.getLogger(V2__timescaledb.class);

  @Override
  public boolean canExecuteInTransaction() {
    return false;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    if (!timescaleUsable(connection)) {
      LOG.info("timescaledb is not available: sentiment_data stays a plain table");
      return;
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(true);
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
      s.execute(
          "SELECT create_hypertable('sentiment_data', 'time',"
              + " chunk_time_interval => INTERVAL '1 day', if_not_exists => TRUE,"
              + " migrate_data => TRUE)");
      s.execute(
          "CREATE MATERIALIZED VIEW IF NOT EXISTS sentiment_hourly"
              + " WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS"
              + " SELECT symbol, time_bucket(INTERVAL '1 hour', time) AS bucket,"
              + " avg(overall_score) AS avg_overall_score, avg(confidence) AS avg_confidence,"
              + " avg(social_momentum) AS avg_social_momentum,"
              + " avg(news_sentiment) AS avg_news_sentiment, count(*) AS points"
              + " FROM sentiment_data GROUP BY symbol, bucket WITH NO DATA");
      s.execute(
          "SELECT add_continuous_aggregate_policy('sentiment_hourly',"
              + " start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour',"
              + " schedule_interval => INTERVAL '30 minutes', if_not_exists => TRUE)");
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /**
   * The extension is usable when the database has it (the operator's db-init.sh creates it as the
   * superuser), or when it is available, preloaded and this role may create it (a superuser, as in
   * a hand-made setup). The preload list is readable only by a superuser or a member of
   * pg_read_all_settings, so the application role never asks for it.
   */
  private static boolean timescaleUsable(Connection connection) throws SQLException {
    if (query(
        connection, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')")) {
      return true;
    }
    return query(
            connection,
            "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')"
                + " AND pg_has_role(current_user, 'pg_read_all_settings', 'USAGE')")
        && query(
            connection, "SELECT current_setting('shared_preload_libraries') LIKE '%timescaledb%'");
  }

  private static boolean query(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
