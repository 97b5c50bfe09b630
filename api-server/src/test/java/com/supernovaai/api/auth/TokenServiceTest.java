package com.supernovaai.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.supernovaai.api.config.Settings;
import com.supernovaai.api.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final User ALICE =
      new User(7L, "alice", "hash", new String[] {"write", "read"}, null);
  private static final Principal ALICE_READS_WRITES =
      new Principal(7, "alice", Set.of(Role.READ, Role.WRITE));
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final UUID FAMILY = UUID.fromString("5b0f6a4e-0000-4000-8000-000000000001");

  private static Settings settings() {
    return Settings.fromEnv(
        Map.of(
            "DATABASE_URL", "postgresql://db/x",
            "REDIS_URL", "redis://r",
            "JWT_SECRET_KEY", SECRET));
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  private static TokenService tokens(Clock clock, RevokedFamilies revoked) {
    return new TokenService(settings(), revoked, clock);
  }

  private static TokenService tokens(Clock clock) {
    return tokens(clock, new RevokedFamilies(Duration.ofMinutes(15), clock));
  }

  @Test
  void accessAndRefreshTokensRoundTripWithTheirFamily() {
    TokenService tokens = tokens(at(NOW));
    Tokens pair = tokens.issue(ALICE, FAMILY, "refresh-1", NOW.plus(Duration.ofDays(30)));
    assertThat(pair.expiresIn()).isEqualTo(900);

    TokenService.AccessClaims access = tokens.verifyAccessToken(pair.accessToken());
    assertThat(access.principal()).isEqualTo(ALICE_READS_WRITES);
    assertThat(access.family()).isEqualTo(FAMILY);
    assertThat(access.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
    assertThat(tokens.verifyRefresh(pair.refreshToken()))
        .isEqualTo(new TokenService.RefreshClaims(ALICE_READS_WRITES, FAMILY, "refresh-1"));
  }

  @Test
  void aRefreshTokenEndsWithItsFamilyHoweverLateItIsIssued() {
    Instant familyEnd = NOW.plus(Duration.ofDays(30));
    Instant lateInTheFamily = familyEnd.minus(Duration.ofMinutes(5));
    TokenService late = tokens(at(lateInTheFamily));
    Tokens pair = late.issue(ALICE, FAMILY, "refresh-9", familyEnd);
    // Neither token outlives the family: no renewal for ever.
    assertThat(JWT.decode(pair.refreshToken()).getExpiresAtAsInstant()).isEqualTo(familyEnd);
    assertThat(late.verifyAccessToken(pair.accessToken()).expiresAt()).isEqualTo(familyEnd);
    assertThat(pair.expiresIn()).isEqualTo(300);

    TokenService afterTheEnd = tokens(at(familyEnd.plus(Duration.ofMinutes(1))));
    assertThatThrownBy(() -> afterTheEnd.verifyRefresh(pair.refreshToken()))
        .hasMessage("refresh token expired");
  }

  @Test
  void theAccessTokensOfARevokedFamilyAreRefusedUntilTheyWouldHaveExpired() {
    Clock clock = at(NOW);
    RevokedFamilies revoked = new RevokedFamilies(Duration.ofMinutes(15), clock);
    TokenService tokens = tokens(clock, revoked);
    Tokens pair = tokens.issue(ALICE, FAMILY, "refresh-1", NOW.plus(Duration.ofDays(30)));
    Tokens other =
        tokens.issue(ALICE, UUID.randomUUID(), "refresh-2", NOW.plus(Duration.ofDays(30)));

    revoked.add(FAMILY, NOW);
    assertThatThrownBy(() -> tokens.verifyAccess(pair.accessToken()))
        .hasMessage("access token revoked");
    assertThat(tokens.verifyAccess(other.accessToken())).isEqualTo(ALICE_READS_WRITES);
    // Logout is idempotent: it still reads a revoked token.
    assertThat(tokens.decodeAccess(pair.accessToken()).family()).isEqualTo(FAMILY);
  }

  @Test
  void rolesComeFromTheSignedClaimAndUnknownOnesAreDropped() {
    TokenService tokens = tokens(Clock.systemUTC());
    Algorithm key = Algorithm.HMAC256(SECRET);
    String withAdminAndFuture =
        JWT.create()
            .withIssuer(TokenService.ISSUER)
            .withSubject("root")
            .withClaim("uid", 1L)
            .withClaim("typ", "access")
            .withClaim("roles", List.of("admin", "superpower"))
            .withExpiresAt(Instant.now().plusSeconds(600))
            .sign(key);
    assertThat(tokens.verifyAccess(withAdminAndFuture).roles()).containsExactly(Role.ADMIN);
    // Issued before roles existed: it authenticates, but no route that needs a role opens.
    String withoutRoles =
        JWT.create()
            .withIssuer(TokenService.ISSUER)
            .withSubject("old")
            .withClaim("uid", 2L)
            .withClaim("typ", "access")
            .withExpiresAt(Instant.now().plusSeconds(600))
            .sign(key);
    assertThat(tokens.verifyAccess(withoutRoles).roles()).isEmpty();
  }

  @Test
  void tokenKindsAreNotInterchangeable() {
    TokenService tokens = tokens(Clock.systemUTC());
    Tokens pair = tokens.issue(ALICE, FAMILY, "r", Instant.now().plus(Duration.ofDays(1)));
    assertThatThrownBy(() -> tokens.verifyAccess(pair.refreshToken()))
        .isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> tokens.verifyRefresh(pair.accessToken()))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void refreshTokensOfReleasesBeforeFamiliesAreRefused() {
    TokenService tokens = tokens(Clock.systemUTC());
    String legacy =
        JWT.create()
            .withIssuer(TokenService.ISSUER)
            .withSubject("alice")
            .withClaim("uid", 7L)
            .withClaim("typ", "refresh")
            .withJWTId(UUID.randomUUID().toString())
            .withExpiresAt(Instant.now().plusSeconds(3600))
            .sign(Algorithm.HMAC256(SECRET));
    assertThatThrownBy(() -> tokens.verifyRefresh(legacy))
        .hasMessage("refresh token from an earlier version, log in again");
  }

  @Test
  void expiredForgedAndMissingTokensAreRejected() {
    Instant past = NOW.minusSeconds(7200);
    String expired =
        tokens(at(past)).issue(ALICE, FAMILY, "r", past.plus(Duration.ofDays(1))).accessToken();
    TokenService now = tokens(at(NOW));
    assertThatThrownBy(() -> now.verifyAccess(expired)).hasMessage("access token expired");

    String forged =
        JWT.create()
            .withIssuer(TokenService.ISSUER)
            .withSubject("alice")
            .withClaim("uid", 7L)
            .withClaim("typ", "access")
            .withExpiresAt(NOW.plusSeconds(600))
            .sign(Algorithm.HMAC256("another-secret-another-secret-another-secret"));
    assertThatThrownBy(() -> now.verifyAccess(forged)).hasMessage("invalid access token");

    String unsigned = forged.substring(0, forged.lastIndexOf('.') + 1);
    assertThatThrownBy(() -> now.verifyAccess(unsigned)).hasMessage("invalid access token");
    assertThatThrownBy(() -> now.verifyAccess(null)).hasMessage("missing access token");
  }
}
