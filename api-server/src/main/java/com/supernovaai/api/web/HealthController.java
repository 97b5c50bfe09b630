package com.supernovaai.api.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.supernovaai.api.auth.Anonymous;
import com.supernovaai.api.redis.RedisGuard;
import com.supernovaai.api.sentiment.SentimentRepository;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Liveness touches nothing; readiness asks PostgreSQL and Redis (2 s each, in parallel) and answers
 * as {@link Readiness} decides: PostgreSQL down is 503, Redis down is 200 {@code degraded}.
 */
@Controller("/health")
@Anonymous
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
      return respond(Readiness.draining());
    }
    CompletableFuture<String> db = check(database::ping);
    CompletableFuture<String> cache = check(redis::ping);
    return respond(Readiness.of(outcome(db), outcome(cache)));
  }

  private static HttpResponse<Status> respond(Readiness readiness) {
    return HttpResponse.<Status>status(readiness.httpStatus())
        .body(new Status(readiness.status(), readiness.checks()));
  }

  private CompletableFuture<String> check(Runnable probe) {
    return CompletableFuture.supplyAsync(
        () -> {
          probe.run();
          return Readiness.UP;
        },
        checks);
  }

  private static String outcome(CompletableFuture<String> future) {
    try {
      return future.get(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      future.cancel(true);
      return Readiness.TIMEOUT;
    } catch (Exception e) {
      return Readiness.DOWN;
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
