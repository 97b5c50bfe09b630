package com.supernovaai.api.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.supernovaai.api.config.Settings;
import com.supernovaai.api.web.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Issues and verifies HS256 JWTs: short-lived access tokens and refresh tokens, both naming the
 * token family (one per login, {@code fid}) that {@link RefreshSessions} rotates and revokes.
 */
@Singleton
public class TokenService {

  static final String ISSUER = "supernova-api";

  /** Clock skew tolerated between replicas. */
  static final Duration LEEWAY = Duration.ofSeconds(5);

  private static final String TYPE = "typ";
  private static final String UID = "uid";
  private static final String ROLES = "roles";
  private static final String FAMILY = "fid";

  /** A verified access token. {@code family} is null for tokens of releases before families. */
  public record AccessClaims(Principal principal, @Nullable UUID family, Instant expiresAt) {}

  /** A verified refresh token: its family and its own id ({@code jti}). */
  public record RefreshClaims(Principal principal, UUID family, String id) {}

  private final Algorithm algorithm;
  private final Duration accessTtl;
  private final JWTVerifier accessVerifier;
  private final JWTVerifier refreshVerifier;
  private final RevokedFamilies revoked;
  private final Clock clock;

  @Inject
  public TokenService(Settings settings, RevokedFamilies revoked) {
    this(settings, revoked, Clock.systemUTC());
  }

  TokenService(Settings settings, RevokedFamilies revoked, Clock clock) {
    this.algorithm = Algorithm.HMAC256(settings.jwtSecret().getBytes(StandardCharsets.UTF_8));
    this.accessTtl = settings.jwtExpiration();
    this.revoked = revoked;
    this.clock = clock;
    this.accessVerifier = verifier("access");
    this.refreshVerifier = verifier("refresh");
  }

  private JWTVerifier verifier(String type) {
    // The clock decides expiry, so tests can verify with the clock they issued with.
    return ((JWTVerifier.BaseVerification)
            JWT.require(algorithm)
                .withIssuer(ISSUER)
                .withClaim(TYPE, type)
                .acceptLeeway(LEEWAY.toSeconds()))
        .build(clock);
  }

  /**
   * A token pair of a family: the refresh token carries {@code refreshId} and ends with the family
   * (its absolute lifetime, so rotation never extends a login); the access token lives {@code
   * ACCESS_TOKEN_EXPIRATION_SECONDS}, never past the family.
   */
  public Tokens issue(User user, UUID family, String refreshId, Instant familyExpiresAt) {
    Instant now = clock.instant();
    Instant accessExpiry = min(now.plus(accessTtl), familyExpiresAt);
    return new Tokens(
        sign(user, "access", family, UUID.randomUUID().toString(), now, accessExpiry),
        sign(user, "refresh", family, refreshId, now, familyExpiresAt),
        "Bearer",
        Duration.between(now, accessExpiry).toSeconds());
  }

  private String sign(
      User user, String type, UUID family, String id, Instant now, Instant expiresAt) {
    return JWT.create()
        .withIssuer(ISSUER)
        .withSubject(user.username())
        .withClaim(UID, user.id())
        .withClaim(ROLES, user.roleIds())
        .withClaim(TYPE, type)
        .withClaim(FAMILY, family.toString())
        .withJWTId(id)
        .withIssuedAt(now)
        .withExpiresAt(expiresAt)
        .sign(algorithm);
  }

  /** Verifies an access token; 401 naming what is wrong (missing, expired, revoked, invalid). */
  public Principal verifyAccess(String token) {
    return verifyAccessToken(token).principal();
  }

  /** {@link #verifyAccess}, with the token's family and expiry. */
  public AccessClaims verifyAccessToken(String token) {
    AccessClaims claims = decodeAccess(token);
    if (claims.family() != null && revoked.isRevoked(claims.family())) {
      throw ApiException.unauthorized("access token revoked");
    }
    return claims;
  }

