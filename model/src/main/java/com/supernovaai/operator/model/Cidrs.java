package com.supernovaai.operator.model;

/**
 * The CEL rule for a list of CIDRs. A pattern rather than CEL's {@code isCIDR()}: that library
 * arrived in Kubernetes 1.31 and the chart supports 1.25, where a CRD using it cannot be installed.
 * IPv4 is checked exactly, IPv6 by its shape; the API server parses each one at start-up.
 */
public final class Cidrs {

  /** The longest CIDR (a full IPv6 address and /128): bounds the CEL cost (set by GenerateCrd). */
  public static final int MAX_LENGTH = 43;

  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  static final String IPV4 = "^(" + OCTET + "\\.){3}" + OCTET + "/(3[0-2]|[12]?[0-9])$";
  static final String IPV6 =
      "^(([0-9a-fA-F]{1,4})?:){2,7}([0-9a-fA-F]{1,4})?/(12[0-8]|1[01][0-9]|[1-9]?[0-9])$";

  static final String RULE =
      "self.all(c, c.matches(r'" + IPV4 + "') || c.matches(r'" + IPV6 + "'))";

  static final String MESSAGE =
      "each entry must be an IPv4 or IPv6 CIDR with its prefix length, e.g. 10.244.0.0/16 or"
          + " fd00::/8";

  private Cidrs() {}
}
