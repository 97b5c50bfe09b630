package com.supernovaai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A name that does not exist when first looked up, and exists a moment later (a pod's name once the
 * pod has an address): found 1.5 s later. Each case runs in a JVM of its own, whose names come from
 * a hosts file the case writes ({@code jdk.net.hosts.file}: no DNS), because the JDK reads its
 * caching policy once per process.
 */
class NameLookupsTest {

  private static final String NAME = "rf-redis-0.rf-redis-headless.supernova.svc";

  @TempDir Path dir;

  @Test
  void aNameThatAppearsIsFoundASecondLater() throws Exception {
    assertThat(lookUpAgain(true)).isEqualTo("missing, then found");
  }

  @Test
  void withoutItTheFailedLookupIsRememberedLonger() throws Exception {
    // The JDK's default (10 s): what the API did before, and why this test can fail.
    assertThat(lookUpAgain(false)).isEqualTo("missing, then missing");
  }

  /** Runs {@link Probe} in a new JVM; its one line of output. */
  private String lookUpAgain(boolean configured) throws Exception {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 localhost\n", StandardCharsets.UTF_8);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Djdk.net.hosts.file=" + hosts,
                    "-cp",
                    System.getProperty("java.class.path"),
                    Probe.class.getName(),
                    hosts.toString(),
                    Boolean.toString(configured)))
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(out).isZero();
    return out.trim();
  }

  /** Looks the name up, adds it to the hosts file, waits 1.5 s, looks it up again. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      if (Boolean.parseBoolean(args[1])) {
        NameLookups.configure();
      }
      String first = lookUp();
      Files.writeString(Path.of(args[0]), "10.201.0.9 " + NAME + "\n", StandardOpenOption.APPEND);
      Thread.sleep(1500);
      System.out.println(first + ", then " + lookUp());
    }

    private static String lookUp() {
      try {
        InetAddress.getByName(NAME);
        return "found";
      } catch (UnknownHostException e) {
        return "missing";
      }
    }
  }
}
