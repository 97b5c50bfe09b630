package com.supernovaai.e2e.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.model.SuperNovaStack;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Accounts on a stack's API server, made the documented way: log in as the administrator whose
 * credentials the operator keeps in {@code <stack>-api-admin}, then {@code POST /admin/users}.
 * Self-registration is off by default, so this is how tests (and people) get a writer.
 */
public final class ApiAccounts {

  public static final String PASSWORD = "password-123";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ApiAccounts() {}

  /**
   * Creates {@code <prefix>-<random>} with password {@link #PASSWORD} and these roles; returns the
   * login body ({@code {"username","password"}}) for {@code POST /auth/login}.
   */
  public static String create(
      KubernetesClient client,
      String namespace,
      SuperNovaStack stack,
      URI api,
      String prefix,
      String... roles) {
    String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    String adminToken = adminToken(client, namespace, stack, api);
    String body =
        JSON.createObjectNode()
            .put("username", username)
            .put("password", PASSWORD)
            .<ObjectNode>set("roles", JSON.valueToTree(roles))
            .toString();
    HttpResponse<String> created = post(api, "/admin/users", body, adminToken);
    if (created.statusCode() != 201) {
      throw new IllegalStateException(
          "POST /admin/users: HTTP " + created.statusCode() + " " + created.body());
    }
    return JSON.createObjectNode().put("username", username).put("password", PASSWORD).toString();
  }

  /** An access token of the stack's administrator. */
  public static String adminToken(
      KubernetesClient client, String namespace, SuperNovaStack stack, URI api) {
    String name = StackNames.apiAdminSecret(stack);
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new IllegalStateException("no Secret " + name);
    }
    String login =
        JSON.createObjectNode()
            .put("username", decode(secret, "username"))
            .put("password", decode(secret, "password"))
            .toString();
    HttpResponse<String> r = postOnceServed(api, "/auth/login", login);
    if (r.statusCode() != 200) {
      // The body of a failed login says nothing secret; the credentials are not printed.
      throw new IllegalStateException("administrator login: HTTP " + r.statusCode());
    }
    try {
      return JSON.readTree(r.body()).get("access_token").asText();
    } catch (IOException e) {
      throw new IllegalStateException("administrator login: not JSON", e);
    }
  }

  private static String decode(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  /**
   * The first request to a stack that just became Ready: its Service may refuse connections for a
   * moment after the pods are ready, until kube-proxy has written the endpoints' rules (a CI run
   * with {@code minReadySeconds} 1 logged in inside that moment: ConnectException). Refused
   * connections are tried again for up to 30 s; any answer, or another error, is returned.
   */
  private static HttpResponse<String> postOnceServed(URI api, String path, String body) {
    Instant deadline = Instant.now().plus(SERVICE_RULES);
    while (true) {
      try {
        return post(api, path, body, null);
      } catch (IllegalStateException e) {
        if (!(e.getCause() instanceof ConnectException) || Instant.now().isAfter(deadline)) {
          throw e;
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static final Duration SERVICE_RULES = Duration.ofSeconds(30);

  private static HttpResponse<String> post(URI api, String path, String body, String bearer) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(api.resolve(path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("POST " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
