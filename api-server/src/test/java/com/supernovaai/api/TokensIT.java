package com.supernovaai.api;

import static com.supernovaai.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.auth0.jwt.JWT;
import com.supernovaai.api.auth.RevocationSync;
import com.supernovaai.api.auth.TokenService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Refresh-token rotation with reuse detection, logout, revocation shared by replicas and kept
 * across restarts, WebSocket sessions ended at token expiry, and the query token confined to the
 * WebSocket route: on real PostgreSQL (through PgBouncer) and Redis.
 */
class TokensIT {

  private static TestStack stack;
  private static ApiServer a;
  private static ApiServer b;

  @BeforeAll
  static void start() {
    stack = TestStack.shared();
    a = stack.startServer();
    b = stack.startServer();
  }

  @AfterAll
  static void stop() {
    for (ApiServer server : new ApiServer[] {a, b}) {
      if (server != null) {
        server.close();
      }
    }
  }

  /** A login's tokens, as a client keeps them. */
  record Pair(String access, String refresh) {
    static Pair of(HttpResponse<String> r) {
      return new Pair(json(r).get("access_token").asText(), json(r).get("refresh_token").asText());
    }

    String family() {
      return JWT.decode(refresh).getClaim("fid").asString();
    }
  }

  /**
   * A fresh reader and writer, created by the administrator: its credentials' JSON and the pair of
   * its first login.
   */
  static Map.Entry<String, Pair> newAccount(ApiServer server) {
    String user = "tok-" + UUID.randomUUID().toString().substring(0, 12);
    String credentials = "{\"username\":\"" + user + "\",\"password\":\"password-123\"}";
    HttpResponse<String> created =
        new Api(server)
            .admin()
            .post(
                "/admin/users",
                "{\"username\":\""
                    + user
                    + "\",\"password\":\"password-123\",\"roles\":[\"read\",\"write\"]}");
    assertThat(created.statusCode()).as(redacted(created)).isEqualTo(201);
    HttpResponse<String> r = new Api(server).post("/auth/login", credentials);
    assertThat(r.statusCode()).as(redacted(r)).isEqualTo(200);
    return Map.entry(credentials, Pair.of(r));
  }

  static HttpResponse<String> refresh(ApiServer server, String refreshToken) {
    return new Api(server).post("/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");
  }

  static Pair rotate(ApiServer server, Pair pair) {
    HttpResponse<String> r = refresh(server, pair.refresh());
    assertThat(r.statusCode()).as(redacted(r)).isEqualTo(200);
    return Pair.of(r);
  }

  /** Status of an API read with this access token. */
  static int read(ApiServer server, String access) {
    return new Api(server).withToken(access).get("/api/sentiment/AAPL").statusCode();
  }

  /** A response body for assertion messages, without the tokens it may carry. */
  static String redacted(HttpResponse<String> r) {
    return r.body().replaceAll("eyJ[A-Za-z0-9_.-]+", "<jwt>");
  }

  static void assertRefused(HttpResponse<String> r, String message) {
    assertThat(r.statusCode()).as(redacted(r)).isEqualTo(401);
    assertThat(json(r).get("message").asText()).isEqualTo(message);
  }

  @Test
  void eachRefreshRotatesAndAReusedTokenRevokesTheFamilyForEveryHolder() {
    double reusesBefore = reuseCount(a);
    Map.Entry<String, Pair> user = newAccount(a);
    Pair first = user.getValue();
    Pair second = rotate(a, first);
    assertThat(second.refresh()).isNotEqualTo(first.refresh());
    assertThat(second.family()).isEqualTo(first.family());
    Pair third = rotate(a, second);
    assertThat(read(a, third.access())).isEqualTo(200);
    // Another login of the same user is another family, untouched by what follows.
    Pair otherLogin = Pair.of(new Api(a).post("/auth/login", user.getKey()));

    // A thief replays the stolen second token: refused, and the whole family is revoked...
    assertRefused(refresh(a, second.refresh()), "refresh token already used, log in again");
    // ...so the legitimate holder's current refresh token fails too, as does its access token.
    assertRefused(refresh(a, third.refresh()), "refresh token revoked, log in again");
    assertRefused(refresh(a, first.refresh()), "refresh token revoked, log in again");
    assertThat(read(a, third.access())).isEqualTo(401);
    assertThat(read(a, otherLogin.access())).isEqualTo(200);
    assertThat(rotate(a, otherLogin).refresh()).isNotEqualTo(otherLogin.refresh());
    // Reuse is visible to monitoring, not only in the log.
    assertThat(reuseCount(a)).isEqualTo(reusesBefore + 1);
  }

