package com.supernovaai.api.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.supernovaai.api.config.Settings;
import com.supernovaai.api.web.ApiException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Issues and verifies HS256 JWTs: short-lived access tokens and long-lived refresh tokens. */
@Singleton
public class TokenService {

  static final String ISSUER = "supernova-api";
  private static final String TYPE = "typ";
  private static final String UID = "uid";
  private static final String ROLES = "roles";

  private final Algorithm algorithm;
  private final Duration accessTtl;
  private final Duration refreshTtl;
  private final JWTVerifier accessVerifier;
  private final JWTVerifier refreshVerifier;
  private final Clock clock;

  public TokenService(Settings settings) {
    this(settings, Clock.systemUTC());
  }

  TokenService(Settings settings, Clock clock) {
    this.algorithm = Algorithm.HMAC256(settings.jwtSecret().getBytes(StandardCharsets.UTF_8));
    this.accessTtl = settings.jwtExpiration();
    this.refreshTtl = settings.refreshTokenExpiration();
    this.clock = clock;
    this.accessVerifier = verifier("access");
    this.refreshVerifier = verifier("refresh");
  }

  private JWTVerifier verifier(String type) {
    return JWT.require(algorithm).withIssuer(ISSUER).withClaim(TYPE, type).acceptLeeway(5).build();
  }

  /** A token pair for a user. */
  public Tokens issue(User user) {
    Instant now = clock.instant();
    return new Tokens(
        sign(user, "access", now, accessTtl),
        sign(user, "refresh", now, refreshTtl),
        "Bearer",
        accessTtl.toSeconds());
  }

  private String sign(User user, String type, Instant now, Duration ttl) {
    return JWT.create()
        .withIssuer(ISSUER)
        .withSubject(user.username())
        .withClaim(UID, user.id())
        .withClaim(ROLES, user.roleIds())
        .withClaim(TYPE, type)
        .withJWTId(UUID.randomUUID().toString())
        .withIssuedAt(now)
        .withExpiresAt(now.plus(ttl))
        .sign(algorithm);
  }

  /** Verifies an access token; 401 naming what is wrong (missing, expired, invalid). */
  public Principal verifyAccess(String token) {
    return verify(token, accessVerifier, "access");
  }

  /** Verifies a refresh token. */
  public Principal verifyRefresh(String token) {
    return verify(token, refreshVerifier, "refresh");
  }

  private static Principal verify(String token, JWTVerifier verifier, String kind) {
    if (token == null || token.isBlank()) {
      throw ApiException.unauthorized("missing " + kind + " token");
    }
    try {
      DecodedJWT jwt = verifier.verify(token);
      Long uid = jwt.getClaim(UID).asLong();
      if (uid == null || jwt.getSubject() == null) {
        throw ApiException.unauthorized("invalid " + kind + " token");
      }
      // A token without roles (issued before roles existed) may do nothing but refresh.
      return new Principal(
          uid, jwt.getSubject(), Role.fromIds(jwt.getClaim(ROLES).asList(String.class)));
    } catch (TokenExpiredException e) {
      throw ApiException.unauthorized(kind + " token expired");
    } catch (JWTVerificationException e) {
      throw ApiException.unauthorized("invalid " + kind + " token");
    }
  }

  /**
   * The bearer token of a request: the Authorization header, or the {@code access_token} query
   * parameter (browsers cannot set headers on WebSocket handshakes).
   */
  public static String bearerToken(HttpRequest<?> request) {
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (header != null) {
      if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return header.substring(7).trim();
      }
      return "";
    }
    return request.getParameters().get("access_token");
  }
}
