package com.supernovaai.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class LocalServersIT {

  @Test
  void postgresThroughPgBouncerStopsAndComesBack() throws Exception {
    try (LocalPostgres postgres = LocalPostgres.startDefault();
        LocalPgBouncer bouncer = LocalPgBouncer.transactionPooling(postgres, "postgres", 4)) {
      assertThat(postgres.psql("postgres", "select 40 + 2")).isEqualTo("42");
      assertThat(queryOne(bouncer.jdbcUrl("postgres"), postgres)).isEqualTo(1);

      postgres.stop();
      assertThat(Processes.isListening(postgres.port())).isFalse();
      assertThatThrownBy(() -> queryOne(postgres.jdbcUrl("postgres"), postgres))
          .isInstanceOf(SQLException.class);

      postgres.start();
      // PgBouncer reconnects to the restarted server by itself.
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (true) {
        try {
          assertThat(queryOne(bouncer.jdbcUrl("postgres"), postgres)).isEqualTo(1);
          break;
        } catch (SQLException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(200);
        }
      }
    }
  }

  @Test
  void redisWithPasswordStopsAndComesBack() {
    try (LocalRedis redis = LocalRedis.start("requirepass s3cret\n")) {
      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        jedis.auth("s3cret");
        assertThat(jedis.ping()).isEqualTo("PONG");
      }
      redis.stop();
      assertThat(Processes.isListening(redis.port())).isFalse();
      redis.restart();
      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        jedis.auth("s3cret");
        assertThat(jedis.ping()).isEqualTo("PONG");
      }
    }
  }

  private static int queryOne(String url, LocalPostgres postgres) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, postgres.user(), postgres.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
