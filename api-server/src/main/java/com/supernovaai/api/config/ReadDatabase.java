package com.supernovaai.api.config;

import java.util.Map;

/**
 * The optional read-only database ({@code DATABASE_READ_URL}): Micronaut's second datasource,
 * {@code read}, which the sentiment reads use (see {@code ReadRouting}). Its pool never blocks the
 * server: it may start, and stay, without a replica to connect to.
 */
public record ReadDatabase(String jdbcUrl, String user, String password) {

  /** Name of the Micronaut datasource ({@code datasources.read}). */
  public static final String DATASOURCE = "read";

  /**
   * How long a read waits for a connection of the read pool before it goes to the primary: short,
   * since a replica that cannot be reached must not slow the reads down for long.
   */
  public static final long CONNECTION_TIMEOUT_MILLIS = 2000;

  void addTo(Map<String, Object> p, int poolSize) {
    String prefix = "datasources." + DATASOURCE + ".";
    p.put(prefix + "url", jdbcUrl);
    p.put(prefix + "driver-class-name", "org.postgresql.Driver");
    p.put(prefix + "dialect", "POSTGRES");
    if (user != null) {
      p.put(prefix + "username", user);
    }
    if (password != null) {
      p.put(prefix + "password", password);
    }
    p.put(prefix + "maximum-pool-size", poolSize);
    p.put(prefix + "minimum-idle", Math.min(2, poolSize));
    p.put(prefix + "connection-timeout", CONNECTION_TIMEOUT_MILLIS);
    p.put(prefix + "validation-timeout", 1000);
    // Start without a replica (none yet, or all down): the primary serves the reads meanwhile.
    p.put(prefix + "initialization-fail-timeout", -1);
    p.put(prefix + "pool-name", "supernova-read");
  }

  @Override
  public String toString() {
    return "ReadDatabase[jdbcUrl=" + Settings.redactUrl(jdbcUrl) + ", user=" + user + "]";
  }
}
