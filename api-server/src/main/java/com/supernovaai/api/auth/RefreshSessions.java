package com.supernovaai.api.auth;

import com.supernovaai.api.config.Settings;
import com.supernovaai.api.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token families: a login starts one, each refresh rotates it to a new refresh token, a reused
 * refresh token or a logout revokes it (OWASP ASVS 3.5, RFC 9700 section 4.14.2). The store keeps a
 * hash of the current refresh token's id, never a token.
 */
@Singleton
public class RefreshSessions {

  private static final Logger LOG = LoggerFactory.getLogger(RefreshSessions.class);

  private final TokenService tokens;
  private final RefreshTokenStore store;
  private final RevokedFamilies revoked;
  private final Duration familyLifetime;
  private final Clock clock = Clock.systemUTC();
  private final Map<RefreshRotation.Outcome, Counter> refreshes =
      new EnumMap<>(RefreshRotation.Outcome.class);

  public RefreshSessions(
      TokenService tokens,
      RefreshTokenStore store,
      RevokedFamilies revoked,
      Settings settings,
      MeterRegistry registry) {
    this.tokens = tokens;
    this.store = store;
    this.revoked = revoked;
    this.familyLifetime = settings.refreshTokenExpiration();
    // Reuse is the signal of a stolen refresh token: worth an alert, not only a log line.
    for (RefreshRotation.Outcome outcome : RefreshRotation.Outcome.values()) {
      refreshes.put(
          outcome,
          Counter.builder("supernova.refresh.tokens")
              .description("Refresh tokens presented, by outcome (reuse revokes the family)")
              .tag("result", outcome.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
  }

  /** A new family (a login or a registration) and its first token pair. */
  public Tokens start(User user) {
    UUID family = UUID.randomUUID();
    String refreshId = UUID.randomUUID().toString();
    Instant expiresAt = clock.instant().plus(familyLifetime);
    store.create(family, user.id(), hash(refreshId), expiresAt);
    return tokens.issue(user, family, refreshId, expiresAt);
  }

  /**
   * Exchanges the family's current refresh token for a new pair. Any other token of the family
   * revokes it: either the holder or a thief used it already, and the server cannot tell which.
   */
  public Tokens rotate(TokenService.RefreshClaims presented, User user) {
    String nextId = UUID.randomUUID().toString();
    Instant now = clock.instant();
    RefreshTokenStore.Rotation rotation =
        store.rotate(presented.family(), hash(presented.id()), hash(nextId), now);
    refreshes.get(rotation.outcome()).increment();
    return switch (rotation.outcome()) {
      case ROTATE -> tokens.issue(user, presented.family(), nextId, rotation.family().expiresAt());
      case REUSE -> {
        revoked.add(presented.family(), now);
        LOG.warn(
            "refresh token reuse: family {} of user {} revoked", presented.family(), user.id());
        throw ApiException.unauthorized("refresh token already used, log in again");
      }
      case REVOKED -> throw ApiException.unauthorized("refresh token revoked, log in again");
      case EXPIRED, UNKNOWN -> throw ApiException.unauthorized("refresh token expired");
    };
  }

  /**
   * Revokes the families named by a refresh token and/or an access token (either may be null; one
   * valid is needed). Revoking an already revoked family is not an error.
   */
  public void logout(String refreshToken, String accessToken) {
    if (isBlank(refreshToken) && isBlank(accessToken)) {
      throw ApiException.unauthorized("missing refresh or access token");
    }
    Instant now = clock.instant();
    if (!isBlank(refreshToken)) {
      TokenService.RefreshClaims refresh = tokens.verifyRefresh(refreshToken);
      revoke(refresh.family(), refresh.principal(), now);
    }
    if (!isBlank(accessToken)) {
      TokenService.AccessClaims access = tokens.decodeAccess(accessToken);
      if (access.family() != null) {
        revoke(access.family(), access.principal(), now);
      }
    }
  }

  private void revoke(UUID family, Principal principal, Instant now) {
    if (store.revoke(family, principal.userId(), "logout", now)) {
      LOG.info("logout: family {} of user {} revoked", family, principal.userId());
    }
    revoked.add(family, now);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  /** SHA-256 of a token id: what the store keeps instead of the id. */
  static byte[] hash(String tokenId) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(tokenId.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