  /** {@code supernova_refresh_tokens_total{result="reuse"}} of a replica. */
  static double reuseCount(ApiServer server) {
    return new Api(server)
        .get("/metrics")
        .body()
        .lines()
        .filter(l -> l.startsWith("supernova_refresh_tokens_total{") && l.contains("\"reuse\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void theStoreKeepsAHashOfTheCurrentTokenIdAndNeverATokenAndTheFamilyEnds() throws Exception {
    Pair pair = rotate(a, newAccount(a).getValue());
    String family = pair.family();
    String jti = JWT.decode(pair.refresh()).getId();
    String sha256 =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(jti.getBytes(StandardCharsets.UTF_8)));
    String row =
        psql(
            "SELECT encode(current_hash, 'hex') || ' ' || (expires_at > now() + interval '29 days')"
                + " FROM refresh_token_families WHERE id = '"
                + family
                + "'");
    assertThat(row).isEqualTo(sha256 + " true");
    String everything = psql("SELECT t::text FROM refresh_token_families t");
    assertThat(everything).doesNotContain(jti).doesNotContain(pair.refresh());

    // The absolute lifetime ends the family however recently it rotated; then it is deleted.
    psql(
        "UPDATE refresh_token_families SET expires_at = now() - interval '2 minutes' WHERE id = '"
            + family
            + "'");
    assertRefused(refresh(a, pair.refresh()), "refresh token expired");
    a.context().getBean(RevocationSync.class).deleteExpired();
    assertThat(psql("SELECT count(*) FROM refresh_token_families WHERE id = '" + family + "'"))
        .isEqualTo("0");
    assertRefused(refresh(a, pair.refresh()), "refresh token expired");
  }

  @Test
  void logoutWithEitherTokenRevokesTheLoginAndItsAccessTokensAtOnce() {
    Api api = new Api(a);
    Pair byRefresh = newAccount(a).getValue();
    HttpResponse<String> out =
        api.post("/auth/logout", "{\"refresh_token\":\"" + byRefresh.refresh() + "\"}");
    assertThat(out.statusCode()).as(redacted(out)).isEqualTo(204);
    assertRefused(refresh(a, byRefresh.refresh()), "refresh token revoked, log in again");
    assertThat(read(a, byRefresh.access())).isEqualTo(401);
    // Logging out again is not an error.
    assertThat(
            api.post("/auth/logout", "{\"refresh_token\":\"" + byRefresh.refresh() + "\"}")
                .statusCode())
        .isEqualTo(204);

    Pair byAccess = newAccount(a).getValue();
    HttpResponse<String> outByAccess =
        api.send(
            HttpRequest.newBuilder(a.uri().resolve("/auth/logout"))
                .header("Authorization", "Bearer " + byAccess.access())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(outByAccess.statusCode()).as(redacted(outByAccess)).isEqualTo(204);
    assertThat(read(a, byAccess.access())).isEqualTo(401);
    assertRefused(refresh(a, byAccess.refresh()), "refresh token revoked, log in again");

    assertThat(api.post("/auth/logout", "{}").statusCode()).isEqualTo(401);
    assertThat(api.post("/auth/logout", "{\"refresh_token\":\"forged\"}").statusCode())
        .isEqualTo(401);
  }

  @Test
  void twoReplicasShareRotationAndRevocation() throws Exception {
    // A login on one replica rotates on the other.
    Pair onA = newAccount(a).getValue();
    Pair onB = rotate(b, onA);
    assertRefused(refresh(a, onA.refresh()), "refresh token already used, log in again");
    assertRefused(refresh(a, onB.refresh()), "refresh token revoked, log in again");

    // The same token sent to both replicas at once: exactly one rotation wins.
    Pair raced = newAccount(a).getValue();
    int clients = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<CompletableFuture<Integer>> statuses = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        ApiServer server = i % 2 == 0 ? a : b;
        statuses.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  return refresh(server, raced.refresh()).statusCode();
                },
                pool));
      }
      go.countDown();
      List<Integer> codes = statuses.stream().map(CompletableFuture::join).toList();
      System.out.printf("same refresh token sent %d times at once: %s%n", clients, codes);
      assertThat(codes).filteredOn(c -> c == 200).hasSize(1);
      assertThat(codes).filteredOn(c -> c == 401).hasSize(clients - 1);
    } finally {
      pool.shutdownNow();
    }

    // A logout on A stops the access tokens on B within B's next read of the revocations.
    Pair loggedOut = newAccount(a).getValue();
    assertThat(read(b, loggedOut.access())).isEqualTo(200);
    assertThat(
            new Api(a)
                .post("/auth/logout", "{\"refresh_token\":\"" + loggedOut.refresh() + "\"}")
                .statusCode())
        .isEqualTo(204);
    long start = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(read(b, loggedOut.access())).isEqualTo(401));
    System.out.printf(
        "logout on A: access token refused on B after %d ms (poll every %s)%n",
        (System.nanoTime() - start) / 1_000_000, RevocationSync.INTERVAL);
  }

  @Test
  void revocationAndRotationSurviveARestart() {
    ApiServer server = stack.startServer();
    Pair revoked;
    Pair live;
    Pair rotatedAway;
    try {
      revoked = newAccount(server).getValue();
      assertThat(
              new Api(server)
                  .post("/auth/logout", "{\"refresh_token\":\"" + revoked.refresh() + "\"}")
                  .statusCode())
          .isEqualTo(204);
      rotatedAway = newAccount(server).getValue();
      live = rotate(server, rotatedAway);
    } finally {
      server.close();
    }
    try (ApiServer restarted = stack.startServer()) {
      // From the first request on: no wait for the periodic read.
      assertThat(read(restarted, revoked.access())).isEqualTo(401);
      assertRefused(refresh(restarted, revoked.refresh()), "refresh token revoked, log in again");
      assertThat(read(restarted, live.access())).isEqualTo(200);
      assertThat(rotate(restarted, live).refresh()).isNotEqualTo(live.refresh());
      assertRefused(
          refresh(restarted, rotatedAway.refresh()), "refresh token already used, log in again");
    }
  }

  @Test
  void aTokenInTheUrlOpensNothingAndABrowsersSubprotocolTokenOpensTheWebSocketOnly()
      throws Exception {
    Pair pair = newAccount(a).getValue();
    Api anonymous = new Api(a);
    HttpResponse<String> get = anonymous.get("/api/sentiment/AAPL?access_token=" + pair.access());
    assertThat(get.statusCode()).isEqualTo(401);
    assertThat(
            anonymous
                .post(
                    "/api/sentiment?access_token=" + pair.access(),
                    ApiIT.batch(ApiIT.point(ApiIT.symbol(), "2024-06-01T09:00:00Z", 0.1, 0.9)))
                .statusCode())
        .isEqualTo(401);
    // A subprotocol is read on the handshake only.
    assertThat(
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + a.port() + "/api/sentiment/AAPL"))
                        .header(
                            "Sec-WebSocket-Protocol",
                            TokenService.WEBSOCKET_TOKEN_PREFIX + pair.access())
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(401);
    assertThat(anonymous.withToken(pair.access()).get("/api/sentiment/AAPL").statusCode())
        .isEqualTo(200);

    // The URL's token no longer opens the WebSocket: it would be in every access log on the way.
    String ws = "ws://127.0.0.1:" + a.port() + "/ws/sentiment/AAPL";
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(
                        URI.create(ws + "?access_token=" + pair.access()), new WebSocketIT.Client())
                    .join())
        .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class)
        .rootCause()
        .hasMessageContaining("401");

    // As a browser does it: the token as a subprotocol beside supernova.v1, which the API selects.
    WebSocketIT.Client client = new WebSocketIT.Client();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .subprotocols(
                TokenService.WEBSOCKET_PROTOCOL,
                TokenService.WEBSOCKET_TOKEN_PREFIX + pair.access())
            .buildAsync(URI.create(ws), client)
            .join();
    assertThat(socket.getSubprotocol()).isEqualTo(TokenService.WEBSOCKET_PROTOCOL);
    assertThat(client.next().get("type").asText()).isEqualTo("subscribed");
    socket.abort();
  }

  @Test
  void aWebSocketSessionIsClosedWhenItsAccessTokenExpires() throws Exception {
    try (ApiServer shortLived = stack.startServer(Map.of("ACCESS_TOKEN_EXPIRATION_SECONDS", "3"))) {
      Pair pair = newAccount(shortLived).getValue();
      WebSocketIT.Client client = new WebSocketIT.Client();
      String symbol = ApiIT.symbol();
      WebSocketIT.connect(shortLived, symbol, pair.access(), client);
      assertThat(client.next().get("type").asText()).isEqualTo("subscribed");
      // Until then the session is served.
      assertThat(
              new Api(shortLived)
                  .withToken(pair.access())
                  .post(
                      "/api/sentiment",
                      ApiIT.batch(ApiIT.point(symbol, "2024-06-01T09:00:00Z", 0.42, 0.9)))
                  .statusCode())
          .isEqualTo(200);
      assertThat(client.next().get("type").asText()).isEqualTo("points");
      long expiresAtMillis = JWT.decode(pair.access()).getExpiresAtAsInstant().toEpochMilli();
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(50))
          .untilAsserted(() -> assertThat(client.closeCode).isEqualTo(1008));
      System.out.printf(
          "WebSocket closed (1008) %d ms after its token's exp%n",
          System.currentTimeMillis() - expiresAtMillis);
    }
  }

  @Test
  void aWebSocketSessionEndsWhenItsLoginIsLoggedOut() throws Exception {
    Pair pair = newAccount(a).getValue();
    WebSocketIT.Client client = new WebSocketIT.Client();
    WebSocketIT.connect(a, "AAPL", pair.access(), client);
    assertThat(client.next().get("type").asText()).isEqualTo("subscribed");
    assertThat(
            new Api(a)
                .post("/auth/logout", "{\"refresh_token\":\"" + pair.refresh() + "\"}")
                .statusCode())
        .isEqualTo(204);
    long start = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(client.closeCode).isEqualTo(1008));
    System.out.printf(
        "WebSocket closed (1008) %d ms after the logout%n",
        (System.nanoTime() - start) / 1_000_000);
  }

  private static String psql(String sql) {
    return stack.postgres.psql(TestStack.DATABASE, sql);
  }
}
