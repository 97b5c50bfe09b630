package com.supernovaai.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer in a temp dir on a free loopback port, from the caller's pgbouncer.ini contents
 * ([databases] and [pgbouncer] sections). The launcher owns listen address/port, socket dir, pid
 * and log files, and auth_file when a userlist is given: those keys are replaced in the [pgbouncer]
 * section. PgBouncer refuses to run as root, so as root it runs unprivileged.
 */
public final class LocalPgBouncer implements AutoCloseable {

  private static final Path PGBOUNCER = Path.of("/usr/sbin/pgbouncer");

  private final Path dir;
  private final Path ini;
  private final Path log;
  private final int port;
  private Process process;

  private LocalPgBouncer(String iniContents, String userlistContents, int fixedPort)
      throws IOException {
    if (!Files.isExecutable(PGBOUNCER)) {
      throw Processes.missing("pgbouncer");
    }
    this.dir = Files.createTempDirectory("supernova-pgbouncer-");
    this.ini = dir.resolve("pgbouncer.ini");
    this.log = dir.resolve("pgbouncer.log");
    this.port = fixedPort > 0 ? fixedPort : Processes.freePort();
    Map<String, String> owned = new LinkedHashMap<>();
    owned.put("listen_addr", "127.0.0.1");
    owned.put("listen_port", String.valueOf(port));
    owned.put("unix_socket_dir", dir.toString());
    owned.put("logfile", log.toString());
    owned.put("pidfile", dir.resolve("pgbouncer.pid").toString());
    if (userlistContents != null) {
      Path userlist = dir.resolve("userlist.txt");
      Files.writeString(userlist, userlistContents, StandardCharsets.UTF_8);
      owned.put("auth_file", userlist.toString());
    }
    Files.writeString(
        ini, mergeIni(iniContents == null ? "" : iniContents, owned), StandardCharsets.UTF_8);
    ProcessUser.own(dir);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "local-pgbouncer-stop"));
  }

  /**
   * Puts the launcher's keys into the [pgbouncer] section, replacing the caller's values for them.
   * (A second [pgbouncer] section is not an option: PgBouncer would reset the first one's keys.)
   */
  static String mergeIni(String iniContents, Map<String, String> owned) {
    List<String> out = new ArrayList<>();
    boolean inPgbouncer = false;
    boolean sawPgbouncer = false;
    for (String line : iniContents.split("\\R", -1)) {
      String trimmed = line.trim();
      if (trimmed.startsWith("[")) {
        inPgbouncer = trimmed.equalsIgnoreCase("[pgbouncer]");
        out.add(line);
        if (inPgbouncer && !sawPgbouncer) {
          sawPgbouncer = true;
          out.add("; supernova test-support: these win over the caller's values");
          owned.forEach((k, v) -> out.add(k + " = " + v));
        }
        continue;
      }
      if (inPgbouncer) {
        int eq = trimmed.indexOf('=');
        if (eq > 0 && owned.containsKey(trimmed.substring(0, eq).trim().toLowerCase())) {
          continue;
        }
      }
      out.add(line);
    }
    if (!sawPgbouncer) {
      out.add("[pgbouncer]");
      owned.forEach((k, v) -> out.add(k + " = " + v));
    }
    return String.join("\n", out) + "\n";
  }

  /** Starts PgBouncer with the given pgbouncer.ini and userlist.txt contents. */
  public static LocalPgBouncer start(String iniContents, String userlistContents) {
    return start(iniContents, userlistContents, 0);
  }

  /** Starts PgBouncer on a fixed port. */
  public static LocalPgBouncer start(String iniContents, String userlistContents, int port) {
    try {
      LocalPgBouncer bouncer = new LocalPgBouncer(iniContents, userlistContents, port);
      try {
        bouncer.restart();
      } catch (RuntimeException e) {
        bouncer.close();
        throw e;
      }
      return bouncer;
    } catch (IOException e) {
      throw new IllegalStateException("cannot create PgBouncer temp dir", e);
    }
  }

  /**
   * A transaction-mode PgBouncer in front of {@code postgres}, for one database, authenticating
   * clients with the server's own user and password (md5 against the userlist).
   */
  public static LocalPgBouncer transactionPooling(
      LocalPostgres postgres, String database, int poolSize) {
    return transactionPooling(postgres, database, poolSize, postgres.user(), postgres.password());
  }

  /** The same, for clients that log in as {@code user} (e.g. an application role). */
  public static LocalPgBouncer transactionPooling(
      LocalPostgres postgres, String database, int poolSize, String user, String password) {
    String iniContents =
        "[databases]\n"
            + database
            + " = host=127.0.0.1 port="
            + postgres.port()
            + " dbname="
            + database
            + "\n\n[pgbouncer]\n"
            + "auth_type = md5\n"
            + "pool_mode = transaction\n"
            + "default_pool_size = "
            + poolSize
            + "\nmax_client_conn = 500\n"
            // pgjdbc sends extra_float_digits as a startup parameter.
            + "ignore_startup_parameters = extra_float_digits,options\n"
            + "server_login_retry = 1\n"
            + "query_wait_timeout = 5\n"
            + "server_connect_timeout = 3\n";
    String userlist = quote(user) + " " + quote(password) + "\n";
    return start(iniContents, userlist);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  /** Starts the process again after {@link #stop()}, on the same port. */
  public synchronized void restart() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      process =
          new ProcessBuilder(ProcessUser.wrap(List.of(PGBOUNCER.toString(), ini.toString())))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("pgbouncer.stdout").toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start pgbouncer: " + e.getMessage(), e);
    }
    Processes.awaitListening(port, Duration.ofSeconds(30), process, log);
  }

  /** Stops the process (SIGTERM is PgBouncer's immediate shutdown). */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
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

  /**
   * A JDBC URL through this PgBouncer, safe for transaction pooling (no server-side statements).
   */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?prepareThreshold=0";
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
