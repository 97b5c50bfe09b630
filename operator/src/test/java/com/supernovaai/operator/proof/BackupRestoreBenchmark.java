package com.supernovaai.operator.proof;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.ReferencedSecrets;
import com.supernovaai.operator.dependent.Rendered;
import com.supernovaai.operator.model.BootstrapSpec;
import com.supernovaai.operator.model.FromBackupSpec;
import com.supernovaai.testsupport.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Not a test: dump and restore time and dump size of N sentiment_data rows (default 1,000,000) on
 * this machine, with the operator's backup.sh and restore.sh (taken from the rendered ConfigMap and
 * Jobs) against a real PostgreSQL with the rendered postgresql.conf for a 1Gi limit. Run with
 *
 * <pre>
 * mvn -B -ntp -o -pl operator test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=com.supernovaai.operator.proof.BackupRestoreBenchmark [-Dexec.args=1000000]
 * </pre>
 */
public final class BackupRestoreBenchmark {

  private BackupRestoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    var stack = ProofStacks.stack();
    var context = ProofStacks.context(stack);
    var config = Rendered.databaseConfig(stack, context);
    String conf =
        config
            .getData()
            .get("postgresql.conf")
            .lines()
            .filter(l -> !l.startsWith("shared_preload_libraries"))
            .reduce("", (a, b) -> a + b + "\n");
    Path work = Files.createTempDirectory("supernova-bench-");
    try (LocalPostgres postgres =
        LocalPostgres.builder()
            .postgresqlConf(conf)
            .hbaConf(config.getData().get("pg_hba.conf"))
            .start()) {
      SentimentData.createOwnedDatabase(postgres, StackNames.DATABASE_NAME);
      SentimentData.createSchema(postgres, StackNames.DATABASE_NAME);
      long t0 = System.nanoTime();
      SentimentData.insert(postgres, StackNames.DATABASE_NAME, rows);
      postgres.psql(StackNames.DATABASE_NAME, "VACUUM ANALYZE sentiment_data");
      double load = (System.nanoTime() - t0) / 1e9;
      String tableSize =
          postgres.psql(
              StackNames.DATABASE_NAME,
              "SELECT pg_size_pretty(pg_total_relation_size('sentiment_data'))");
      String fingerprint = SentimentData.fingerprint(postgres, StackNames.DATABASE_NAME);

      ScriptRun scripts =
          ScriptRun.mount(Rendered.backupScripts(stack, context), work.resolve("scripts"));
      Path backups = Files.createDirectories(work.resolve("backups"));
      Map<String, String> env = new HashMap<>();
      env.put("PGHOST", "127.0.0.1");
      env.put("PGPORT", String.valueOf(postgres.port()));
      env.put("BACKUP_DIR", backups.toString());
      Map<String, String> secrets =
          Map.of(
              StackNames.databaseCredentialsApplied(stack)
                  + "/"
                  + ReferencedSecrets.SUPERUSER_PASSWORD,
              postgres.password());
      var backupContainer =
          Rendered.backupCronJob(stack, context)
              .getSpec()
              .getJobTemplate()
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0);

      long b0 = System.nanoTime();
      var backup = scripts.run(backupContainer, secrets, env);
      double dumpSeconds = (System.nanoTime() - b0) / 1e9;
      if (backup.exitCode() != 0) {
        throw new IllegalStateException(backup.toString());
      }
      Path dump;
      try (Stream<Path> files = Files.list(backups)) {
        dump = files.filter(p -> p.toString().endsWith(".dump")).findFirst().orElseThrow();
      }

      SentimentData.createOwnedDatabase(postgres, "restored");
      var restoring = ProofStacks.stack();
      var from = new FromBackupSpec();
      var bootstrap = new BootstrapSpec();
      bootstrap.setFromBackup(from);
      restoring.getSpec().getDatabase().setBootstrap(bootstrap);
      env.put("PGDATABASE", "restored");
      long r0 = System.nanoTime();
      var restore =
          scripts.run(
              Rendered.restoreContainer(restoring, ProofStacks.context(restoring)), secrets, env);
      double restoreSeconds = (System.nanoTime() - r0) / 1e9;
      if (restore.exitCode() != 0) {
        throw new IllegalStateException(restore.toString());
      }
      boolean same = fingerprint.equals(SentimentData.fingerprint(postgres, "restored"));

      System.out.printf(
          "%nsentiment_data rows:        %,d (table + indexes %s, loaded in %.1f s)%n"
              + "backup.sh (pg_dump -Fc):    %.1f s%n"
              + "dump size:                  %,d bytes (%.1f MiB, %.1f bytes/row)%n"
              + "restore.sh (pg_restore):    %.1f s, identical rows and checksum: %s%n"
              + "machine: %d CPUs, PostgreSQL %s, postgresql.conf rendered for a 1Gi/2 CPU limit%n",
          rows,
          tableSize,
          load,
          dumpSeconds,
          Files.size(dump),
          Files.size(dump) / 1048576.0,
          Files.size(dump) / (double) rows,
          restoreSeconds,
          same,
          Runtime.getRuntime().availableProcessors(),
          postgres.psql("postgres", "SHOW server_version"));
    } finally {
      com.supernovaai.testsupport.Processes.deleteTree(work);
    }
  }
}
