package com.supernovaai.operator.dependent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Shell scripts shipped as resources under {@code /scripts/} and mounted from ConfigMaps. */
public final class Scripts {

  public static final String BACKUP = "backup.sh";
  public static final String RESTORE = "restore.sh";
  public static final String VERIFY = "verify.sh";

  /** Applies edited database passwords to the roles (the credentials rotation Job). */
  public static final String ROTATE = "rotate.sh";

  /** Functions the three backup scripts share; sourced from the same directory. */
  public static final String BACKUP_LIB = "backup-lib.sh";

  public static final String DATABASE_INIT = "db-init.sh";

  /** A pgBackRest base backup to the object store (stanza created on first use). */
  public static final String BASE_BACKUP = "base-backup.sh";

  /** The database pod's sidecar that runs {@link #BASE_BACKUP} when one is due. */
  public static final String BASE_BACKUP_SCHEDULE = "base-backup-schedule.sh";

  /**
   * The sidecar's archiving report (run by {@link #BASE_BACKUP_SCHEDULE}): the SQL that reads it,
   * the program that publishes it on the pod.
   */
  public static final String ARCHIVER_REPORT_SQL = "archiver-report.sql";

  public static final String ARCHIVER_REPORT = "archiver-report.py";

  /** Point-in-time recovery from the object store into an empty data directory. */
  public static final String PITR_RESTORE = "pitr-restore.sh";

  /**
   * The init container of a stack restored from an object store: {@link #PITR_RESTORE}, WAL replay
   * to the target, this stack's passwords, once per volume.
   */
  public static final String PITR_BOOTSTRAP = "pitr-bootstrap.sh";

  /**
   * Each script as read once: desired state is rendered at every reconciliation, and reading a
   * resource inflates it from the jar again (eight scripts a stack, ~1 % of the operator's CPU
   * samples at 100 stacks).
   */
  private static final Map<String, String> LOADED = new ConcurrentHashMap<>();

  private Scripts() {}

  /** The text of {@code /scripts/<name>}; a missing one is an error at every call. */
  public static String load(String name) {
    return LOADED.computeIfAbsent(name, Scripts::read);
  }

  private static String read(String name) {
    try (InputStream in = Scripts.class.getResourceAsStream("/scripts/" + name)) {
      if (in == null) {
        throw new IllegalStateException("script resource /scripts/" + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
