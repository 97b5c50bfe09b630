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
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final User ALICE = new User(7L, "alice", "hash", null);

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
    assertThat(tokens.verifyAccess(pair.accessToken())).isEqualTo(new Principal(7, "alice"));
    assertThat(tokens.verifyRefresh(pair.refreshToken())).isEqualTo(new Principal(7, "alice"));
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