  /** Signature, type and expiry of an access token, revoked or not (logout is idempotent). */
  AccessClaims decodeAccess(String token) {
    DecodedJWT jwt = verify(token, accessVerifier, "access");
    return new AccessClaims(
        principal(jwt, "access"), family(jwt, "access", false), jwt.getExpiresAtAsInstant());
  }

  /**
   * Verifies a refresh token's signature and expiry; whether it is its family's current one is the
   * store's to say. Tokens of releases before families (no {@code fid}) cannot be tracked, so they
   * are refused: those users log in again.
   */
  public RefreshClaims verifyRefresh(String token) {
    DecodedJWT jwt = verify(token, refreshVerifier, "refresh");
    if (jwt.getId() == null) {
      throw ApiException.unauthorized("invalid refresh token");
    }
    return new RefreshClaims(principal(jwt, "refresh"), family(jwt, "refresh", true), jwt.getId());
  }

  private static DecodedJWT verify(String token, JWTVerifier verifier, String kind) {
    if (token == null || token.isBlank()) {
      throw ApiException.unauthorized("missing " + kind + " token");
    }
    try {
      return verifier.verify(token);
    } catch (TokenExpiredException e) {
      throw ApiException.unauthorized(kind + " token expired");
    } catch (JWTVerificationException e) {
      throw ApiException.unauthorized("invalid " + kind + " token");
    }
  }

  private static Principal principal(DecodedJWT jwt, String kind) {
    Long uid = jwt.getClaim(UID).asLong();
    if (uid == null || jwt.getSubject() == null) {
      throw ApiException.unauthorized("invalid " + kind + " token");
    }
    // A token without roles (issued before roles existed) may do nothing but refresh.
    return new Principal(
        uid, jwt.getSubject(), Role.fromIds(jwt.getClaim(ROLES).asList(String.class)));
  }

  private static UUID family(DecodedJWT jwt, String kind, boolean required) {
    String family = jwt.getClaim(FAMILY).asString();
    if (family == null) {
      if (required) {
        throw ApiException.unauthorized(kind + " token from an earlier version, log in again");
      }
      return null;
    }
    try {
      return UUID.fromString(family);
    } catch (IllegalArgumentException e) {
      throw ApiException.unauthorized("invalid " + kind + " token");
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /**
   * The bearer token of a request: the Authorization header only. A token in a URL ends up in
   * access logs, proxies and browser history, so no route reads one (a WebSocket handshake may also
   * carry it as a subprotocol: {@link #webSocketToken}).
   */
  public static String bearerToken(HttpRequest<?> request) {
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (header != null) {
      if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return header.substring(7).trim();
      }
      return "";
    }
    return null;
  }

  /**
   * The WebSocket subprotocol the API speaks: a browser offers it beside {@link
   * #WEBSOCKET_TOKEN_PREFIX}{@code <token>}, and the handshake's answer selects it.
   */
  public static final String WEBSOCKET_PROTOCOL = "supernova.v1";

  /** A subprotocol offered as this prefix and the access token carries the token. */
  public static final String WEBSOCKET_TOKEN_PREFIX = "supernova.bearer.";

  /**
   * The token of a WebSocket handshake: the Authorization header, or an offered subprotocol {@code
   * supernova.bearer.<token>}. Browsers can set no header on a handshake but its subprotocols (as
   * the Kubernetes API server takes them); a token in the URL would end up in proxies' and Ingress
   * controllers' access logs, so the query is never read. A JWT's characters are all valid in a
   * subprotocol name.
   */
  public static String webSocketToken(HttpRequest<?> request) {
    String header = bearerToken(request);
    if (header != null) {
      return header;
    }
    for (String offered : request.getHeaders().getAll(HttpHeaders.SEC_WEBSOCKET_PROTOCOL)) {
      for (String protocol : offered.split(",")) {
        String trimmed = protocol.trim();
        if (trimmed.startsWith(WEBSOCKET_TOKEN_PREFIX)) {
          return trimmed.substring(WEBSOCKET_TOKEN_PREFIX.length());
        }
      }
    }
    return null;
  }
}
