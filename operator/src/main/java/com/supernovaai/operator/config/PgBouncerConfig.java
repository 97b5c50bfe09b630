package com.supernovaai.operator.config;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.PoolerSpec;

/** pgbouncer.ini and userlist.txt of the pooler. */
public final class PgBouncerConfig {

  public static final String INI = "pgbouncer.ini";
  public static final String USERLIST = "userlist.txt";
  public static final String DIRECTORY = "/etc/pgbouncer";

  private PgBouncerConfig() {}

  /**
   * The configuration for one upstream database. Transaction mode breaks server-side prepared
   * statements before PgBouncer 1.21, which is why the API server connects with prepareThreshold=0.
   */
  public static String ini(
      PoolerSpec pooler, String host, int port, String database, boolean serverTls) {
    return ini(pooler, host, null, port, database, serverTls);
  }

  /** Suffix of the read-only pool's database name: {@code <database>_ro}. */
  public static final String READ_ONLY_SUFFIX = "_ro";

  /**
   * The configuration with, when {@code readOnlyHost} is set, a second pool {@code <database>_ro}
   * to the same database on the replicas behind that host.
   */
  public static String ini(
      PoolerSpec pooler,
      String host,
      String readOnlyHost,
      int port,
      String database,
      boolean serverTls) {
    return "# Rendered by the SuperNova operator.\n"
        + "[databases]\n"
        + pool(database, host, port, database)
        + (readOnlyHost == null
            ? ""
            : pool(database + READ_ONLY_SUFFIX, readOnlyHost, port, database))
        + "\n"
        + "[pgbouncer]\n"
        + "listen_addr = 0.0.0.0\n"
        + "listen_port = "
        + StackNames.POOLER_PORT
        + "\n"
        + "unix_socket_dir =\n"
        + "auth_type = scram-sha-256\n"
        + "auth_file = "
        + DIRECTORY
        + "/"
        + USERLIST
        + "\n"
        + "pool_mode = "
        + pooler.getPoolMode().iniValue()
        + "\n"
        + "max_client_conn = "
        + pooler.getMaxClientConnections()
        + "\n"
        + "default_pool_size = "
        + pooler.getDefaultPoolSize()
        + "\n"
        + "min_pool_size = 0\n"
        + "reserve_pool_size = 5\n"
        + "reserve_pool_timeout = 3\n"
        + "max_db_connections = "
        + pooler.getMaxDatabaseConnections()
        + "\n"
        + "server_reset_query = DISCARD ALL\n"
        + "server_reset_query_always = 0\n"
        + "server_check_query = select 1\n"
        + "server_check_delay = 30\n"
        + "server_connect_timeout = 15\n"
        // A replicated database's primary moves in seconds (the Service follows it): retry a
        // failed server connect after 1 s, not the 15 s that stretched a 3 s failover to 15 s.
        + "server_login_retry = "
        + (readOnlyHost == null ? 15 : 1)
        + "\n"
        + "server_idle_timeout = 600\n"
        + "server_lifetime = 3600\n"
        + "query_wait_timeout = 120\n"
        + "client_login_timeout = 60\n"
        + "idle_transaction_timeout = 0\n"
        + "ignore_startup_parameters = extra_float_digits,options\n"
        + (serverTls ? "server_tls_sslmode = require\n" : "server_tls_sslmode = prefer\n")
        + "log_connections = 0\n"
        + "log_disconnections = 0\n"
        + "log_pooler_errors = 1\n"
        + "stats_period = 60\n";
  }

  private static String pool(String name, String host, int port, String database) {
    return name + " = host=" + host + " port=" + port + " dbname=" + database + "\n";
  }

  /** userlist.txt with one user; PgBouncer escapes a double quote by doubling it. */
  public static String userlist(String user, String password) {
    return "\"" + user.replace("\"", "\"\"") + "\" \"" + password.replace("\"", "\"\"") + "\"\n";
  }
}
