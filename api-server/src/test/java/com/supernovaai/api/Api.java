package com.supernovaai.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** A small HTTP client for one API server, as a real client would talk to it. */
public final class Api {

  public static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient client;
  private String token;

  public Api(URI base) {
    this.base = base;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public Api(ApiServer server) {
    this(server.uri());
  }

  public URI base() {
    return base;
  }

  /** A fresh account that reads and writes (what most tests need); keeps its access token. */
  public Api login() {
    return as("read", "write");
  }

  /**
   * A fresh account with exactly these roles ({@code read}, {@code write}, {@code admin}), created
   * by the test stack's administrator as an operator would; keeps its access token.
   */
  public Api as(String... roles) {
    String user = "user-" + UUID.randomUUID().toString().substring(0, 12);
    String password = "password-123";
    HttpResponse<String> created =
        admin()
            .post(
                "/admin/users",
                JSON.createObjectNode()
                    .put("username", user)
                    .put("password", password)
                    .<ObjectNode>set("roles", JSON.valueToTree(roles))
                    .toString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException(
          "creating a user failed: " + created.statusCode() + " " + created.body());
    }
    return login(user, password);
  }

  /** The test stack's administrator ({@link TestStack#ADMIN_USERNAME}). */
  public Api admin() {
    return new Api(base).login(TestStack.ADMIN_USERNAME, TestStack.ADMIN_PASSWORD);
  }

  /** Logs in with a password and keeps the access token. */
  public Api login(String username, String password) {
    HttpResponse<String> r =
        post(
            "/auth/login",
            JSON.createObjectNode().put("username", username).put("password", password).toString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
    }
    token = json(r).get("access_token").asText();
    return this;
  }

  public Api withToken(String token) {
    Api copy = new Api(base);
    copy.token = token;
    return copy;
  }

  public String token() {
    return token;
  }

  public HttpResponse<String> get(String path, String... headers) {
    return send(request(path, headers).GET().build());
  }

  public HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder b = request(path, headers);
    if (headers.length == 0 || !hasContentType(headers)) {
      b.header("Content-Type", "application/json");
    }
    return send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static boolean hasContentType(String[] headers) {
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase("Content-Type")) {
        return true;
      }
    }
    return false;
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpClient client() {
    return client;
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
    }
  }
}
