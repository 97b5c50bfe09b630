package com.supernovaai.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.supernovaai.api.auth.AuthRequests;
import com.supernovaai.api.auth.AuthService;
import com.supernovaai.api.auth.RequiresRole;
import com.supernovaai.api.auth.Role;
import com.supernovaai.api.auth.User;
import com.supernovaai.api.auth.UserRepository;
import com.supernovaai.api.web.ApiException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Set;

/** Accounts, for administrators: ingest and service accounts, readers, other administrators. */
@Controller("/admin/users")
@RequiresRole(Role.ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminController {

  private final AuthService auth;
  private final UserRepository users;

  public AdminController(AuthService auth, UserRepository users) {
    this.auth = auth;
    this.users = users;
  }

  /** {@code {"username", "password", "roles": ["write"]}}: 201, or 409 when the name is taken. */
  @Post(consumes = MediaType.APPLICATION_JSON)
  public HttpResponse<Account> create(@Body String body) {
    AuthRequests.NewAccount account = AuthRequests.newAccount(body);
    User created =
        auth.create(
            account.credentials().username(), account.credentials().password(), account.roles());
    return HttpResponse.created(new Account(created.username(), created.roleIds()));
  }

  /**
   * {@code {"roles": [...]}} replaces the roles; tokens already issued keep theirs until expiry.
   */
  @Put(uri = "/{username}/roles", consumes = MediaType.APPLICATION_JSON)
  public Account setRoles(String username, @Body String body) {
    String name = AuthRequests.username(username);
    Set<Role> roles = AuthRequests.roles(body);
    List<String> ids = List.of(User.ids(roles));
    if (users.setRoles(name, String.join(",", ids)) == 0) {
      throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "username", "no such username");
    }
    return new Account(name, ids);
  }

  /** An account as administrators see it (never its password hash). */
  @Serdeable
  public record Account(
      @JsonProperty("username") String username, @JsonProperty("roles") List<String> roles) {}
}
