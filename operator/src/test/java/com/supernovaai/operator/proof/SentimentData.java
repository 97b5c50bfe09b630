package com.supernovaai.operator.proof;

import com.supernovaai.testsupport.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The API server's schema (its own Flyway migration) and sample sentiment rows. */
final class SentimentData {

  static final String OWNER = "supernova";

  private SentimentData() {}

  /** The api-server migration that creates sentiment_data, read from the repository. */
  static String migration() {
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.isDirectory(root.resolve("api-server"))) {
      root = root.getParent();
    }
    if (root == null) {
      throw new IllegalStateException(
          "api-server module not found above " + Path.of("").toAbsolutePath());
    }
    try {
      return Files.readString(
          root.resolve("api-server/src/main/resources/db/migration/V1__sentiment_and_users.sql"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A role and a database owned by it, as db-init.sh creates them in the pod. */
  static void createOwnedDatabase(LocalPostgres postgres, String database) {
    if ("0"
        .equals(
            postgres.psql(
                "postgres", "SELECT count(*) FROM pg_roles WHERE rolname = '" + OWNER + "'"))) {
      postgres.psql("postgres", "CREATE ROLE " + OWNER + " LOGIN PASSWORD 'app'");
    }
    postgres.psql("postgres", "CREATE DATABASE " + database + " OWNER " + OWNER);
  }

  /** The tables as the API server's migration creates them, owned by the application role. */
  static void createSchema(LocalPostgres postgres, String database) {
    postgres.psql(database, "SET ROLE " + OWNER + ";\n" + migration());
  }

  /** {@code rows} sentiment points over 10 symbols, one a minute, plus a few users. */
  static void insert(LocalPostgres postgres, String database, int rows) {
    postgres.psql(
        database,
        "SET ROLE "
            + OWNER
            + "; INSERT INTO sentiment_data (time, symbol, overall_score, confidence,"
            + " social_momentum, news_sentiment, source_counts, created_at)"
            + " SELECT timestamptz '2024-01-01 00:00:00+00' + (i / 10) * interval '1 minute',"
            + " (ARRAY['BTC','ETH','SOL','AAPL','TSLA','NVDA','MSFT','AMZN','GOOG','META'])[i % 10 + 1],"
            + " round((sin(i) * 0.99)::numeric, 4), round((0.5 + cos(i) * 0.49)::numeric, 4),"
            + " CASE WHEN i % 7 = 0 THEN NULL ELSE i % 100 / 100.0 END, (i % 200 - 100) / 100.0,"
            + " jsonb_build_object('news', i % 13, 'social', i % 17),"
            + " timestamptz '2024-06-01 00:00:00+00' + i * interval '1 second'"
            + " FROM generate_series(0, "
            + (rows - 1)
            + ") AS i;"
            + " INSERT INTO users (username, password_hash) VALUES ('alice', '$2a$hash'), ('bob', '$2a$hash2');");
  }

  /** Row count and an MD5 over every row in key order: equal fingerprints, equal data. */
  static String fingerprint(LocalPostgres postgres, String database) {
    return postgres.psql(
        database,
        "SELECT count(*) || ' ' || md5(coalesce(string_agg(t::text, '|' ORDER BY time, symbol), ''))"
            + " || ' users:' || (SELECT count(*) FROM users) FROM sentiment_data t");
  }
}
