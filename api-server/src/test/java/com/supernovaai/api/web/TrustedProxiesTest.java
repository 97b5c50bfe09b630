package com.supernovaai.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  private static final TrustedProxies INGRESS = TrustedProxies.parse("10.42.0.0/16, fd00::/8");

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    assertThat(client(TrustedProxies.NONE, "10.42.0.5", "198.51.100.7")).isEqualTo("10.42.0.5");
    assertThat(TrustedProxies.parse("  ").isEmpty()).isTrue();
  }

  @Test
  void anUntrustedPeerCannotSpoofItsAddress() {
    assertThat(client(INGRESS, "203.0.113.9", "198.51.100.7")).isEqualTo("203.0.113.9");
  }

  @Test
  void aTrustedPeerNamesTheClientItSaw() {
    assertThat(client(INGRESS, "10.42.0.5", "198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(client(INGRESS, "fd00::1", "2001:db8::7")).isEqualTo("2001:db8:0:0:0:0:0:7");
  }

  @Test
  void whatTheClientWroteItselfIsLeftOfTheAddressTheProxySaw() {
    // The client sent "X-Forwarded-For: 1.2.3.4"; the ingress appended the address it saw.
    assertThat(client(INGRESS, "10.42.0.5", "1.2.3.4, 198.51.100.7")).isEqualTo("198.51.100.7");
    // Two trusted hops (a load balancer, then the ingress), also as separate header lines.
    assertThat(client(INGRESS, "10.42.0.5", "1.2.3.4, 198.51.100.7, 10.42.3.3"))
        .isEqualTo("198.51.100.7");
    assertThat(client(INGRESS, "10.42.0.5", "1.2.3.4", "198.51.100.7", "10.42.3.3"))
        .isEqualTo("198.51.100.7");
  }

  @Test
  void portsAndBracketsAsProxiesWriteThem() {
    assertThat(client(INGRESS, "10.42.0.5", "198.51.100.7:5123")).isEqualTo("198.51.100.7");
    assertThat(client(INGRESS, "10.42.0.5", "[2001:db8::7]:443")).isEqualTo("2001:db8:0:0:0:0:0:7");
  }

  @Test
  void garbageEndsTheWalkAtTheLastTrustedHop() {
    assertThat(client(INGRESS, "10.42.0.5", "198.51.100.7, unknown")).isEqualTo("10.42.0.5");
    assertThat(client(INGRESS, "10.42.0.5", "evil.example.com, 10.42.3.3")).isEqualTo("10.42.3.3");
    assertThat(client(INGRESS, "10.42.0.5", "")).isEqualTo("10.42.0.5");
  }

  @Test
  void allHopsTrustedMeansTheLeftmostIsTheClient() {
    assertThat(client(INGRESS, "10.42.0.5", "10.42.9.9, 10.42.3.3")).isEqualTo("10.42.9.9");
  }

  @Test
  void ipv4MappedPeersMatchIpv4Ranges() throws Exception {
    InetAddress mapped =
        InetAddress.getByAddress(NetUtil.createByteArrayFromIpAddressString("::ffff:10.42.0.5"));
    assertThat(INGRESS.trusts(mapped)).isTrue();
  }

  @Test
  void badEntriesAreRefusedWithTheirName() {
    assertThat(TrustedProxies.parse("192.0.2.1").trusts(ip("192.0.2.1"))).isTrue();
    assertThat(TrustedProxies.parse("192.0.2.1").trusts(ip("192.0.2.2"))).isFalse();
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/8,ingress.local"))
        .hasMessageContaining("ingress.local");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("0-32");
    assertThatThrownBy(() -> TrustedProxies.parse("fd00::/129")).hasMessageContaining("0-128");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/x")).hasMessageContaining("10.0.0.0/x");
  }

  private static String client(TrustedProxies proxies, String peer, String... forwardedFor) {
    return proxies.clientAddress(ip(peer), List.of(forwardedFor)).getHostAddress();
  }

  private static InetAddress ip(String literal) {
    return NetUtil.createInetAddressFromIpAddressString(literal);
  }
}
