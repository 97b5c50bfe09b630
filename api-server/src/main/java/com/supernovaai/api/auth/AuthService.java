package com.supernovaai.api.auth;

import com.supernovaai.api.config.Settings;
import com.supernovaai.api.web.ApiException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** Registration, login, refresh and logout; passwords are bcrypt-hashed and never logged. */
@Singleton
public class AuthService {

  public static final int BCRYPT_COST = 10;

  /**
   * Compared against when the user does not exist, so both paths take as long: computed once, with
   * the cost of real hashes (bcrypt's work is set by the cost stored in the hash).
   */
  static final String DUMMY_HASH = hash("not-a-password");

  private final UserRepository users;
  private final TokenService tokens;
  private final RefreshSessions sessions;
  private final boolean selfRegistration;

  public AuthService(
      UserRepository users, TokenService tokens, RefreshSessions sessions, Settings settings) {
    this.users = users;
    this.tokens = tokens;
    this.sessions = sessions;
    this.selfRegistration = settings.accounts().selfRegistration();
  }

  /** Self-registration (when turned on): a reader; only an administrator grants more. */
  public Tokens register(AuthRequests.Credentials credentials) {
    requireSelfRegistration();
    return sessions.start(
        create(credentials.username(), credentials.password(), Set.of(Role.READ)));
  }

  /** 403 unless self-registration is on; checked before the body, which is then irrelevant. */
  public void requireSelfRegistration() {
    if (!selfRegistration) {
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          "forbidden",
          null,
          "self-registration is disabled; an administrator creates accounts");
    }
  }

  /** A new account with these roles; 409 when the name is taken. */
  public User create(String username, String password, Set<Role> roles) {
    if (users.existsByUsername(username)) {
      throw taken();
    }
    String hash = hash(password);
    try {
      return users.save(User.create(username, hash, roles));
    } catch (DataAccessException e) {
      if (isUniqueViolation(e)) {
        throw taken();
      }
      throw e;
    }
  }

  public Tokens login(AuthRequests.Credentials credentials) {
    Optional<User> user = users.findByUsername(credentials.username());
    String hash = user.map(User::passwordHash).orElse(DUMMY_HASH);
    boolean matches = BCrypt.checkpw(credentials.password(), hash);
    if (user.isEmpty() || !matches) {
      throw ApiException.unauthorized("invalid username or password");
    }
    return sessions.start(user.get());
  }

  public Tokens refresh(String refreshToken) {
    TokenService.RefreshClaims claims = tokens.verifyRefresh(refreshToken);
    Principal principal = claims.principal();
    User user =
        users
            .findById(principal.userId())
            .filter(u -> u.username().equals(principal.username()))
            .orElseThrow(() -> ApiException.unauthorized("invalid refresh token"));
    return sessions.rotate(claims, user);
  }

  /** Revokes the login (token family) of either token; both may be given. */
  public void logout(String refreshToken, String accessToken) {
    sessions.logout(refreshToken, accessToken);
  }

  /** The stored form of a password. */
  static String hash(String password) {
    return BCrypt.hashpw(password, BCrypt.gensalt(BCRYPT_COST));
  }

  private static ApiException taken() {
    return new ApiException(
        HttpStatus.CONFLICT, "conflict", "username", "username is already taken");
  }

  private static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
