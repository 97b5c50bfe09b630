package com.supernovaai.api.sentiment;

import com.supernovaai.api.config.ReadDatabase;
import com.supernovaai.api.database.Transactions;
import com.supernovaai.api.redis.WrittenPositions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the sentiment reads run. Without {@code DATABASE_READ_URL}, on the primary, as everything
 * else. With it, on the read datasource (the replicas) when that answers and has replayed the
 * symbol's last write ({@link WrittenPositions}); otherwise on the primary: a missing or lagging
 * replica costs the primary some load, never a failed or stale read.
 */
@Singleton
public class ReadRouting {

  private static final Logger LOG = LoggerFactory.getLogger(ReadRouting.class);

  /** After a replica failure, reads go to the primary this long before the replica is tried. */
  static final long REPLICA_RETRY_NANOS = 5_000_000_000L;

  /** Served by {@code pool}; {@code reason} says why the primary when it was not the replica. */
  static final String METRIC = "supernova.database.reads";

  private static final String REPLAYED =
      "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() - '0/0'::pg_lsn";

  private static final String WRITTEN = "SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn";

  private final Transactions primary;
  private final Transactions replica;
  private final WrittenPositions positions;
  private final Counter onReplica;
  private final Counter primaryOnly;
  private final Counter replicaBehind;
  private final Counter replicaUnavailable;
  private final Counter positionUnknown;
  private volatile long replicaRetryAt;
  private volatile boolean replicaDown;

  public ReadRouting(
      Transactions primary,
      @Nullable @Named(ReadDatabase.DATASOURCE) Transactions replica,
      WrittenPositions positions,
      MeterRegistry registry) {
    this.primary = primary;
    this.replica = replica;
    this.positions = positions;
    this.onReplica = counter(registry, "replica", "replica");
    this.primaryOnly = counter(registry, "primary", "not_configured");
    this.replicaBehind = counter(registry, "primary", "replica_behind");
    this.replicaUnavailable = counter(registry, "primary", "replica_unavailable");
    this.positionUnknown = counter(registry, "primary", "position_unknown");
  }

  private static Counter counter(MeterRegistry registry, String pool, String reason) {
    return Counter.builder(METRIC)
        .description("Sentiment reads by the pool that served them and why")
        .tag("pool", pool)
        .tag("reason", reason)
        .register(registry);
  }

  public boolean replicaConfigured() {
    return replica != null;
  }

  /** Runs a read of {@code symbol}'s data where it is both cheapest and fresh enough. */
  public <T> T read(String symbol, Transactions.Work<T> query) {
    if (replica == null) {
      primaryOnly.increment();
      return onPrimary(query);
    }
    if (replicaDown && System.nanoTime() < replicaRetryAt) {
      replicaUnavailable.increment();
      return onPrimary(query);
    }
    OptionalLong required = positions.required(symbol);
    if (required.isEmpty()) {
      positionUnknown.increment();
      return onPrimary(query);
    }
    Optional<T> result;
    try {
      result = replica.read(connection -> onReplica(connection, required, query));
    } catch (RuntimeException e) {
      markReplicaDown(e);
      replicaUnavailable.increment();
      return onPrimary(query);
    }
    if (replicaDown) {
      replicaDown = false;
      LOG.info("read-only database answers again: reads go to the replicas");
    }
    if (result.isEmpty()) {
      replicaBehind.increment();
      return onPrimary(query);
    }
    onReplica.increment();
    return result.get();
  }

  /**
   * After a write of {@code symbols} committed: records the primary's WAL position for them, so
   * that their next reads wait for a replica that has it. Nothing to do without a read datasource.
   */
  public void written(Collection<String> symbols) {
    if (replica == null || symbols.isEmpty()) {
      return;
    }
    long position =
        primary.read(
            connection -> {
              try (PreparedStatement ps = connection.prepareStatement(WRITTEN);
                  ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1).longValueExact();
              }
            });
    symbols.forEach(symbol -> positions.record(symbol, position));
  }

  /** The query's result, or empty when this replica has not replayed {@code required} yet. */
  private static <T> Optional<T> onReplica(
      Connection connection, OptionalLong required, Transactions.Work<T> query)
      throws SQLException {
    if (required.getAsLong() > 0) {
      try (PreparedStatement ps = connection.prepareStatement(REPLAYED);
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        BigDecimal replayed = rs.getBigDecimal(2);
        // Not in recovery: a primary (a promoted replica the pool still points at) has it all.
        if (rs.getBoolean(1)
            && (replayed == null || replayed.longValueExact() < required.getAsLong())) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(query.run(connection));
  }

  private <T> T onPrimary(Transactions.Work<T> query) {
    return primary.read(query);
  }

  private void markReplicaDown(RuntimeException e) {
    replicaRetryAt = System.nanoTime() + REPLICA_RETRY_NANOS;
    if (!replicaDown) {
      replicaDown = true;
      // The class and first line only: driver messages name hosts, never passwords, but keep it
      // short; the pool's own log has the rest.
      LOG.warn("read-only database unavailable, reads go to the primary: {}", rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
    return root.getClass().getSimpleName()
        + ": "
        + message.replaceAll("(?i)(password=)[^&\\s]*", "$1***");
  }
}
