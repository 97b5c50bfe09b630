package com.supernovaai.api.web;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies (CIDRs) allowed to tell the server who the client is. {@code X-Forwarded-For} is read
 * only when the direct peer is one of them, from the right: each trusted hop appends the address it
 * saw, so the first address that is not a trusted proxy is the client; what the client wrote itself
 * is further left and never reached. Without trusted proxies the peer is the client.
 */
public final class TrustedProxies {

  /** Nothing trusted: the peer is the client (the default). */
  public static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

  private final List<IpSubnetFilterRule> ranges;
  private final List<String> cidrs;

  private TrustedProxies(List<IpSubnetFilterRule> ranges, List<String> cidrs) {
    this.ranges = ranges;
    this.cidrs = cidrs;
  }

  /**
   * Parses a comma- or space-separated list of IPv4/IPv6 CIDRs (a bare address is one host); throws
   * {@link IllegalArgumentException} naming the first bad entry.
   */
  public static TrustedProxies parse(String list) {
    if (list == null || list.isBlank()) {
      return NONE;
    }
    List<IpSubnetFilterRule> ranges = new ArrayList<>();
    List<String> cidrs = new ArrayList<>();
    for (String entry : list.trim().split("[,\\s]+")) {
      ranges.add(range(entry));
      cidrs.add(entry);
    }
    return new TrustedProxies(List.copyOf(ranges), List.copyOf(cidrs));
  }

  private static IpSubnetFilterRule range(String cidr) {
    int slash = cidr.indexOf('/');
    // A literal only: a host name here would be a DNS lookup at start-up, and no CIDR.
    InetAddress address =
        NetUtil.createInetAddressFromIpAddressString(slash < 0 ? cidr : cidr.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException("not an IP address or CIDR: " + cidr);
    }
    int bits = address.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(cidr.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an IP address or CIDR: " + cidr);
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("prefix length out of range 0-" + bits + ": " + cidr);
      }
    }
    return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  public boolean trusts(InetAddress address) {
    InetSocketAddress socket = new InetSocketAddress(address, 0);
    return ranges.stream().anyMatch(r -> r.matches(socket));
  }

  /**
   * The client's address, given the direct peer and the {@code X-Forwarded-For} header values in
   * the order received. An entry that is not an address (e.g. {@code unknown}) ends the walk at the
   * last trusted hop, which is then taken for the client.
   */
  public InetAddress clientAddress(InetAddress peer, List<String> forwardedFor) {
    InetAddress client = peer;
    if (!trusts(peer) || forwardedFor.isEmpty()) {
      return client;
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String hop : header.split(",")) {
        hops.add(hop.trim());
      }
    }
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = literal(hops.get(i));
      if (hop == null) {
        return client;
      }
      client = hop;
      if (!trusts(hop)) {
        return client;
      }
    }
    return client;
  }

  /** An address as proxies write it: {@code 192.0.2.1}, {@code 192.0.2.1:443}, {@code [::1]:80}. */
  static InetAddress literal(String hop) {
    String host = hop;
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      host = end < 0 ? host : host.substring(1, end);
    } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
      host = host.substring(0, host.indexOf(':'));
    }
    return NetUtil.createInetAddressFromIpAddressString(host);
  }

  @Override
  public String toString() {
    return cidrs.toString();
  }
}
