-- The archiving report of this database, one JSON object on one line (archiver-report.py adds the
-- newest base backup's time and publishes it; the operator's ArchivingObserver reads it):
-- pg_stat_archiver's last success and failure, and the completed segments still waiting to be
-- pushed (their .ready files in pg_wal/archive_status; a .ready file is made when its segment is
-- completed, so the oldest one's time is when the archive lag began). Times in UTC, ISO-8601.
-- Needs pg_monitor (or superuser) for pg_ls_archive_statusdir().
SELECT json_build_object(
         'time', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         'lastArchivedWal', a.last_archived_wal,
         'lastArchivedTime', to_char(a.last_archived_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         'failedCount', a.failed_count,
         'lastFailedWal', a.last_failed_wal,
         'lastFailedTime', to_char(a.last_failed_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         'segmentsWaiting', w.segments,
         'oldestWaitingTime', to_char(w.oldest AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
  FROM pg_stat_archiver a,
       (SELECT count(*) AS segments, min(modification) AS oldest
          FROM pg_ls_archive_statusdir()
         WHERE name LIKE '%.ready') w;
