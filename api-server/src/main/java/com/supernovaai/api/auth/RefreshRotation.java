package com.supernovaai.api.auth;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;

/**
 * What presenting a refresh token does to its family: the decision of rotation with reuse detection
 * (RFC 9700 section 4.14.2), a pure function of the stored family and the clock.
 */
public final class RefreshRotation {

  private RefreshRotation() {}

  /** A stored family: whose it is, the hash of its current token's id, its absolute end. */
  public record Family(long userId, byte[] currentHash, Instant expiresAt, Instant revokedAt) {}

  public enum Outcome {
    /** The current token: the family moves on to a new one. */
    ROTATE,
    /** A signed token of the family that is no longer current was used again: revoke. */
    REUSE,
    /** Logged out or revoked after a reuse: refused, nothing changes. */
    REVOKED,
    /** Past the family's absolute lifetime: the user logs in again. */
    EXPIRED,
    /** No such family (never stored, or deleted after it expired). */
    UNKNOWN
  }

  public static Outcome decide(Optional<Family> stored, byte[] presentedHash, Instant now) {
    if (stored.isEmpty()) {
      return Outcome.UNKNOWN;
    }
    Family family = stored.get();
    if (family.revokedAt() != null) {
      return Outcome.REVOKED;
    }
    if (!now.isBefore(family.expiresAt())) {
      return Outcome.EXPIRED;
    }
    // Constant time: the hash is of a random id, but there is no reason to leak a prefix match.
    return MessageDigest.isEqual(family.currentHash(), presentedHash)
        ? Outcome.ROTATE
        : Outcome.REUSE;
  }
}
