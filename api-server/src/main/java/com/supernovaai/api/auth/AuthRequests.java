package com.supernovaai.api.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.supernovaai.api.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/** Strict parsing of the auth request bodies, with field-precise 400s. */
public final class AuthRequests {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,64}");

  private AuthRequests() {}

  /** {@code {"username", "password"}}. */
  public record Credentials(String username, String password) {
    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=***]";
    }
  }

  public static Credentials credentials(String body, boolean checkPasswordPolicy) {
    JsonNode root = object(body, Set.of("username", "password"));
    String username = text(root, "username");
    String password = text(root, "password");
    if (!USERNAME.matcher(username).matches()) {
      throw ApiException.badRequest(
          "username", "must be 3-64 characters of letters, digits, '.', '_', '@', '-'");
    }
    int bytes = password.getBytes(StandardCharsets.UTF_8).length;
    // bcrypt only reads 72 bytes; longer passwords would be silently truncated.
    if (checkPasswordPolicy && (bytes < 8 || bytes > 72)) {
      throw ApiException.badRequest("password", "must be 8 to 72 bytes long");
    }
    return new Credentials(username, password);
  }

  /** {@code {"username", "password", "roles"}}: an account an administrator creates. */
  public record NewAccount(Credentials credentials, Set<Role> roles) {}

  public static NewAccount newAccount(String body) {
    JsonNode root = object(body, Set.of("username", "password", "roles"));
    String username = text(root, "username");
    String password = text(root, "password");
    // The same checks as registration, on the fields of this body.
    Credentials credentials =
        credentials(
            MAPPER
                .createObjectNode()
                .put("username", username)
                .put("password", password)
                .toString(),
            true);
    return new NewAccount(credentials, roles(root));
  }

  /** {@code {"roles": ["read", "write"]}}; an empty list leaves an account that can do nothing. */
  public static Set<Role> roles(String body) {
    return roles(object(body, Set.of("roles")));
  }

  /** A path's username: the registration pattern, else 400. */
  public static String username(String username) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw ApiException.badRequest("username", "no such username");
    }
    return username;
  }

  private static Set<Role> roles(JsonNode root) {
    JsonNode value = root.get("roles");
    if (value == null || value.isNull()) {
      throw ApiException.badRequest("roles", "is required");
    }
    if (!value.isArray()) {
      throw ApiException.badRequest("roles", "must be an array of read, write, admin");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (JsonNode item : value) {
      if (!item.isTextual() || Role.fromId(item.textValue()).isEmpty()) {
        throw ApiException.badRequest("roles", "must be an array of read, write, admin");
      }
      roles.add(Role.fromId(item.textValue()).get());
    }
    return roles;
  }

  /** {@code {"refresh_token"}}. */
  public static String refreshToken(String body) {
    return text(object(body, Set.of("refresh_token")), "refresh_token");
  }

  /** {@code {"refresh_token"}}, or nothing: null for an empty body or an absent field. */
  public static String optionalRefreshToken(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    JsonNode root = object(body, Set.of("refresh_token"));
    return root.hasNonNull("refresh_token") ? text(root, "refresh_token") : null;
  }

  private static JsonNode object(String body, Set<String> allowed) {
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest("body", "is required");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("body", "malformed JSON");
    }
    if (root == null || !root.isObject()) {
      throw ApiException.badRequest("body", "must be a JSON object");
    }
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw ApiException.badRequest(name, "unknown field");
      }
    }
    return root;
  }

  private static String text(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      throw ApiException.badRequest(field, "is required");
    }
    if (!value.isTextual()) {
      throw ApiException.badRequest(field, "must be a string");
    }
    return value.textValue();
  }
}
