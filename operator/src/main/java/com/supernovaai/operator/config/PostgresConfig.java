package com.supernovaai.operator.config;

import com.supernovaai.operator.StackNames;
import java.util.Map;
import java.util.TreeMap;

/**
 * postgresql.conf of the operator-run TimescaleDB, sized from the container's memory limit and CPU
 * count the way the deployment guide (and timescaledb-tune) sizes it; user parameters win.
 */
public final class PostgresConfig {

  private static final long MB = 1024L * 1024L;
  private static final long GB = 1024L * MB;

  /** max_connections: PgBouncer multiplexes the clients, so a few hundred suffice. */
  public static final int DEFAULT_MAX_CONNECTIONS = 200;

  private PostgresConfig() {}

  /** The settings, sorted by name, for a memory limit in bytes and a CPU count. */
  public static Map<String, String> parameters(
      long memoryBytes, int cpus, Map<String, String> overrides) {
    Map<String, String> p = new TreeMap<>();
    long memory = Math.max(memoryBytes, 256 * MB);
    int maxConnections = intOverride(overrides, "max_connections", DEFAULT_MAX_CONNECTIONS);
    int cores = Math.max(1, cpus);

    long sharedBuffers = memory / 4;
    long effectiveCache = memory * 3 / 4;
    long maintenanceWorkMem = Math.min(memory / 16, 2 * GB);
    // What is left after shared buffers, spread over connections and ~3 sort/hash nodes each.
    long workMem = Math.max(4 * MB, (memory - sharedBuffers) / (maxConnections * 3L));
    long walBuffers = Math.min(16 * MB, Math.max(MB, sharedBuffers / 32));

    p.put("listen_addresses", "'*'");
    p.put("port", Integer.toString(StackNames.DATABASE_PORT));
    p.put("max_connections", Integer.toString(maxConnections));
    p.put("shared_buffers", size(sharedBuffers));
    p.put("effective_cache_size", size(effectiveCache));
    p.put("maintenance_work_mem", size(maintenanceWorkMem));
    p.put("work_mem", size(workMem));
    p.put("wal_buffers", size(walBuffers));
    p.put("min_wal_size", "1GB");
    p.put("max_wal_size", "4GB");
    p.put("checkpoint_completion_target", "0.9");
    p.put("random_page_cost", "1.1");
    p.put("effective_io_concurrency", "200");
    p.put("default_statistics_target", "100");
    p.put("max_worker_processes", Integer.toString(cores + 11));
    p.put("max_parallel_workers", Integer.toString(cores));
    p.put("max_parallel_workers_per_gather", Integer.toString(Math.max(1, cores / 2)));
    p.put("max_parallel_maintenance_workers", Integer.toString(Math.max(1, cores / 2)));
    p.put("shared_preload_libraries", "'timescaledb'");
    p.put("timescaledb.max_background_workers", "8");
    p.put("timescaledb.telemetry_level", "off");
    p.put("password_encryption", "'scram-sha-256'");
    p.put("hba_file", "'/etc/postgresql/pg_hba.conf'");
    p.put("log_timezone", "'UTC'");
    p.put("timezone", "'UTC'");
    p.put("log_min_duration_statement", "1000");
    p.put("log_checkpoints", "on");
    p.put("log_connections", "off");
    p.put("log_lock_waits", "on");
    p.put("log_temp_files", "0");
    p.put("dynamic_shared_memory_type", "posix");
    if (overrides != null) {
      overrides.forEach((k, v) -> p.put(k, v));
    }
    return p;
  }

  /** The file itself. */
  public static String render(long memoryBytes, int cpus, Map<String, String> overrides) {
    StringBuilder sb =
        new StringBuilder(
            "# Rendered by the SuperNova operator; edit spec.database.parameters instead.\n");
    parameters(memoryBytes, cpus, overrides)
        .forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
    return sb.toString();
  }

  /** pg_hba.conf: local trust for the entrypoint and probes, SCRAM over the network. */
  public static String hba() {
    return """
        # Rendered by the SuperNova operator.
        local   all   all                 trust
        host    all   all   127.0.0.1/32  trust
        host    all   all   ::1/128       trust
        host    all   all   0.0.0.0/0     scram-sha-256
        host    all   all   ::/0          scram-sha-256
        """;
  }

  /** A size as postgresql.conf writes it: whole GB when exact, else MB (at least 1MB). */
  static String size(long bytes) {
    if (bytes >= GB && bytes % GB == 0) {
      return (bytes / GB) + "GB";
    }
    return Math.max(1, bytes / MB) + "MB";
  }

  private static int intOverride(Map<String, String> overrides, String key, int fallback) {
    if (overrides == null || overrides.get(key) == null) {
      return fallback;
    }
    try {
      return Math.max(1, Integer.parseInt(overrides.get(key).trim()));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
