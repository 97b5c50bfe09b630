package com.supernovaai.api.auth;

import com.supernovaai.api.redis.RateLimiter;
import com.supernovaai.api.web.ClientFilter;
import com.supernovaai.api.web.RateLimitedException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** {@code /auth/register}, {@code /auth/login}, {@code /auth/refresh}, {@code /auth/logout}. */
@Controller("/auth")
@Anonymous
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuthController {

  private final AuthService auth;
  private final RateLimiter limiter;

  public AuthController(AuthService auth, RateLimiter limiter) {
    this.auth = auth;
    this.limiter = limiter;
  }

  // The stricter auth limits are charged here, where the route is known, so that no spelling of
  // the path escapes them; the filter has already charged the address's general budget.
  @Post(uri = "/register", consumes = MediaType.APPLICATION_JSON)
  public HttpResponse<Tokens> register(HttpRequest<?> request, @Body String body) {
    auth.requireSelfRegistration();
    AuthRequests.Credentials credentials = AuthRequests.credentials(body, true);
    RateLimitedException.check(limiter.register(ClientFilter.clientAddress(request)));
    return HttpResponse.created(auth.register(credentials));
  }

  @Post(uri = "/login", consumes = MediaType.APPLICATION_JSON)
  public Tokens login(HttpRequest<?> request, @Body String body) {
    AuthRequests.Credentials credentials = AuthRequests.credentials(body, false);
    RateLimitedException.check(
        limiter.login(ClientFilter.clientAddress(request), credentials.username()));
    return auth.login(credentials);
  }

  @Post(uri = "/refresh", consumes = MediaType.APPLICATION_JSON)
  public Tokens refresh(@Body String body) {
    return auth.refresh(AuthRequests.refreshToken(body));
  }

  /** The refresh token in the body and/or the access token in the Authorization header. */
  @Post(uri = "/logout", consumes = MediaType.APPLICATION_JSON)
  @Status(HttpStatus.NO_CONTENT)
  public void logout(@Body @Nullable String body, HttpRequest<?> request) {
    auth.logout(AuthRequests.optionalRefreshToken(body), TokenService.bearerToken(request));
  }
}
