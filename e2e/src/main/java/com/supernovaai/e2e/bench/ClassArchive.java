package com.supernovaai.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's class-data sharing archive, as its image carries one: dumped from the class list
 * kept in the repository (operator/cds) by the JDK a variant runs on, for the jar it starts, with
 * the script the images use. One per JDK and jar in a run.
 */
final class ClassArchive {

  private final Path root;
  private final Path dir;
  private final Map<List<Path>, Path> dumped = new HashMap<>();

  ClassArchive(Path root, Path dir) {
    this.root = root;
    this.dir = dir;
  }

  /**
   * The JVM options that map the archive for this JDK and jar, dumped on first use. -Xshare:on: an
   * archive the JVM cannot map (the jar rebuilt during the run) stops the operator's start instead
   * of running it without class sharing, which would measure ~10 MiB more.
   */
  synchronized String jdkJavaOptions(Path javaHome, Path jar) {
    Path archive = dumped.get(List.of(javaHome, jar));
    if (archive == null) {
      archive = dir.resolve("operator-" + dumped.size() + ".jsa");
      dump(javaHome, jar, archive);
      dumped.put(List.of(javaHome, jar), archive);
    }
    return "-Xshare:on -XX:SharedArchiveFile=" + archive;
  }

  private void dump(Path javaHome, Path jar, Path archive) {
    Path cds = root.resolve("operator/cds");
    ProcessBuilder builder =
        new ProcessBuilder(
                "sh",
                cds.resolve("dump-archive.sh").toString(),
                cds.resolve("operator.classlist").toString(),
                archive.toString(),
                jar.toString())
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.remove("JAVA_TOOL_OPTIONS");
    env.remove("JDK_JAVA_OPTIONS");
    env.put("PATH", javaHome.resolve("bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    try {
      Files.createDirectories(dir);
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException("Dumping the operator's class archive failed: " + output);
      }
      OperatorBenchmark.log("%s", output.strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
