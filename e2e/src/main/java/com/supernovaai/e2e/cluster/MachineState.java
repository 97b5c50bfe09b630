package com.supernovaai.e2e.cluster;

import com.supernovaai.e2e.cluster.RealNode.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a real node could leave behind on the machine: captured before {@code up} and after {@code
 * down}, the second must hold nothing the first did not.
 */
public record MachineState(
    List<String> processes,
    List<String> mounts,
    Set<String> netns,
    Set<String> links,
    Set<String> rules,
    List<Path> kubepodsCgroups,
    Set<String> fixedPaths,
    Map<String, String> sysctls) {

  /** Kernel settings the bridge plugin and the kubelet change: down restores them. */
  static final List<String> SYSCTLS =
      List.of(
          "net/ipv4/ip_forward",
          "vm/overcommit_memory",
          "kernel/panic",
          "kernel/panic_on_oops",
          "net/ipv4/conf/all/route_localnet");

  /** Paths the kubelet, containerd and the CNI library use whatever they are configured with. */
  static final List<String> FIXED_PATHS =
      List.of(
          "/run/containerd/s",
          "/var/lib/cni",
          "/var/lib/kubelet",
          "/var/log/containers",
          "/var/log/pods",
          "/var/run/netns");

  public static MachineState capture() {
    Set<String> rules = new java.util.TreeSet<>();
    for (String ipt : List.of("iptables", "ip6tables")) {
      for (String table : List.of("filter", "nat", "mangle", "raw")) {
        run(ipt, "-t", table, "-S").lines().forEach(l -> rules.add(ipt + " " + table + " " + l));
      }
    }
    // The policy engine's nftables table and its NFQUEUE (network-policies.sh).
    run("nft", "list", "tables").lines().forEach(l -> rules.add("nft " + l));
    run("cat", "/proc/net/netfilter/nfnetlink_queue")
        .lines()
        .forEach(l -> rules.add("nfqueue " + l.trim().split("\\s+")[0]));
    List<Path> cgroups = new ArrayList<>();
    try (Stream<Path> controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
      controllers.map(c -> c.resolve("kubepods")).filter(Files::isDirectory).forEach(cgroups::add);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Set<String> netns = new java.util.TreeSet<>();
    Path netnsDir = Path.of("/var/run/netns");
    if (Files.isDirectory(netnsDir)) {
      try (Stream<Path> files = Files.list(netnsDir)) {
        files.map(p -> p.getFileName().toString()).forEach(netns::add);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return new MachineState(
        run("ps", "-eo", "args").lines().filter(l -> !l.startsWith("ps ")).toList(),
        run("cat", "/proc/self/mountinfo").lines().map(l -> l.split(" ")[4]).toList(),
        netns,
        run("ip", "-o", "link", "show")
            .lines()
            .map(l -> l.split(":")[1].trim().replaceAll("@.*", ""))
            .collect(Collectors.toSet()),
        rules,
        cgroups,
        FIXED_PATHS.stream()
            .filter(p -> Files.exists(Path.of(p)))
            .collect(Collectors.toCollection(java.util.TreeSet::new)),
        SYSCTLS.stream()
            .collect(
                Collectors.toMap(
                    k -> k,
                    k -> run("cat", "/proc/sys/" + k).trim(),
                    (a, b) -> a,
                    java.util.TreeMap::new)));
  }

  private static String run(String... command) {
    return Shell.run(List.of(command), Map.of(), Duration.ofSeconds(30)).check("command").stdout();
  }
}
