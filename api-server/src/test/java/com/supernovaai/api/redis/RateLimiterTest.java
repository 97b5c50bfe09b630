package com.supernovaai.api.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.NetUtil;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void ipv4AddressesHaveABucketEach() {
    assertThat(key("198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(key("198.51.100.8")).isNotEqualTo(key("198.51.100.7"));
  }

  @Test
  void ipv6AddressesShareTheBucketOfTheirSlash64() {
    // A client rotating through its own /64 stays in one bucket; the next /64 is another client.
    assertThat(key("2001:db8:1:2:aaaa::1")).isEqualTo(key("2001:db8:1:2:ffff:1:2:3"));
    assertThat(key("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(key("2001:db8:1:3::1")).isNotEqualTo(key("2001:db8:1:2::1"));
  }

  private static String key(String literal) {
    return RateLimiter.addressKey(NetUtil.createInetAddressFromIpAddressString(literal));
  }
}
