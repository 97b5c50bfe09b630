package com.supernovaai.api;

import static com.supernovaai.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.api.web.AccessFilter;
import com.supernovaai.api.web.AccessRule;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Roles checked per route: readers read, ingest accounts write, administrators manage accounts;
 * self-registration is off by default; the first administrator comes from the environment.
 */
class RolesIT {

  /** Write routes and spellings of them a proxy or client might send. */
  private static final List<String> WRITE_PATHS =
      List.of(
          "/api/sentiment",
          "/api/sentiment/",
          "//api/sentiment",
          "/api//sentiment",
          "///api///sentiment//",
          "/api/%73entiment",
          "/%61pi/sentiment",
          "/api/sentiment%2F",
          "/api/./sentiment",
          "/api/x/../sentiment",
          "/API/sentiment",
          "/api/Sentiment",
          "/api/sentiment;role=write",
          "/api/sentiment?role=write");

  private static ApiServer server;
  private static Api admin;

  @BeforeAll
  static void start() {
    server = TestStack.shared().startServer();
    admin = new Api(server).admin();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyRouteDeclaresWhoMayCallIt() {
    List<String> undeclared = new ArrayList<>();
    for (UriRouteInfo<?, ?> route : server.context().getBean(Router.class).uriRoutes().toList()) {
      if (AccessFilter.rule(route.getAnnotationMetadata()).equals(AccessRule.UNDECLARED)) {
        undeclared.add(route.getHttpMethodName() + " " + route.getUriMatchTemplate());
      }
    }
    assertThat(undeclared).as("routes with neither @RequiresRole nor @Anonymous").isEmpty();
  }

  @Test
  void aReaderGets403OnEveryWriteRouteWhateverTheSpelling() {
    Api reader = new Api(server).as("read");
    Api writer = new Api(server).as("write");
    String symbol = ApiIT.symbol();
    String body = ApiIT.batch(ApiIT.point(symbol, "2024-05-01T10:00:00Z", 0.1, 0.5));
    Map<String, String> outcomes = new LinkedHashMap<>();
    int writerReached = 0;
    for (String path : WRITE_PATHS) {
      int byReader = post(reader, path, body).statusCode();
      int byWriter = post(writer, path, body).statusCode();
      outcomes.put(path, "reader " + byReader + ", writer " + byWriter);
      assertThat(byReader).as(path + ": " + outcomes.get(path)).isIn(403, 404, 405);
      if (byWriter == 200) {
        writerReached++;
        // The spelling reached the ingest route, so the reader met its role check.
        assertThat(byReader).as(path).isEqualTo(403);
      }
    }
    System.out.println("[RolesIT] write path variants: " + outcomes);
    assertThat(outcomes.get("/api/sentiment")).isEqualTo("reader 403, writer 200");
    assertThat(writerReached).isGreaterThanOrEqualTo(1);

    // What a user checks: none of the reader's attempts left a point.
    HttpResponse<String> points = reader.get("/api/sentiment/" + symbol);
    assertThat(points.statusCode()).isEqualTo(200);
    assertThat(json(points).get("points").size()).isEqualTo(1);
    assertThat(json(points).get("count").asInt()).isEqualTo(1);

    // Neither readers nor writers manage accounts; an administrator does not ingest.
    String account = "{\"username\":\"mallory\",\"password\":\"password-1\",\"roles\":[\"write\"]}";
    assertThat(reader.post("/admin/users", account).statusCode()).isEqualTo(403);
    assertThat(writer.post("/admin/users", account).statusCode()).isEqualTo(403);
    assertThat(post(reader, "//admin//users", account).statusCode()).isIn(403, 404);
    assertThat(
            reader
                .send(
                    HttpRequest.newBuilder(URI.create(server.uri() + "/admin/users/" + "x/roles"))
                        .header("Authorization", "Bearer " + reader.token())
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"roles\":[\"admin\"]}"))
                        .build())
                .statusCode())
        .isEqualTo(403);
    assertThat(admin.post("/api/sentiment", body).statusCode()).isEqualTo(403);
    // A writer-only account cannot read; a token without roles opens nothing.
    assertThat(writer.get("/api/sentiment/" + symbol).statusCode()).isEqualTo(403);
    Api none = new Api(server).as();
    assertThat(none.get("/api/sentiment/" + symbol).statusCode()).isEqualTo(403);
    HttpResponse<String> forbidden = reader.post("/api/sentiment", body);
    assertThat(json(forbidden).get("error").asText()).isEqualTo("forbidden");
    assertThat(json(forbidden).get("message").asText()).contains("'write'");
  }

  @Test
  void aReadersWebSocketMessagesPublishNothing() throws Exception {
    Api reader = new Api(server).as("read");
    Api writer = new Api(server).as("write");
    String symbol = ApiIT.symbol();
    WebSocketIT.Client sender = new WebSocketIT.Client();
    WebSocketIT.Client watcher = new WebSocketIT.Client();
    WebSocket ws = WebSocketIT.connect(server, symbol, reader.token(), sender);
    WebSocketIT.connect(server, symbol, reader.token(), watcher);
    assertThat(sender.next().get("type").asText()).isEqualTo("subscribed");
    assertThat(watcher.next().get("type").asText()).isEqualTo("subscribed");

    String point = ApiIT.point(symbol, "2024-05-01T10:00:00Z", -1.0, 1.0);
    ws.sendText(point, true).join();
    ws.sendText(ApiIT.batch(point), true).join();
    ws.sendText(
            "{\"type\":\"points\",\"symbol\":\"" + symbol + "\",\"points\":[" + point + "]}", true)
        .join();
    // Frames of one connection are handled in order: the pong comes after the three above.
    ws.sendText("ping", true).join();
    assertThat(sender.messages.poll(15, TimeUnit.SECONDS)).isEqualTo("pong");

    // The next thing the watcher sees is the writer's point, not anything the reader sent.
    assertThat(
            writer
                .post(
                    "/api/sentiment",
                    ApiIT.batch(ApiIT.point(symbol, "2024-05-01T11:00:00Z", 0.25, 0.5)))
                .statusCode())
        .isEqualTo(200);
    var pushed = watcher.next();
    assertThat(pushed.get("points").size()).isEqualTo(1);
    assertThat(pushed.get("points").get(0).get("overall_score").asDouble()).isEqualTo(0.25);
    assertThat(json(reader.get("/api/sentiment/" + symbol)).get("count").asInt()).isEqualTo(1);
    ws.abort();

    // Subscribing needs the read role: a write-only account's handshake is refused.
    WebSocketIT.Client refused = new WebSocketIT.Client();
    int status;
    try {
      WebSocketIT.connect(server, symbol, writer.token(), refused);
      status = -1;
    } catch (CompletionException e) {
      status = WebSocketIT.handshakeStatus(e);
    }
    assertThat(status).isEqualTo(403);
    assertThat(refused.messages).isEmpty();
  }

  @Test
  void selfRegistrationIsOffByDefaultAndMakesReadersWhenOn() {
    String user = "self-" + UUID.randomUUID().toString().substring(0, 8);
    String creds = "{\"username\":\"" + user + "\",\"password\":\"password-123\"}";
    HttpResponse<String> off = new Api(server).post("/auth/register", creds);
    assertThat(off.statusCode()).isEqualTo(403);
    assertThat(json(off).get("error").asText()).isEqualTo("forbidden");
    // Off means off, whatever the body: no field-by-field answers to probe with.
    assertThat(new Api(server).post("/auth/register", "{oops").statusCode()).isEqualTo(403);
    assertThat(new Api(server).post("/auth/login", creds).statusCode()).isEqualTo(401);

    try (ApiServer open =
        TestStack.shared().startServer(Map.of("SUPERNOVA_SELF_REGISTRATION", "true"))) {
      HttpResponse<String> on = new Api(open).post("/auth/register", creds);
      assertThat(on.statusCode()).isEqualTo(201);
      Api self = new Api(open).withToken(json(on).get("access_token").asText());
      String symbol = ApiIT.symbol();
      assertThat(self.get("/api/sentiment/" + symbol).statusCode()).isEqualTo(200);
      assertThat(
              self.post(
                      "/api/sentiment",
                      ApiIT.batch(ApiIT.point(symbol, "2024-05-01T10:00:00Z", 0.1, 0.5)))
                  .statusCode())
          .isEqualTo(403);
    }
  }

  @Test
  void anAdministratorCreatesAWriterWhoCanIngestAndChangesRoles() {
    String name = "ingest-" + UUID.randomUUID().toString().substring(0, 8);
    String account =
        "{\"username\":\"" + name + "\",\"password\":\"ingest-pass-1\",\"roles\":[\"write\"]}";
    HttpResponse<String> created = admin.post("/admin/users", account);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).get("roles").toString()).isEqualTo("[\"write\"]");
    assertThat(created.body()).doesNotContain("ingest-pass-1").doesNotContain("$2a$");
    assertThat(admin.post("/admin/users", account).statusCode()).isEqualTo(409);
    assertThat(admin.post("/admin/users", account.replace("write", "root")).statusCode())
        .isEqualTo(400);

    Api ingest = new Api(server).login(name, "ingest-pass-1");
    String symbol = ApiIT.symbol();
    String body = ApiIT.batch(ApiIT.point(symbol, "2024-05-01T10:00:00Z", 0.3, 0.5));
    assertThat(ingest.post("/api/sentiment", body).statusCode()).isEqualTo(200);
    assertThat(ingest.get("/api/sentiment/" + symbol).statusCode()).isEqualTo(403);

    HttpResponse<String> changed =
        put(admin, "/admin/users/" + name + "/roles", "{\"roles\":[\"read\",\"write\"]}");
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(json(changed).get("roles").toString()).isEqualTo("[\"read\",\"write\"]");
    // Roles travel in the access token: a new login carries the new ones.
    Api again = new Api(server).login(name, "ingest-pass-1");
    assertThat(json(again.get("/api/sentiment/" + symbol)).get("count").asInt()).isEqualTo(1);
    assertThat(put(admin, "/admin/users/nobody-" + name + "/roles", "{\"roles\":[]}").statusCode())
        .isEqualTo(404);
  }

  @Test
  void theConfiguredAdministratorIsCreatedThenGivenTheNewPasswordAtTheNextStart() {
    String name = "root-" + UUID.randomUUID().toString().substring(0, 8);
    TestStack stack = TestStack.shared();
    try (ApiServer first =
        stack.startServer(
            Map.of(
                "SUPERNOVA_ADMIN_USERNAME", name, "SUPERNOVA_ADMIN_PASSWORD", "first-password"))) {
      new Api(first).login(name, "first-password");
    }
    try (ApiServer second =
        stack.startServer(
            Map.of(
                "SUPERNOVA_ADMIN_USERNAME", name, "SUPERNOVA_ADMIN_PASSWORD", "second-password"))) {
      String old = "{\"username\":\"" + name + "\",\"password\":\"first-password\"}";
      assertThat(new Api(second).post("/auth/login", old).statusCode()).isEqualTo(401);
      Api root = new Api(second).login(name, "second-password");
      String account =
          "{\"username\":\"svc-" + name + "\",\"password\":\"password-1\",\"roles\":[\"read\"]}";
      assertThat(root.post("/admin/users", account).statusCode()).isEqualTo(201);
    }
  }

  private static HttpResponse<String> post(Api api, String rawPath, String body) {
    return api.send(
        HttpRequest.newBuilder(URI.create(api.base() + rawPath))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + api.token())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static HttpResponse<String> put(Api api, String path, String body) {
    return api.send(
        HttpRequest.newBuilder(URI.create(api.base() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + api.token())
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }
}
