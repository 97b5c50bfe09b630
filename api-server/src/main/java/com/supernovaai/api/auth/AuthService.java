package com.supernovaai.api.auth;

import com.supernovaai.api.web.ApiException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** Registration, login and refresh; passwords are bcrypt-hashed and never logged. */
@Singleton
public class AuthService {

  static final int BCRYPT_COST = 10;

  /**
   * Compared against when the user does not exist, so both paths take as long: computed once, with
   * the cost of real hashes (bcrypt's work is set by the cost stored in the hash).
   */
  static final String DUMMY_HASH = hash("not-a-password");

  private final UserRepository users;
  private final TokenService tokens;

  public AuthService(UserRepository users, TokenService tokens) {
    this.users = users;
    this.tokens = tokens;
  }

  public Tokens register(AuthRequests.Credentials credentials) {
    if (users.existsByUsername(credentials.username())) {
      throw taken();
    }
    String hash = hash(credentials.password());
    User saved;
    try {
      saved = users.save(new User(null, credentials.username(), hash, null));
    } catch (DataAccessException e) {
      if (isUniqueViolation(e)) {
        throw taken();
      }
      throw e;
    }
    return tokens.issue(saved);
  }

  public Tokens login(AuthRequests.Credentials credentials) {
    Optional<User> user = users.findByUsername(credentials.username());
    String hash = user.map(User::passwordHash).orElse(DUMMY_HASH);
    boolean matches = BCrypt.checkpw(credentials.password(), hash);
    if (user.isEmpty() || !matches) {
      throw ApiException.unauthorized("invalid username or password");
    }
    return tokens.issue(user.get());
  }

  public Tokens refresh(String refreshToken) {
    Principal principal = tokens.verifyRefresh(refreshToken);
    User user =
        users
            .findById(principal.userId())
            .filter(u -> u.username().equals(principal.username()))
            .orElseThrow(() -> ApiException.unauthorized("invalid refresh token"));
    return tokens.issue(user);
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
