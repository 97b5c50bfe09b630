package com.supernovaai.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real S3-compatible object store (SeaweedFS's {@code weed mini}, built by
 * scripts/build-seaweedfs.sh) on 127.0.0.1 (or another local address), serving S3 over TLS with a
 * self-signed certificate ({@link #caFile()}) because pgBackRest speaks S3 over HTTPS only. One
 * bucket, one access key. {@link #stop()} and {@link #start()} keep the data and ports, so tests
 * can take the store away (an outage) and bring it back; {@link #close()} removes everything.
 */
public final class LocalObjectStore implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final String address;
  private final Path log;
  private final String bucket;
  private final String accessKey;
  private final String secretKey;
  private final int s3Port;
  private final List<String> command;
  private final int filerPort;
  private Process process;

  private LocalObjectStore(String bucket, String address) throws IOException {
    this.dir = Files.createTempDirectory("supernova-s3-");
    this.address = address;
    this.log = dir.resolve("weed.log");
    this.bucket = bucket;
    SecureRandom random = new SecureRandom();
    this.accessKey = "AK" + HexFormat.of().formatHex(random.generateSeed(9)).toUpperCase();
    this.secretKey = HexFormat.of().formatHex(random.generateSeed(20));
    Path data = Files.createDirectories(dir.resolve("data"));
    writeCertificate();
    Path config = dir.resolve("s3.json");
    Files.writeString(
        config,
        """
        {"identities": [{"name": "supernova",
          "credentials": [{"accessKey": "%s", "secretKey": "%s"}],
          "actions": ["Admin", "Read", "List", "Tagging", "Write"]}]}
        """
            .formatted(accessKey, secretKey),
        StandardCharsets.UTF_8);
    this.s3Port = Processes.freePort();
    this.filerPort = Processes.freePort();
    // Every listener on the one address (loopback unless a test's pods must reach it) with a port
    // of our own (defaults collide with other runs), and
    // nothing that talks to the outside: telemetry off; WebDAV, admin UI, Iceberg and Lance off.
    this.command =
        List.of(
            weedBinary().toString(),
            "mini",
            "-dir=" + data,
            "-ip=" + address,
            "-ip.bind=" + address,
            "-master.telemetry=false",
            "-webdav=false",
            "-admin.ui=false",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-master.port=" + Processes.freePort(),
            "-master.port.grpc=" + Processes.freePort(),
            "-volume.port=" + Processes.freePort(),
            "-volume.port.grpc=" + Processes.freePort(),
            "-filer.port=" + filerPort,
            "-filer.port.grpc=" + Processes.freePort(),
            "-filer.localSocket=" + dir.resolve("filer.sock"),
            "-s3.localSocket=" + dir.resolve("s3.sock"),
            "-s3.port=" + s3Port,
            "-s3.port.grpc=" + Processes.freePort(),
            "-s3.cert.file=" + dir.resolve("tls.crt"),
            "-s3.key.file=" + dir.resolve("tls.key"),
            "-s3.config=" + config,
            "-bucket=" + bucket);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "local-object-store-stop"));
  }

  /** Starts a store with one bucket, on loopback. */
  public static LocalObjectStore start(String bucket) {
    return start(bucket, "127.0.0.1");
  }

  /**
   * Starts a store with one bucket on a local address of this machine, e.g. a real node's bridge
   * address, which its pods reach without leaving the machine.
   */
  public static LocalObjectStore start(String bucket, String address) {
    for (int attempt = 1; ; attempt++) {
      try {
        LocalObjectStore store = new LocalObjectStore(bucket, address);
        try {
          store.start();
        } catch (RuntimeException e) {
          store.close();
          // A port found free was taken before weed bound it (an outgoing connection's local
          // port, weed's own included): new ports, a new try.
          if (attempt < 3 && String.valueOf(e.getMessage()).contains("address already in use")) {
            continue;
          }
          throw e;
        }
        return store;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the object store's temp dir", e);
      }
    }
  }

  /** Starts (or restarts after {@link #stop()}) the store on the same ports and data. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
    Processes.awaitListening(address, s3Port, START_TIMEOUT, process, log);
    awaitBucket();
  }

  /** Stops the store (SIGTERM, then SIGKILL): S3 requests fail until {@link #start()}. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Processes.awaitClosed(address, s3Port, Duration.ofSeconds(10));
    process = null;
  }

  /** Host and port of the S3 endpoint (HTTPS). */
  public String endpoint() {
    return address + ":" + s3Port;
  }

  public String host() {
    return address;
  }

  public int port() {
    return s3Port;
  }

  public String bucket() {
    return bucket;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** The self-signed certificate the S3 endpoint serves, to trust as a CA. */
  public Path caFile() {
    return dir.resolve("tls.crt");
  }

  public Path logFile() {
    return log;
  }

  @Override
  public void close() {
    stop();
    Processes.deleteTree(dir);
  }

  private void writeCertificate() {
    Processes.run(
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=" + address,
            "-addext",
            // pgBackRest matches the host against the SAN's DNS names only, even for an address.
            "subjectAltName=DNS:" + address + ",IP:" + address,
            "-keyout",
            dir.resolve("tls.key").toString(),
            "-out",
            dir.resolve("tls.crt").toString()),
        Duration.ofSeconds(60));
    // The CA file is read by the database's unprivileged account (pgBackRest runs as postgres).
    dir.resolve("tls.crt").toFile().setReadable(true, false);
    dir.toFile().setExecutable(true, false);
  }

  /** The bucket exists once the filer lists it: only then do S3 writes succeed. */
  private void awaitBucket() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI uri = URI.create("http://" + address + ":" + filerPort + "/buckets/" + bucket + "/");
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    int status = -1;
    while (System.nanoTime() < deadline) {
      try {
        status =
            http.send(
                    HttpRequest.newBuilder(uri)
                        .header("Accept", "application/json")
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200) {
          return;
        }
      } catch (IOException e) {
        // Not up yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      if (!process.isAlive()) {
        break;
      }
      Processes.sleep(100);
    }
    throw new IllegalStateException(
        "bucket "
            + bucket
            + " not listed by the filer (last status "
            + status
            + ")"
            + Processes.tail(log));
  }

  /** SUPERNOVA_WEED, or the newest weed scripts/build-seaweedfs.sh left in the cache. */
  static Path weedBinary() {
    String override = System.getenv("SUPERNOVA_WEED");
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    String cache = System.getenv("SUPERNOVA_SEAWEEDFS_CACHE");
    Path root =
        cache != null && !cache.isBlank()
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache", "supernova-seaweedfs");
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        versions.map(v -> v.resolve("weed")).filter(Files::isExecutable).forEach(found::add);
      } catch (IOException e) {
        // Treated as not built.
      }
    }
    return found.stream()
        .max(Comparator.comparing(p -> p.getParent().getFileName().toString()))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "SeaweedFS (weed) is not built: run scripts/build-seaweedfs.sh"));
  }
}
