package com.supernovaai.operator.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * pgBackRest's configuration for continuous WAL archiving and base backups to S3-compatible object
 * storage, and the postgresql.conf settings that hand every finished WAL segment to it. Credentials
 * are never in the file: pgBackRest reads them from {@link #ACCESS_KEY_ENV} and {@link
 * #SECRET_KEY_ENV}, which the pods take from the stack's credentials Secret.
 */
public final class ArchiveConfig {

  /** One stanza per data directory; the repository path keeps stacks apart in a shared bucket. */
  public static final String STANZA = "db";

  public static final String ACCESS_KEY_ENV = "PGBACKREST_REPO1_S3_KEY";
  public static final String SECRET_KEY_ENV = "PGBACKREST_REPO1_S3_KEY_SECRET";

  /** Where the object store is and how long backups are kept. */
  public record Repository(
      String endpointHost,
      int endpointPort,
      String bucket,
      String region,
      String path,
      String caFile,
      int retentionDays) {}

  /** The local database pgBackRest backs up and restores into. */
  public record Database(String dataDirectory, String socketDirectory, int port, String user) {}

  /** Where pgBackRest keeps its lock files: a writable directory of the pod's. */
  public record LocalPaths(String lockPath) {}

  private ArchiveConfig() {}

  /** pgbackrest.conf, sorted within each section. */
  public static String pgBackRestConf(Repository repo, Database db, LocalPaths local) {
    Map<String, String> global = new TreeMap<>();
    global.put("repo1-type", "s3");
    global.put("repo1-s3-endpoint", repo.endpointHost());
    global.put("repo1-storage-port", Integer.toString(repo.endpointPort()));
    global.put("repo1-s3-bucket", repo.bucket());
    global.put("repo1-s3-region", repo.region());
    // Path-style URLs: self-hosted stores (SeaweedFS, MinIO, Ceph) rarely have per-bucket DNS.
    global.put("repo1-s3-uri-style", "path");
    global.put("repo1-path", repo.path());
    if (repo.caFile() != null) {
      global.put("repo1-storage-ca-file", repo.caFile());
    }
    // Retention in days is the recovery window: pgBackRest keeps every full backup (and the WAL
    // after it) needed to restore to any moment of the last retentionDays days, and expires only
    // what is older than that.
    global.put("repo1-retention-full-type", "time");
    global.put("repo1-retention-full", Integer.toString(repo.retentionDays()));
    // lz4: a fraction of gzip's CPU for the database pod, which archives every segment.
    global.put("compress-type", "lz4");
    // The backup starts with an immediate checkpoint instead of waiting for a scheduled one.
    global.put("start-fast", "y");
    global.put("lock-path", local.lockPath());
    // Logs go to the container's stderr only; pods have no writable /var/log.
    global.put("log-level-file", "off");
    global.put("log-level-console", "info");

    Map<String, String> stanza = new TreeMap<>();
    stanza.put("pg1-path", db.dataDirectory());
    stanza.put("pg1-socket-path", db.socketDirectory());
    stanza.put("pg1-port", Integer.toString(db.port()));
    stanza.put("pg1-user", db.user());

    StringBuilder sb =
        new StringBuilder(
            "# Rendered by the SuperNova operator from spec.backup.objectStore; credentials come"
                + " from the environment.\n");
    section(sb, "global", global);
    section(sb, STANZA, stanza);
    return sb.toString();
  }

  /**
   * postgresql.conf settings for continuous archiving with the given pgbackrest.conf: every segment
   * is pushed when it is full, or after {@code archiveTimeout} at the latest, which bounds how much
   * a lost volume can lose on a quiet database.
   */
  public static Map<String, String> postgresParameters(String pgBackRestConf, int archiveTimeout) {
    Map<String, String> p = new TreeMap<>();
    p.put("wal_level", "replica");
    p.put("archive_mode", "on");
    p.put(
        "archive_command",
        "'pgbackrest --config=" + pgBackRestConf + " --stanza=" + STANZA + " archive-push %p'");
    p.put("archive_timeout", archiveTimeout + "s");
    return p;
  }

  private static void section(StringBuilder sb, String name, Map<String, String> options) {
    sb.append('\n').append('[').append(name).append("]\n");
    options.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
  }
}
