package com.supernovaai.api.database;

import com.supernovaai.api.config.ReadDatabase;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import javax.sql.DataSource;

/** The primary's transactions and, with {@code DATABASE_READ_URL}, the replicas'. */
@Factory
class TransactionsFactory {

  @Singleton
  @Primary
  Transactions primary(
      TransactionOperations<Connection> tx, DataSource dataSource, MeterRegistry registry) {
    return new Transactions("primary", tx, dropConnections(dataSource), registry);
  }

  @Singleton
  @Named(ReadDatabase.DATASOURCE)
  @Requires(property = "datasources." + ReadDatabase.DATASOURCE + ".url")
  Transactions replica(
      @Named(ReadDatabase.DATASOURCE) TransactionOperations<Connection> tx,
      @Named(ReadDatabase.DATASOURCE) DataSource dataSource,
      MeterRegistry registry) {
    return new Transactions("replica", tx, dropConnections(dataSource), registry);
  }

  /** Hikari's soft eviction of the pool under {@code dataSource}. */
  private static Runnable dropConnections(DataSource dataSource) {
    if (!(DelegatingDataSource.unwrapDataSource(dataSource) instanceof HikariDataSource hikari)) {
      throw new IllegalStateException(
          "expected a HikariCP datasource, got " + dataSource.getClass().getName());
    }
    return () -> {
      HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
      if (pool != null) {
        pool.softEvictConnections();
      }
    };
  }
}
