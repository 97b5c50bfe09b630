package com.supernovaai.api.auth;

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

  public AuthController(AuthService auth) {
    this.auth = auth;
  }

  @Post(uri = "/register", consumes = MediaType.APPLICATION_JSON)
  public HttpResponse<Tokens> register(@Body String body) {
    auth.requireSelfRegistration();
    return HttpResponse.created(auth.register(AuthRequests.credentials(body, true)));
  }

  @Post(uri = "/login", consumes = MediaType.APPLICATION_JSON)
  public Tokens login(@Body String body) {
    return auth.login(AuthRequests.credentials(body, false));
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
