package com.supernovaai.operator.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.ReferencedSecrets;
import com.supernovaai.operator.dependent.Rendered;
import com.supernovaai.operator.model.CaSecretReference;
import com.supernovaai.operator.model.ObjectStoreCredentials;
import com.supernovaai.operator.model.ObjectStoreSpec;
import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.testsupport.LocalObjectStore;
import com.supernovaai.testsupport.LocalPostgres;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logical dumps' offsite copy: backup.sh with the env of the backup Job the operator renders
 * for a stack with {@code spec.backup.objectStore}, against a real PostgreSQL and a real S3 server
 * (SeaweedFS over TLS, its CA given as the Job gets it): each dump and its metadata reach the
 * bucket intact, retention there keeps the newest and prunes only what is old, and a store that is
 * down fails the backup readably while the volume keeps the dump.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OffsiteDumpsIT {

  private static final int ROWS = 2_000;
  private static final String SOURCE = StackNames.DATABASE_NAME;

  @TempDir static Path work;

  private static LocalPostgres postgres;
  private static LocalObjectStore store;
  private static SuperNovaStack stack;
  private static ScriptRun scripts;

  @BeforeAll
  static void databaseAndStore() {
    postgres = LocalPostgres.startDefault();
    SentimentData.createOwnedDatabase(postgres, SOURCE);
    SentimentData.createSchema(postgres, SOURCE);
    SentimentData.insert(postgres, SOURCE, ROWS);
    store = LocalObjectStore.start("supernova-backups");

    stack = ProofStacks.stack();
    var objectStore = new ObjectStoreSpec();
    objectStore.setEndpoint("https://" + store.endpoint());
    objectStore.setBucket(store.bucket());
    var credentials = new ObjectStoreCredentials();
    credentials.setName("s3");
    objectStore.setCredentialsSecret(credentials);
    var ca = new CaSecretReference();
    ca.setName("s3-ca");
    objectStore.setCaSecret(ca);
    stack.getSpec().getBackup().setObjectStore(objectStore);
    scripts =
        ScriptRun.mount(
            Rendered.backupScripts(stack, ProofStacks.context(stack)), work.resolve("scripts"));
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  @Order(1)
  void eachDumpAndItsMetadataReachTheBucketIntact() throws Exception {
    Path dir = Files.createDirectories(work.resolve("copy"));

    var result = backup(dir);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path dump = onlyDump(dir);
    String name = dump.getFileName().toString();
    assertThat(result.output())
        .contains("copied " + name + " and its metadata to the object store");
    assertThat(remote()).contains(name, name.replace(".dump", ".json"));
    // What is in the bucket is the dump: fetched back, byte for byte the volume's file.
    Path fetched = work.resolve("fetched.dump");
    rclone("copyto", remotePath() + "/" + name, fetched.toString());
    assertThat(Files.mismatch(fetched, dump)).isEqualTo(-1L);
  }

  @Test
  @Order(2)
  void retentionInTheBucketKeepsTheNewestAndPrunesOnlyWhatIsOld() throws Exception {
    // Four old dumps already in the bucket (2020): with the one written now, the newest three
    // (RETENTION_KEEP_MIN) stay whatever their age; the oldest two go, with their metadata.
    List<String> old = new ArrayList<>();
    for (int day = 1; day <= 4; day++) {
      String base = "prod-supernova-2020010" + day + "T020000Z";
      old.add(base);
      Path file = Files.writeString(work.resolve(base + ".dump"), "old dump " + day);
      rclone("copyto", file.toString(), remotePath() + "/" + base + ".dump");
      Path meta = Files.writeString(work.resolve(base + ".json"), "{}");
      rclone("copyto", meta.toString(), remotePath() + "/" + base + ".json");
    }
    Path dir = Files.createDirectories(work.resolve("retention"));

    var result = backup(dir);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<String> remaining = remote();
    String newest = onlyDump(dir).getFileName().toString();
    assertThat(remaining).contains(newest);
    // The dump of the first test is newer than the 2020 ones: it and this one and 20200104 stay.
    assertThat(remaining).contains(old.get(3) + ".dump", old.get(3) + ".json");
    for (String gone : List.of(old.get(0), old.get(1), old.get(2))) {
      assertThat(remaining).doesNotContain(gone + ".dump", gone + ".json");
      assertThat(result.output()).contains("removes " + gone + ".dump from the object store");
    }
  }

  @Test
  @Order(3)
  void aStoreThatIsDownFailsTheBackupReadablyAndTheVolumeKeepsTheDump() throws Exception {
    Path dir = Files.createDirectories(work.resolve("down"));
    List<String> before = remote();
    store.stop();
    ScriptRun.Result result;
    try {
      result = backup(dir);
    } finally {
      store.start();
    }

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    Path dump = onlyDump(dir);
    assertThat(result.output())
        .contains(
            "backup: FAILED (OffsiteCopyFailed): "
                + dump.getFileName()
                + " is on the volume, but copying");
    assertThat(result.terminationMessage()).contains("\"reason\":\"OffsiteCopyFailed\"");
    assertThat(Path.of(dump.toString().replace(".dump", ".json"))).exists();
    assertThat(remote()).as("nothing pruned from the bucket").containsAll(before);
  }

  // ------------------------------------------------------------------------------------------------

  private static ScriptRun.Result backup(Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", "127.0.0.1");
    env.put("PGPORT", String.valueOf(postgres.port()));
    env.put("BACKUP_DIR", dir.toString());
    // The pod's paths, this machine's: the CA file and a scratch directory for rclone.
    env.put("RCLONE_CA_CERT", store.caFile().toString());
    env.put("RCLONE_CONFIG", work.resolve("rclone.conf").toString());
    env.put("RCLONE_CACHE_DIR", work.resolve("rclone-cache").toString());
    return scripts.run(backupContainer(), secrets(), env);
  }

  private static Container backupContainer() {
    return Rendered.backupCronJob(stack, ProofStacks.context(stack))
        .getSpec()
        .getJobTemplate()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  private static Map<String, String> secrets() {
    return Map.of(
        StackNames.databaseCredentialsApplied(stack) + "/" + ReferencedSecrets.SUPERUSER_PASSWORD,
        postgres.password(),
        "s3/ACCESS_KEY_ID",
        store.accessKey(),
        "s3/SECRET_ACCESS_KEY",
        store.secretKey());
  }

  /** The remote path the rendered Job copies to ({@code offsite:<bucket>/<ns>/<stack>/dumps}). */
  private static String remotePath() {
    return backupContainer().getEnv().stream()
        .filter(e -> e.getName().equals("OFFSITE_REMOTE"))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  /** The files under the remote path, through rclone with the Job's own remote settings. */
  private static List<String> remote() {
    // The output has rclone's notices too (merged): file names are the lines without a space.
    return List.of(rclone("lsf", "--files-only", remotePath()).split("\n")).stream()
        .map(String::trim)
        .filter(s -> !s.isBlank() && !s.contains(" "))
        .toList();
  }

  private static String rclone(String... args) {
    Map<String, String> env = new HashMap<>();
    for (var e : backupContainer().getEnv()) {
      if (e.getName().startsWith("RCLONE_CONFIG_OFFSITE_") && e.getValue() != null) {
        env.put(e.getName(), e.getValue());
      }
    }
    env.put("RCLONE_CONFIG_OFFSITE_ACCESS_KEY_ID", store.accessKey());
    env.put("RCLONE_CONFIG_OFFSITE_SECRET_ACCESS_KEY", store.secretKey());
    env.put("RCLONE_CA_CERT", store.caFile().toString());
    env.put("RCLONE_CONFIG", work.resolve("rclone.conf").toString());
    List<String> command = new ArrayList<>(List.of("rclone"));
    command.addAll(List.of(args));
    // A clean environment, as the Job's: AWS_CA_BUNDLE (set on some machines) makes rclone's S3
    // client refuse its own CA setting.
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv("PATH"));
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(process.exitValue()).as("%s\n%s", command, output).isZero();
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path onlyDump(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".dump")).findFirst().orElseThrow();
    }
  }
}
