package com.supernovaai.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.supernovaai.api.config.Settings;
import com.supernovaai.api.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final User ALICE =
      new User(7L, "alice", "hash", new String[] {"write", "read"}, null);
  private static final Principal ALICE_READS_WRITES =
      new Principal(7, "alice", Set.of(Role.READ, Role.WRITE));

  private static Settings settings() {
    return Settings.fromEnv(
        Map.of(
            "DATABASE_URL", "postgresql://db/x",
            "REDIS_URL", "redis://r",
            "JWT_SECRET_KEY", SECRET));
  }

  @Test
  void accessTokenRoundTrips() {
    TokenService tokens = new TokenService(settings());
    Tokens pair = tokens.issue(ALICE);
    assertThat(pair.expiresIn()).isEqualTo(3600);
    assertThat(tokens.verifyAccess(pair.accessToken())).isEqualTo(ALICE_READS_WRITES);
    assertThat(tokens.verifyRefresh(pair.refreshToken())).isEqualTo(ALICE_READS_WRITES);
  }

  @Test
  void rolesComeFromTheSignedClaimAndUnknownOnesAreDropped() {
    TokenService tokens = new TokenService(settings());
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
    TokenService tokens = new TokenService(settings());
    Tokens pair = tokens.issue(ALICE);
    assertThatThrownBy(() -> tokens.verifyAccess(pair.refreshToken()))
        .isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> tokens.verifyRefresh(pair.accessToken()))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void expiredForgedAndMissingTokensAreRejected() {
    TokenService past =
        new TokenService(settings(), Clock.fixed(Instant.now().minusSeconds(7200), ZoneOffset.UTC));
    TokenService now = new TokenService(settings());
    String expired = past.issue(ALICE).accessToken();
    assertThatThrownBy(() -> now.verifyAccess(expired)).hasMessage("access token expired");

    String forged =
        JWT.create()
            .withIssuer(TokenService.ISSUER)
            .withSubject("alice")
            .withClaim("uid", 7L)
            .withClaim("typ", "access")
            .withExpiresAt(Instant.now().plusSeconds(600))
            .sign(Algorithm.HMAC256("another-secret-another-secret-another-secret"));
    assertThatThrownBy(() -> now.verifyAccess(forged)).hasMessage("invalid access token");

    String unsigned = forged.substring(0, forged.lastIndexOf('.') + 1);
    assertThatThrownBy(() -> now.verifyAccess(unsigned)).hasMessage("invalid access token");
    assertThatThrownBy(() -> now.verifyAccess(null)).hasMessage("missing access token");
  }
}
