package com.supernovaai.api.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.supernovaai.api.redis.RedisGuard;
import com.supernovaai.api.sentiment.SentimentRepository;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.annotation.PreDestroy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Liveness touches nothing; readiness needs PostgreSQL and Redis to answer within 2 s. */
@Controller("/health")
public class HealthController {

  private static final long CHECK_TIMEOUT_MS = 2000;

  private final SentimentRepository database;
  private final RedisGuard redis;
  private final Lifecycle lifecycle;
  private final ExecutorService checks =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "readiness-check");
            t.setDaemon(true);
            return t;
          });

  public HealthController(SentimentRepository database, RedisGuard redis, Lifecycle lifecycle) {
    this.database = database;
    this.redis = redis;
    this.lifecycle = lifecycle;
  }

  @Get
  public Status health() {
    return new Status("healthy", null);
  }

  @Get("/ready")
  @ExecuteOn(TaskExecutors.BLOCKING)
  public HttpResponse<Status> ready() {
    if (lifecycle.isDraining()) {
      return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(new Status("draining", null));
    }
    CompletableFuture<String> db = check(database::ping);
    CompletableFuture<String> cache = check(redis::ping);
    Map<String, String> result = new LinkedHashMap<>();
    result.put("database", outcome(db));
    result.put("redis", outcome(cache));
    boolean ready = result.values().stream().allMatch("up"::equals);
    return HttpResponse.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .body(new Status(ready ? "ready" : "not_ready", result));
  }

  private CompletableFuture<String> check(Runnable probe) {
    return CompletableFuture.supplyAsync(
        () -> {
          probe.run();
          return "up";
        },
        checks);
  }

  private static String outcome(CompletableFuture<String> future) {
    try {
      return future.get(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      future.cancel(true);
      return "timeout";
    } catch (Exception e) {
      return "down";
    }
  }

  @PreDestroy
  void close() {
    checks.shutdownNow();
  }

  /** Health body: a status and, for readiness, each dependency's state. */
  @Serdeable
  public record Status(
      @JsonProperty("status") String status, @JsonProperty("checks") Map<String, String> checks) {}
}
