package com.supernovaai.e2e.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository root (where {@code e2e/cluster/local-cluster} lives) from a test or a tool.
 */
public final class RepoPaths {

  private RepoPaths() {}

  public static Path root() {
    String configured = System.getProperty("supernova.repoRoot");
    if (configured != null && isRoot(Path.of(configured))) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (isRoot(dir)) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "Cannot find the repository root (a directory with e2e/cluster/local-cluster) above "
            + Path.of("").toAbsolutePath()
            + "; set -Dsupernova.repoRoot");
  }

  public static Path localClusterScript() {
    return root().resolve("e2e/cluster/local-cluster");
  }

  private static boolean isRoot(Path dir) {
    return Files.isRegularFile(dir.resolve("e2e/cluster/local-cluster"));
  }
}
