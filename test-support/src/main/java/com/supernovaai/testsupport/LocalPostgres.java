package com.supernovaai.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL server (Debian's binaries) in a temp dir on a free loopback port. TCP clients
 * authenticate with SCRAM as {@link #user()} / {@link #password()}; {@link #psql} uses the local
 * socket. {@link #stop()} and {@link #start()} keep the data dir and port, so tests can take the
 * database away and bring it back; {@link #close()} removes everything.
 */
public final class LocalPostgres implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final Path data;
  private final Path log;
  private final int port;
  private final String user;
  private final String password;
  private final Map<String, String> environment;
  private volatile boolean running;

  private LocalPostgres(Builder builder) throws IOException {
    this.dir = Files.createTempDirectory("supernova-pg-");
    this.data = dir.resolve("data");
    this.log = dir.resolve("postgres.log");
    this.port = builder.port > 0 ? builder.port : Processes.freePort();
    this.user = builder.user;
    this.password = builder.password;
    this.environment = Map.copyOf(builder.environment);

    if (builder.restore != null) {
      restoreDataDirectory(builder);
      return;
    }
    Path pwfile = dir.resolve("pwfile");
    Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
    ProcessUser.own(dir);
    Processes.run(
        ProcessUser.wrap(
            List.of(
                Processes.postgresBinary("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                user,
                "--pwfile=" + pwfile,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync")),
        Duration.ofMinutes(2));
    Files.deleteIfExists(pwfile);

    if (builder.postgresqlConf != null) {
      writeCallerConfiguration(builder);
      ProcessUser.own(dir);
      Runtime.getRuntime().addShutdownHook(new Thread(this::stopQuietly, "local-postgres-stop"));
      return;
    }
    String conf =
        "\n# supernova test-support\n"
            + "listen_addresses = '127.0.0.1'\n"
            + "port = "
            + port
            + "\n"
            + "unix_socket_directories = '"
            + dir
            + "'\n"
            + "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            + "max_connections = 200\nshared_buffers = 64MB\n"
            + "log_min_messages = warning\n"
            + (builder.extraConf == null ? "" : builder.extraConf + "\n");
    Files.writeString(
        data.resolve("postgresql.conf"),
        conf,
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    ProcessUser.own(dir);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopQuietly, "local-postgres-stop"));
  }

  /**
   * The data directory is filled by the caller (a restore from a backup) instead of initdb; the
   * restored postgresql.conf is kept, followed by the lines the launcher owns and {@link
   * Builder#extraConf}.
   */
  private void restoreDataDirectory(Builder builder) throws IOException {
    Files.createDirectories(
        data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    ProcessUser.own(dir);
    builder.restore.accept(data);
    String conf =
        "\n# supernova test-support: restored copy, these win over the lines above\n"
            + "listen_addresses = '127.0.0.1'\n"
            + "port = "
            + port
            + "\n"
            + "unix_socket_directories = '"
            + dir
            + "'\n"
            + (builder.extraConf == null ? "" : builder.extraConf + "\n");
    Files.writeString(
        data.resolve("postgresql.conf"),
        conf,
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    ProcessUser.own(dir);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopQuietly, "local-postgres-stop"));
  }

  /**
   * The caller's postgresql.conf replaces the one initdb wrote, followed only by the lines the
   * launcher must own: where to listen and, when the caller gives a pg_hba.conf, where that is.
   */
  private void writeCallerConfiguration(Builder builder) throws IOException {
    StringBuilder conf = new StringBuilder(builder.postgresqlConf);
    conf.append("\n# supernova test-support: these win over the lines above\n")
        .append("listen_addresses = '127.0.0.1'\n")
        .append("port = ")
        .append(port)
        .append('\n')
        .append("unix_socket_directories = '")
        .append(dir)
        .append("'\n");
    if (builder.hbaConf != null) {
      Path hba = data.resolve("pg_hba.conf");
      Files.writeString(hba, builder.hbaConf, StandardCharsets.UTF_8);
      conf.append("hba_file = '").append(hba).append("'\n");
    }
    Files.writeString(data.resolve("postgresql.conf"), conf.toString(), StandardCharsets.UTF_8);
  }

  /** Starts a server with defaults (superuser {@code postgres}, a random password). */
  public static LocalPostgres startDefault() {
    return builder().start();
  }

  /** Options for a new server. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts (or restarts after {@link #stop()}) the server on the same port and data dir. */
  public synchronized void start() {
    if (running) {
      return;
    }
    List<String> pgCtl =
        List.of(
            Processes.postgresBinary("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            log.toString(),
            "-w",
            "-t",
            String.valueOf(START_TIMEOUT.toSeconds()),
            "start");
    Processes.run(
        environment.isEmpty() ? ProcessUser.wrap(pgCtl) : ProcessUser.wrapKeepingEnvironment(pgCtl),
        environment,
        START_TIMEOUT.plusSeconds(10));
    Processes.awaitListening(port, START_TIMEOUT, null, log);
    running = true;
  }

  /** Stops the server (fast shutdown: open sessions are disconnected). */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    Processes.run(
        ProcessUser.wrap(
            List.of(
                Processes.postgresBinary("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-m",
                "fast",
                "-w",
                "stop")),
        Duration.ofSeconds(60));
    running = false;
  }

  /** Runs SQL as the superuser through the local socket and returns psql's unaligned output. */
  public String psql(String database, String sql) {
    List<String> command = new ArrayList<>();
    command.add(Processes.postgresBinary("psql").toString());
    command.addAll(
        List.of(
            "-h",
            dir.toString(),
            "-p",
            String.valueOf(port),
            "-U",
            user,
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-X",
            "-q",
            "-A",
            "-t",
            "-c",
            sql));
    return Processes.run(ProcessUser.wrap(command), Duration.ofSeconds(60)).output().trim();
  }

  /** Creates a database owned by the superuser. */
  public void createDatabase(String name) {
    psql("postgres", "CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
  }

  /**
   * Creates a login role and a database it owns, as the operator's db-init.sh (or a managed
   * database) gives the API server: no superuser, no CREATEDB/CREATEROLE, no predefined roles such
   * as pg_read_all_settings. Applications then connect as that role, not as {@link #user()}.
   */
  public void createOwnedDatabase(String database, String role, String rolePassword) {
    String quotedRole = "\"" + role.replace("\"", "\"\"") + "\"";
    psql(
        "postgres",
        "CREATE ROLE "
            + quotedRole
            + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '"
            + rolePassword.replace("'", "''")
            + "'");
    psql(
        "postgres",
        "CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\" OWNER " + quotedRole);
  }

  public boolean isRunning() {
    return running;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** A JDBC URL for the given database (no credentials in it). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The data directory (PGDATA). */
  public Path dataDirectory() {
    return data;
  }

  /** The directory of the local socket. */
  public Path socketDirectory() {
    return dir;
  }

  /** The server log, for failure messages. */
  public Path logFile() {
    return log;
  }

  @Override
  public void close() {
    stopQuietly();
    Processes.deleteTree(dir);
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException e) {
      // Already gone, or the JVM is exiting: nothing useful to do.
    }
  }

  /** Options for {@link LocalPostgres}. */
  public static final class Builder {
    private int port;
    private String user = "postgres";
    private String password = "pg-" + Long.toHexString(System.nanoTime());
    private String extraConf;
    private String postgresqlConf;
    private String hbaConf;
    private final Map<String, String> environment = new java.util.HashMap<>();
    private java.util.function.Consumer<Path> restore;

    private Builder() {}

    /**
     * Environment variables of the server and so of the commands it runs (archive_command,
     * restore_command); kept off every command line.
     */
    public Builder environment(Map<String, String> variables) {
      this.environment.putAll(variables);
      return this;
    }

    /**
     * Instead of initdb, {@code restore} fills the empty data directory it is given (mode 0700,
     * owned by the server's account), e.g. with a restore from a backup.
     */
    public Builder restoredBy(java.util.function.Consumer<Path> restore) {
      this.restore = restore;
      return this;
    }

    /** Fixed port instead of a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Superuser name (default {@code postgres}). */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** Lines appended to postgresql.conf (they win over the defaults). */
    public Builder extraConf(String postgresqlConfContents) {
      this.extraConf = postgresqlConfContents;
      return this;
    }

    /**
     * A whole postgresql.conf instead of the launcher's test defaults (which turn fsync off): the
     * server runs with exactly these settings, except listen_addresses, port and
     * unix_socket_directories, which the launcher owns. {@link #extraConf} is ignored then.
     */
    public Builder postgresqlConf(String postgresqlConfContents) {
      this.postgresqlConf = postgresqlConfContents;
      return this;
    }

    /**
     * pg_hba.conf contents, written into the data directory; used with {@link #postgresqlConf} (the
     * launcher then owns hba_file).
     */
    public Builder hbaConf(String pgHbaConfContents) {
      this.hbaConf = pgHbaConfContents;
      return this;
    }

    /** Creates the cluster and starts it. */
    public LocalPostgres start() {
      try {
        LocalPostgres postgres = new LocalPostgres(this);
        try {
          postgres.start();
        } catch (RuntimeException e) {
          postgres.close();
          throw e;
        }
        return postgres;
      } catch (IOException e) {
        throw new IllegalStateException("cannot create PostgreSQL temp dir", e);
      }
    }
  }
}
