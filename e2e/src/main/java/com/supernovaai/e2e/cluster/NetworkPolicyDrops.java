package com.supernovaai.e2e.cluster;

/**
 * Packets the real node's NetworkPolicy engine (kube-network-policies) dropped: by a policy's
 * verdict, because its queue was full, or because it could not hand the packet to the engine. A
 * lookup or connection of a pod that times out now and then is one of these, or it is lost
 * elsewhere.
 */
public record NetworkPolicyDrops(long byPolicy, long queueFull, long unanswered) {

  /** The counters in the engine's Prometheus text ({@code /metrics}). */
  public static NetworkPolicyDrops parse(String metrics) {
    long byPolicy = 0;
    long queueFull = 0;
    long unanswered = 0;
    for (String line : metrics.lines().toList()) {
      if (line.startsWith("kube_network_policies_packet_count{")
          && line.contains("verdict=\"drop\"")) {
        byPolicy += value(line);
      } else if (line.startsWith("kube_network_policies_nfqueue_queue_dropped{")) {
        queueFull += value(line);
      } else if (line.startsWith("kube_network_policies_nfqueue_user_dropped{")) {
        unanswered += value(line);
      }
    }
    return new NetworkPolicyDrops(byPolicy, queueFull, unanswered);
  }

  /** The drops since {@code before} (the counters only grow while the engine runs). */
  public NetworkPolicyDrops since(NetworkPolicyDrops before) {
    return new NetworkPolicyDrops(
        byPolicy - before.byPolicy, queueFull - before.queueFull, unanswered - before.unanswered);
  }

  @Override
  public String toString() {
    return byPolicy + " / " + queueFull + " / " + unanswered;
  }

  private static long value(String line) {
    return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }
}
