package com.supernovaai.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkPolicyDropsTest {

  /** As kube-network-policies v0.8.0 prints them, with the engine's other metrics between. */
  private static final String METRICS =
      """
      # HELP kube_network_policies_nfqueue_queue_dropped Number of packets dropped by the kernel
      # TYPE kube_network_policies_nfqueue_queue_dropped gauge
      kube_network_policies_nfqueue_packet_id{queue="100"} 2916
      kube_network_policies_nfqueue_queue_dropped{queue="100"} 3
      kube_network_policies_nfqueue_queue_total{queue="100"} 0
      kube_network_policies_nfqueue_user_dropped{queue="100"} 1
      kube_network_policies_packet_count{family="IPv4",protocol="TCP",verdict="accept"} 95
      kube_network_policies_packet_count{family="IPv4",protocol="TCP",verdict="drop"} 7
      kube_network_policies_packet_count{family="IPv4",protocol="UDP",verdict="accept"} 4108
      kube_network_policies_packet_count{family="IPv4",protocol="UDP",verdict="drop"} 2
      kube_network_policies_packet_process_time_sum 1.5e+06
      """;

  @Test
  void countsPolicyVerdictsOfEveryProtocolAndBothQueueCounters() {
    assertThat(NetworkPolicyDrops.parse(METRICS)).isEqualTo(new NetworkPolicyDrops(9, 3, 1));
  }

  @Test
  void anEngineThatDroppedNothingHasNoDropLines() {
    String none =
        """
        kube_network_policies_nfqueue_queue_dropped{queue="100"} 0
        kube_network_policies_nfqueue_user_dropped{queue="100"} 0
        kube_network_policies_packet_count{family="IPv4",protocol="UDP",verdict="accept"} 4108
        """;
    assertThat(NetworkPolicyDrops.parse(none)).isEqualTo(new NetworkPolicyDrops(0, 0, 0));
  }

  @Test
  void theDropsOfAnIntervalAreTheDifferenceOfItsEnds() {
    NetworkPolicyDrops before = new NetworkPolicyDrops(2, 0, 1);
    NetworkPolicyDrops after = new NetworkPolicyDrops(9, 3, 1);
    assertThat(after.since(before)).hasToString("7 / 3 / 0");
  }
}
