package com.supernovaai.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real redis-server in a temp dir on a free loopback port. The caller's redis.conf contents come
 * first; the launcher's own lines (port, bind, dir, no persistence) follow so they win. {@link
 * #stop()} and {@link #start()} keep the port, so tests can take Redis away and bring it back.
 * {@link #startPersistent} keeps the caller's persistence settings and {@link #kill()} crashes the
 * server, for durability tests.
 */
public final class LocalRedis implements AutoCloseable {

  private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");

  private final Path dir;
  private final Path conf;
  private final Path log;
  private final int port;
  private final boolean sentinel;
  private Process process;

  private LocalRedis(String confContents, int fixedPort, boolean persistent) throws IOException {
    this(confContents, fixedPort, persistent, false);
  }

  private LocalRedis(String confContents, int fixedPort, boolean persistent, boolean sentinel)
      throws IOException {
    if (!Files.isExecutable(REDIS_SERVER)) {
      throw Processes.missing("redis-server");
    }
    this.dir = Files.createTempDirectory("supernova-redis-");
    this.conf = dir.resolve("redis.conf");
    this.log = dir.resolve("redis.log");
    this.port = fixedPort > 0 ? fixedPort : Processes.freePort();
    this.sentinel = sentinel;
    String contents =
        (confContents == null ? "" : withoutDir(confContents) + "\n")
            + "# supernova test-support: these win over the lines above\n"
            + "port "
            + port
            + "\nbind 127.0.0.1\n"
            + "dir "
            + dir
            + "\nlogfile "
            + log
            + "\ndaemonize no\n"
            + (persistent ? "" : "save \"\"\nappendonly no\n");
    Files.writeString(conf, contents, StandardCharsets.UTF_8);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "local-redis-stop"));
  }

  /**
   * The caller's {@code dir} lines go: Redis changes into the directory while it reads the file, so
   * a directory that exists only in a pod (/data) would stop it before the launcher's line wins.
   */
  private static String withoutDir(String confContents) {
    return confContents
        .lines()
        .filter(line -> !line.trim().toLowerCase(java.util.Locale.ROOT).startsWith("dir "))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /** Starts redis-server with no extra configuration. */
  public static LocalRedis start() {
    return start("");
  }

  /** Starts redis-server with the given redis.conf contents (e.g. {@code requirepass ...}). */
  public static LocalRedis start(String confContents) {
    return start(confContents, 0);
  }

  /** Starts redis-server on a fixed port with the given redis.conf contents. */
  public static LocalRedis start(String confContents, int port) {
    try {
      LocalRedis redis = new LocalRedis(confContents, port, false);
      try {
        redis.restart();
      } catch (RuntimeException e) {
        redis.close();
        throw e;
      }
      return redis;
    } catch (IOException e) {
      throw new IllegalStateException("cannot create Redis temp dir", e);
    }
  }

  /**
   * Starts redis-server with the caller's persistence settings (appendonly, appendfsync, save) as
   * they are; the data directory survives {@link #stop()} and {@link #kill()}.
   */
  public static LocalRedis startPersistent(String confContents) {
    try {
      LocalRedis redis = new LocalRedis(confContents, 0, true);
      try {
        redis.restart();
      } catch (RuntimeException e) {
        redis.close();
        throw e;
      }
      return redis;
    } catch (IOException e) {
      throw new IllegalStateException("cannot create Redis temp dir", e);
    }
  }

  /**
   * A Sentinel ({@code redis-server --sentinel}) with the caller's sentinel.conf contents (monitor,
   * auth-pass, ...); it rewrites its file in the temp dir as a real one does.
   */
  public static LocalRedis startSentinel(String confContents) {
    try {
      LocalRedis redis = new LocalRedis(confContents, 0, false, true);
      try {
        redis.restart();
      } catch (RuntimeException e) {
        redis.close();
        throw e;
      }
      return redis;
    } catch (IOException e) {
      throw new IllegalStateException("cannot create Sentinel temp dir", e);
    }
  }

  /** SIGKILL, as the kernel's OOM killer or a node agent would: no shutdown, no final fsync. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
    Processes.awaitClosed(port, Duration.ofSeconds(10));
  }

  /** The data directory (AOF and RDB files). */
  public Path dataDirectory() {
    return dir;
  }

  /** Starts the process again after {@link #stop()}, on the same port. */
  public synchronized void restart() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      process =
          new ProcessBuilder(
                  sentinel
                      ? List.of(REDIS_SERVER.toString(), conf.toString(), "--sentinel")
                      : List.of(REDIS_SERVER.toString(), conf.toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.stdout").toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start redis-server: " + e.getMessage(), e);
    }
    Processes.awaitListening(port, Duration.ofSeconds(30), process, log);
  }

  /** Stops the process (SIGTERM, then SIGKILL) and waits until the port is closed. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
    Processes.awaitClosed(port, Duration.ofSeconds(10));
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:port}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public Path logFile() {
    return log;
  }

  @Override
  public void close() {
    stop();
    Processes.deleteTree(dir);
  }
}
