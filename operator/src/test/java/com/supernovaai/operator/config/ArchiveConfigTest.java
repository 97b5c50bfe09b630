package com.supernovaai.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiveConfigTest {

  private static final ArchiveConfig.Database DB =
      new ArchiveConfig.Database(
          "/var/lib/postgresql/data/pgdata", "/var/run/postgresql", 5432, "postgres");
  private static final ArchiveConfig.LocalPaths LOCAL =
      new ArchiveConfig.LocalPaths("/tmp/pgbackrest");

  @Test
  void theRepositoryIsTheObjectStoreBucketAndPathWithItsRetention() {
    var conf =
        sections(
            ArchiveConfig.pgBackRestConf(
                new ArchiveConfig.Repository(
                    "s3.example.internal",
                    9000,
                    "pg-archive",
                    "eu-central-1",
                    "/prod/supernova",
                    "/etc/supernova/object-store-ca/ca.crt",
                    7),
                DB,
                LOCAL));

    assertThat(conf.get("global"))
        .containsEntry("repo1-type", "s3")
        .containsEntry("repo1-s3-endpoint", "s3.example.internal")
        .containsEntry("repo1-storage-port", "9000")
        .containsEntry("repo1-s3-bucket", "pg-archive")
        .containsEntry("repo1-s3-region", "eu-central-1")
        .containsEntry("repo1-s3-uri-style", "path")
        .containsEntry("repo1-path", "/prod/supernova")
        .containsEntry("repo1-storage-ca-file", "/etc/supernova/object-store-ca/ca.crt")
        .containsEntry("repo1-retention-full", "7")
        .containsEntry("repo1-retention-full-type", "time")
        .containsEntry("lock-path", "/tmp/pgbackrest")
        .containsEntry("log-level-file", "off");
    assertThat(conf.get(ArchiveConfig.STANZA))
        .containsEntry("pg1-path", "/var/lib/postgresql/data/pgdata")
        .containsEntry("pg1-socket-path", "/var/run/postgresql")
        .containsEntry("pg1-port", "5432")
        .containsEntry("pg1-user", "postgres");
  }

  @Test
  void withoutACaFileTheSystemTrustStoreIsUsed() {
    var conf =
        sections(
            ArchiveConfig.pgBackRestConf(
                new ArchiveConfig.Repository(
                    "s3.eu-central-1.amazonaws.com", 443, "b", "eu-central-1", "/p", null, 2),
                DB,
                LOCAL));
    assertThat(conf.get("global")).doesNotContainKey("repo1-storage-ca-file");
  }

  @Test
  void postgresHandsEverySegmentToPgBackRestWithTheRenderedConfig() {
    assertThat(ArchiveConfig.postgresParameters("/etc/pgbackrest/pgbackrest.conf", 60))
        .containsEntry("archive_mode", "on")
        .containsEntry("wal_level", "replica")
        .containsEntry("archive_timeout", "60s")
        .containsEntry(
            "archive_command",
            "'pgbackrest --config=/etc/pgbackrest/pgbackrest.conf --stanza=db archive-push %p'");
  }

  /** The INI file as pgBackRest reads it: section -> option -> value. */
  private static Map<String, Map<String, String>> sections(String ini) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (String line : ini.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        current = new LinkedHashMap<>();
        sections.put(line.substring(1, line.length() - 1), current);
      } else {
        String[] kv = line.split("=", 2);
        assertThat(current).as("option outside a section: " + line).isNotNull();
        assertThat(current.put(kv[0], kv[1])).as("duplicate option " + kv[0]).isNull();
      }
    }
    return sections;
  }
}
