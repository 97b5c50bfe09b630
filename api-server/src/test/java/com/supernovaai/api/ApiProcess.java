package com.supernovaai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The runnable jar started as its own process, with only the given environment. */
final class ApiProcess {

  private ApiProcess() {}

  static Path jar() {
    Path jar = Path.of(System.getProperty("supernova.api.jar", "target/supernova-api.jar"));
    assertThat(jar).as("run `mvn package` first").exists();
    return jar;
  }

  static Path logFile() throws IOException {
    Path out = Files.createTempFile("supernova-api-it", ".log");
    out.toFile().deleteOnExit();
    return out;
  }

  /** Starts the jar; {@code extraClasspath} entries come after it (e.g. test-only migrations). */
  static Process launch(Map<String, String> env, Path output, Path... extraClasspath)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
    if (extraClasspath.length == 0) {
      command.addAll(List.of("-jar", jar().toString()));
    } else {
      List<String> classpath = new ArrayList<>(List.of(jar().toString()));
      for (Path p : extraClasspath) {
        classpath.add(p.toString());
      }
      command.addAll(
          List.of("-cp", String.join(File.pathSeparator, classpath), Application.class.getName()));
    }
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().putAll(env);
    return pb.start();
  }
}
