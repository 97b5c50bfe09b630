package com.supernovaai.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The trusted-proxy CIDR patterns of the CRD accept and reject what users write. */
class CidrsTest {

  private static boolean accepted(String cidr) {
    return cidr.length() <= Cidrs.MAX_LENGTH
        && (Pattern.compile(Cidrs.IPV4).matcher(cidr).matches()
            || Pattern.compile(Cidrs.IPV6).matcher(cidr).matches());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.244.0.0/16",
        "0.0.0.0/0",
        "192.168.1.7/32",
        "255.255.255.255/32",
        "fd00::/8",
        "::1/128",
        "2001:db8::/32",
        "2001:0db8:0000:0000:0000:0000:0000:0001/128",
        "::/0"
      })
  void acceptsCidrs(String cidr) {
    assertThat(accepted(cidr)).as(cidr).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.244.0.0",
        "10.244.0.0/33",
        "256.0.0.0/8",
        "10.0.0/8",
        "10.0.0.0/-1",
        "ingress.example.com/32",
        "fd00::",
        "fd00::/129",
        "fd00:12345::/32",
        "10.0.0.0/8,10.1.0.0/16",
        " 10.0.0.0/8"
      })
  void rejectsWhatIsNotACidr(String cidr) {
    assertThat(accepted(cidr)).as(cidr).isFalse();
  }
}
