package com.supernovaai.api.web;

import io.micronaut.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What readiness answers, decided from the state of each dependency. Readiness means "this replica
 * can serve": PostgreSQL holds the data, so without it the replica is not ready; Redis is a cache,
 * the shared rate limit and live push, all of which have a fallback, so without it the replica is
 * ready but {@code degraded} (a Redis restart must not empty the Service).
 */
public record Readiness(HttpStatus httpStatus, String status, Map<String, String> checks) {

  public static final String UP = "up";
  public static final String DOWN = "down";
  public static final String TIMEOUT = "timeout";

  /** Draining after SIGTERM: not ready, whatever the dependencies say. */
  public static Readiness draining() {
    return new Readiness(HttpStatus.SERVICE_UNAVAILABLE, "draining", null);
  }

  /** From each check's outcome: {@link #UP}, {@link #DOWN} or {@link #TIMEOUT}. */
  public static Readiness of(String database, String redis) {
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put("database", database);
    checks.put("redis", redis);
    if (!UP.equals(database)) {
      return new Readiness(HttpStatus.SERVICE_UNAVAILABLE, "not_ready", checks);
    }
    if (!UP.equals(redis)) {
      return new Readiness(HttpStatus.OK, "degraded", checks);
    }
    return new Readiness(HttpStatus.OK, "ready", checks);
  }
}
