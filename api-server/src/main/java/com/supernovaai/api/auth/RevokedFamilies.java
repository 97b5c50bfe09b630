package com.supernovaai.api.auth;

import com.supernovaai.api.config.Settings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This replica's deny list of revoked token families, so that the access tokens of a logged-out or
 * reused family stop at once rather than at their expiry. A family stays listed only while an
 * access token issued before its revocation could still be valid (access lifetime plus leeway), so
 * the list holds the revocations of the last minutes, not of all time.
 */
@Singleton
public class RevokedFamilies {

  private final Map<UUID, Instant> listedUntil = new ConcurrentHashMap<>();
  private final Duration window;
  private final Clock clock;

  @Inject
  public RevokedFamilies(Settings settings) {
    this(settings.jwtExpiration().plus(TokenService.LEEWAY), Clock.systemUTC());
  }

  RevokedFamilies(Duration window, Clock clock) {
    this.window = window;
    this.clock = clock;
  }

  public boolean isRevoked(UUID family) {
    Instant until = listedUntil.get(family);
    return until != null && clock.instant().isBefore(until);
  }

  /** A revocation seen here or read from the store. */
  public void add(UUID family, Instant revokedAt) {
    listedUntil.merge(family, revokedAt.plus(window), (a, b) -> a.isAfter(b) ? a : b);
  }

  /** Adds what the store says and forgets the families whose access tokens have all expired. */
  public void merge(Map<UUID, Instant> revokedAt) {
    revokedAt.forEach(this::add);
    Instant now = clock.instant();
    listedUntil.values().removeIf(until -> !now.isBefore(until));
  }

  /** Revocations older than this no longer matter: read the store from here on. */
  public Instant relevantSince() {
    return clock.instant().minus(window);
  }

  public int size() {
    return listedUntil.size();
  }
}
