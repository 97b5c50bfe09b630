package com.supernovaai.operator.config;

import com.supernovaai.operator.cache.OperatorSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * patroni.yml of a replicated database (docs/design/database-ha.md, "Replicas and failover"): the
 * Kubernetes API as Patroni's store, the PostgreSQL parameters the single instance gets too, and no
 * per-pod value and no password (those come from PATRONI_* variables).
 */
public final class PatroniConfig {

  /** Patroni's REST API port: health checks, and what the members ask of each other. */
  public static final int REST_PORT = 8008;

  /** Replication role that Patroni creates at bootstrap and the replicas connect as. */
  public static final String REPLICATION_USER = "standby";

  /** Label Patroni sets on each member's pod: {@code master} or {@code replica} (Patroni 3.0). */
  public static final String ROLE_LABEL = "role";

  public static final String REPLICA_ROLE = "replica";

  /** A replica further behind than this is never promoted (Patroni's maximum_lag_on_failover). */
  public static final long MAXIMUM_LAG_ON_FAILOVER_BYTES = 1_048_576;

  /** Patroni owns these: it listens and writes pg_hba.conf itself, and sets the port. */
  private static final Set<String> OWNED_BY_PATRONI =
      Set.of("listen_addresses", "port", "hba_file");

  /** What streaming replication, rewind and slots need, whatever the stack's parameters say. */
  private static final Map<String, String> REPLICATION =
      Map.of(
          "wal_level", "replica",
          "hot_standby", "on",
          "wal_log_hints", "on",
          "max_wal_senders", "10",
          "max_replication_slots", "10",
          "wal_keep_size", "128MB");

  private PatroniConfig() {}

  /** What a cluster is called and how its pods are told apart from every other stack's. */
  public record Cluster(
      String scope,
      Map<String, String> labels,
      String scopeLabel,
      String portName,
      int port,
      String dataDirectory,
      String postBootstrap) {}

  /**
   * The file. {@code postgresParameters} are postgresql.conf settings as {@link PostgresConfig}
   * renders them (strings single-quoted); Patroni quotes values itself, so the quotes are removed.
   */
  public static String render(
      Cluster cluster, Map<String, String> postgresParameters, boolean synchronous) {
    Map<String, String> parameters = parameters(postgresParameters);

    Map<String, Object> dcsPostgres = new LinkedHashMap<>();
    dcsPostgres.put("use_pg_rewind", true);
    dcsPostgres.put("use_slots", true);
    // Settings every member must share (max_connections, wal_level ...) are read from the store
    // once it exists; the bootstrap copy is what the cluster starts with.
    dcsPostgres.put("parameters", parameters);
    Map<String, Object> dcs = new LinkedHashMap<>();
    // A leader that cannot renew its key demotes itself before ttl runs out (loop_wait + 2 *
    // retry_timeout <= ttl), and no replica takes the key before ttl: the fencing.
    dcs.put("ttl", 30);
    dcs.put("loop_wait", 10);
    dcs.put("retry_timeout", 10);
    dcs.put("maximum_lag_on_failover", MAXIMUM_LAG_ON_FAILOVER_BYTES);
    dcs.put("synchronous_mode", synchronous);
    dcs.put("postgresql", dcsPostgres);

    Map<String, Object> bootstrap = new LinkedHashMap<>();
    bootstrap.put("dcs", dcs);
    bootstrap.put(
        "initdb",
        List.of(Map.of("encoding", "UTF8"), Map.of("locale", "C.UTF-8"), "data-checksums"));
    bootstrap.put("post_bootstrap", cluster.postBootstrap());

    Map<String, Object> kubernetes = new LinkedHashMap<>();
    kubernetes.put("use_endpoints", true);
    kubernetes.put("labels", new TreeMap<>(cluster.labels()));
    kubernetes.put("scope_label", cluster.scopeLabel());
    kubernetes.put("role_label", ROLE_LABEL);
    // The read-write Service's port, by name: Patroni writes it into the Service's Endpoints.
    kubernetes.put("ports", List.of(Map.of("name", cluster.portName(), "port", cluster.port())));

    Map<String, Object> postgresql = new LinkedHashMap<>();
    postgresql.put("listen", "0.0.0.0:" + cluster.port());
    postgresql.put("data_dir", cluster.dataDirectory());
    // No bin_dir: the image's PATH finds pg_ctl (Debian and timescaledb-ha keep it elsewhere).
    postgresql.put("pgpass", "/tmp/pgpass");
    // A new replica's pg_basebackup starts with a checkpoint; the default spreads it over most of
    // checkpoint_timeout (minutes on the real node), fast takes it at once.
    postgresql.put("basebackup", Map.of("checkpoint", "fast"));
    postgresql.put("use_unix_socket", true);
    postgresql.put(
        "authentication",
        Map.of(
            "superuser", Map.of("username", "postgres"),
            "replication", Map.of("username", REPLICATION_USER)));
    postgresql.put("parameters", parameters);
    postgresql.put(
        "pg_hba",
        List.of(
            "local all all trust",
            "host all all 127.0.0.1/32 trust",
            "host all all ::1/128 trust",
            "host replication " + REPLICATION_USER + " all scram-sha-256",
            "host all all all scram-sha-256"));

    Map<String, Object> root = new LinkedHashMap<>();
    root.put("scope", cluster.scope());
    root.put("kubernetes", kubernetes);
    root.put("restapi", Map.of("listen", "0.0.0.0:" + REST_PORT));
    root.put("bootstrap", bootstrap);
    root.put("postgresql", postgresql);
    return "# Rendered by the SuperNova operator; per-pod values and passwords come from PATRONI_*"
        + " variables.\n"
        + OperatorSerialization.shared().asYaml(root).replaceFirst("^---\n", "");
  }

  /** The stack's postgresql.conf settings as Patroni takes them, with replication's needs. */
  static Map<String, String> parameters(Map<String, String> postgresParameters) {
    Map<String, String> p = new TreeMap<>();
    postgresParameters.forEach(
        (name, value) -> {
          if (!OWNED_BY_PATRONI.contains(name)) {
            p.put(name, unquote(value));
          }
        });
    REPLICATION.forEach(p::putIfAbsent);
    // Rewind and streaming need these whatever the user asked for.
    if (!"logical".equals(p.get("wal_level"))) {
      p.put("wal_level", "replica");
    }
    p.put("hot_standby", "on");
    p.put("wal_log_hints", "on");
    return p;
  }

  private static String unquote(String value) {
    String v = value.trim();
    if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
      return v.substring(1, v.length() - 1).replace("''", "'");
    }
    return v;
  }
}
