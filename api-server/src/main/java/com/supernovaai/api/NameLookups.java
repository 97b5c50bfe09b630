package com.supernovaai.api;

import java.security.Security;

/**
 * How long this JVM remembers a failed name lookup: 1 s instead of the JDK's 10. In a cluster a
 * name often does not exist yet when first asked for: a new stack's API asks the Sentinels for the
 * master and looks up its pod's name, which the headless Service publishes only once that pod has
 * an address (a real-node run saw it served without Redis for a further 10 s, the failed lookup
 * cached). Successful lookups keep the JDK's default (30 s).
 */
final class NameLookups {

  static final String NEGATIVE_TTL_PROPERTY = "networkaddress.cache.negative.ttl";
  static final String NEGATIVE_TTL_SECONDS = "1";

  private NameLookups() {}

  /** Before the first lookup: the JDK reads the policy once, when it first resolves a name. */
  static void configure() {
    Security.setProperty(NEGATIVE_TTL_PROPERTY, NEGATIVE_TTL_SECONDS);
  }
}
