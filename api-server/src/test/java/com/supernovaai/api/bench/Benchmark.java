package com.supernovaai.api.bench;

import com.supernovaai.testsupport.LocalPgBouncer;
import com.supernovaai.testsupport.LocalPostgres;
import com.supernovaai.testsupport.LocalRedis;
import com.supernovaai.testsupport.Processes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator (not a test). Starts PostgreSQL, PgBouncer (transaction mode) and Redis on
 * loopback, runs {@code supernova-api.jar} as its own process against them, then drives it with
 * closed-loop concurrent clients and prints requests/s and p50/p99 per scenario: an ingest mix, and
 * a read mix with the cache on and with the cache off ({@code Cache-Control: no-cache}).
 *
 * <p>Run: {@code api-server/bench/run-benchmark.sh [--clients N] [--seconds S]}. Bounded: every
 * scenario stops after S seconds (default 15), traffic goes to 127.0.0.1 only.
 */
public final class Benchmark {

  private static final int SYMBOLS = 20;
  private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI base;
  private String token;

  private Benchmark(URI base) {
    this.base = base;
  }

  public static void main(String[] args) throws Exception {
    int clients = intArg(args, "--clients", 16);
    int seconds = intArg(args, "--seconds", 15);
    Path jar = Path.of(stringArg(args, "--jar", "api-server/target/supernova-api.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " not found: build with mvn package first");
    }
    try (LocalPostgres postgres = LocalPostgres.startDefault()) {
      postgres.createDatabase("supernova");
      try (LocalPgBouncer bouncer = LocalPgBouncer.transactionPooling(postgres, "supernova", 20);
          LocalRedis redis = LocalRedis.start("requirepass bench-redis-pass\n")) {
        int port = Processes.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("SUPERNOVA_HOST", "127.0.0.1");
        env.put("SUPERNOVA_PORT", String.valueOf(port));
        env.put("DATABASE_URL", "postgresql://127.0.0.1:" + bouncer.port() + "/supernova");
        env.put("DATABASE_USER", postgres.user());
        env.put("DATABASE_PASSWORD", postgres.password());
        env.put("DATABASE_POOL_SIZE", "20");
        env.put("REDIS_URL", redis.url());
        env.put("REDIS_PASSWORD", "bench-redis-pass");
        env.put("SUPERNOVA_ADMIN_USERNAME", "bench-admin");
        env.put("SUPERNOVA_ADMIN_PASSWORD", "bench-admin-password");
        env.put("JWT_SECRET_KEY", "benchmark-secret-benchmark-secret-benchmark");
        env.put("RATE_LIMIT_REQUESTS_PER_HOUR", "1000000000");
        env.put("RATE_LIMIT_BURST_SIZE", "100000000");
        env.put("RATE_LIMIT_ADDRESS_PER_MINUTE", "10000000");
        env.put("RATE_LIMIT_ADDRESS_BURST", "10000000");
        env.put("RATE_LIMIT_AUTH_PER_MINUTE", "10000000");
        env.put("RATE_LIMIT_AUTH_BURST", "10000000");
        env.put("LOG_LEVEL", "WARN");
        env.put("SUPERNOVA_SHUTDOWN_DRAIN_SECONDS", "0");
        Path log = Files.createTempFile("supernova-bench-server", ".log");
        log.toFile().deleteOnExit();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
            new ProcessBuilder(java, "-Xms512m", "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process server = pb.start();
        try {
          Benchmark bench = new Benchmark(URI.create("http://127.0.0.1:" + port));
          bench.awaitReady(server, log);
          bench.run(clients, seconds);
        } finally {
          server.destroy();
          server.waitFor(30, TimeUnit.SECONDS);
          server.destroyForcibly();
        }
      }
    }
  }

  private void run(int clients, int seconds) throws Exception {
    token = register();
    System.out.printf(
        Locale.ROOT,
        "SuperNova API benchmark: %d clients, %d s per scenario, server -> PgBouncer (transaction"
            + " mode) -> PostgreSQL, Redis; %d cores%n",
        clients,
        seconds,
        Runtime.getRuntime().availableProcessors());
    System.out.println("seeding 24 h of minute points for " + SYMBOLS + " symbols ...");
    seed();

    List<Result> results = new ArrayList<>();
    // Short warm-up so the JIT and the pools are not measured.
    scenario("warm-up", clients, 3, this::readMix);
    results.add(scenario("ingest mix (10-point batches)", clients, seconds, this::ingestMix));
    results.add(scenario("read mix, cache on", clients, seconds, this::readMix));
    results.add(scenario("read mix, cache off", clients, seconds, this::readMixNoCache));

    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-32s %8s %9s %7s %10s %9s %9s%n",
        "scenario",
        "clients",
        "requests",
        "errors",
        "req/s",
        "p50 ms",
        "p99 ms");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "%-32s %8d %9d %7d %10.0f %9.2f %9.2f%n",
          r.name,
          clients,
          r.requests,
          r.errors,
          r.rps,
          r.p50,
          r.p99);
    }
  }

  /** One request of a scenario; returns the HTTP status. */
  private interface Step {
    int call() throws Exception;
  }

  private Result scenario(String name, int clients, int seconds, Step step) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong errors = new AtomicLong();
    List<long[]> samples = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long started = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      long[][] mine = {new long[1 << 16]};
      int[] count = {0};
      Thread t =
          new Thread(
              () -> {
                while (System.nanoTime() < deadline) {
                  long t0 = System.nanoTime();
                  int status;
                  try {
                    status = step.call();
                  } catch (Exception e) {
                    status = -1;
                  }
                  long took = System.nanoTime() - t0;
                  if (status < 200 || status >= 300) {
                    errors.incrementAndGet();
                  }
                  if (count[0] == mine[0].length) {
                    mine[0] = Arrays.copyOf(mine[0], mine[0].length * 2);
                  }
                  mine[0][count[0]++] = took;
                }
                synchronized (samples) {
                  samples.add(Arrays.copyOf(mine[0], count[0]));
                }
              },
              "bench-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    Result r =
        new Result(
            name,
            all.length,
            errors.get(),
            all.length / elapsed,
            percentile(all, 0.50),
            percentile(all, 0.99));
    System.out.printf(
        Locale.ROOT,
        "  %-30s %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  errors %d%n",
        name,
        r.rps,
        r.p50,
        r.p99,
        r.errors);
    return r;
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  private int ingestMix() throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder body = new StringBuilder("[");
    Instant now = Instant.parse("2024-06-02T00:00:00Z");
    for (int i = 0; i < 10; i++) {
      if (i > 0) {
        body.append(',');
      }
      Instant t = now.plusMillis(random.nextLong(0, 30L * 24 * 3600 * 1000));
      body.append("{\"timestamp\":\"")
          .append(t)
          .append("\",\"symbol\":\"SYM")
          .append(random.nextInt(SYMBOLS))
          .append("\",\"overall_score\":")
          .append(String.format(Locale.ROOT, "%.3f", random.nextDouble(-1, 1)))
          .append(",\"confidence\":")
          .append(String.format(Locale.ROOT, "%.3f", random.nextDouble()))
          .append(",\"source_counts\":{\"twitter\":")
          .append(random.nextInt(1000))
          .append("}}");
    }
    return post("/api/sentiment", body.append(']').toString());
  }

  /** 80 % hourly roll-ups (cacheable), 20 % latest points. */
  private int readMix() throws Exception {
    return read(false);
  }

  private int readMixNoCache() throws Exception {
    return read(true);
  }

  private int read(boolean noCache) throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String symbol = "SYM" + random.nextInt(SYMBOLS);
    if (random.nextInt(10) < 8) {
      String path =
          "/api/sentiment/" + symbol + "/hourly?from=2024-06-01T00:00:00Z&to=2024-06-01T23:59:59Z";
      return get(path, noCache);
    }
    return get("/api/sentiment/" + symbol + "?limit=50", false);
  }

  private void seed() throws Exception {
    Instant start = Instant.parse("2024-06-01T00:00:00Z");
    for (int s = 0; s < SYMBOLS; s++) {
      for (int chunk = 0; chunk < 24 * 60; chunk += 720) {
        StringBuilder body = new StringBuilder("[");
        for (int m = chunk; m < chunk + 720; m++) {
          if (m > chunk) {
            body.append(',');
          }
          body.append("{\"timestamp\":\"")
              .append(start.plusSeconds(m * 60L))
              .append("\",\"symbol\":\"SYM")
              .append(s)
              .append("\",\"overall_score\":")
              .append(String.format(Locale.ROOT, "%.3f", Math.sin(m / 60.0)))
              .append(",\"confidence\":0.8,\"social_momentum\":")
              .append(m % 17)
              .append('}');
        }
        int status = post("/api/sentiment", body.append(']').toString());
        if (status != 200) {
          throw new IllegalStateException("seeding failed with HTTP " + status);
        }
      }
    }
  }

  /** A writer made by the benchmark server's administrator (self-registration is off). */
  private String register() throws Exception {
    String admin = login("{\"username\":\"bench-admin\",\"password\":\"bench-admin-password\"}");
    String user = "bench-" + System.nanoTime();
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(base.resolve("/admin/users"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + admin)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\""
                            + user
                            + "\",\"password\":\"bench-password\",\"roles\":[\"read\",\"write\"]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("creating the user failed: HTTP " + created.statusCode());
    }
    return login("{\"username\":\"" + user + "\",\"password\":\"bench-password\"}");
  }

  private String login(String credentials) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(credentials))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher m = TOKEN.matcher(r.body());
    if (r.statusCode() != 200 || !m.find()) {
      throw new IllegalStateException("login failed: HTTP " + r.statusCode());
    }
    return m.group(1);
  }

  private int post(String path, String body) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private int get(String path, boolean noCache) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token);
    if (noCache) {
      b.header("Cache-Control", "no-cache");
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private void awaitReady(Process server, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("server exited:\n" + Files.readString(log));
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(base.resolve("/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("server not ready after 90 s");
  }

  private static int intArg(String[] args, String name, int fallback) {
    return Integer.parseInt(stringArg(args, name, String.valueOf(fallback)));
  }

  private static String stringArg(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  private record Result(
      String name, long requests, long errors, double rps, double p50, double p99) {}
}
