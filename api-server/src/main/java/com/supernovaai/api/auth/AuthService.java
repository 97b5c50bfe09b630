package com.supernovaai.api.auth;

import com.supernovaai.api.web.ApiException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** Registration, login, refresh and logout; passwords are bcrypt-hashed and never logged. */
@Singleton
public class AuthService {

  static final int BCRYPT_COST = 10;

  /** Compared against when the user does not exist, so both paths take as long. */
  private static final String DUMMY_HASH = BCrypt.hashpw("not-a-password", BCrypt.gensalt(4));

  private final UserRepository users;
  private final TokenService tokens;
  private final RefreshSessions sessions;

  public AuthService(UserRepository users, TokenService tokens, RefreshSessions sessions) {
    this.users = users;
    this.tokens = tokens;
    this.sessions = sessions;
  }

  public Tokens register(AuthRequests.Credentials credentials) {
    if (users.existsByUsername(credentials.username())) {
      throw taken();
    }
    String hash = BCrypt.hashpw(credentials.password(), BCrypt.gensalt(BCRYPT_COST));
    User saved;
    try {
      saved = users.save(new User(null, credentials.username(), hash, null));
    } catch (DataAccessException e) {
      if (isUniqueViolation(e)) {
        throw taken();
      }
      throw e;
    }
    return sessions.start(saved);
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
