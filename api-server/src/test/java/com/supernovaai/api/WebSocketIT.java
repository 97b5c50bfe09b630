package com.supernovaai.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Live push through Redis pub/sub: a point ingested on one replica reaches clients of another. */
class WebSocketIT {

  /** Collects text frames and the close code of a client WebSocket. */
  static final class Client implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    volatile int closeCode = -1;
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closeCode = statusCode;
      return null;
    }

    JsonNode next() throws Exception {
      String m = messages.poll(15, TimeUnit.SECONDS);
      assertThat(m).as("a WebSocket message within 15 s").isNotNull();
      return Api.JSON.readTree(m);
    }
  }

  /** Sends {@code pings} pings the moment the server says {@code subscribed}; counts the pongs. */
  static final class EagerPinger implements WebSocket.Listener {
    final AtomicInteger pongs = new AtomicInteger();
    private final int pings;

    EagerPinger(int pings) {
      this.pings = pings;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      String message = data.toString();
      if (message.contains("\"subscribed\"")) {
        CompletionStage<WebSocket> sent = ws.sendText("ping", true);
        for (int i = 1; i < pings; i++) {
          sent = sent.thenCompose(w -> w.sendText("ping", true));
        }
      } else if ("pong".equals(message)) {
        pongs.incrementAndGet();
      }
      ws.request(1);
      return null;
    }
  }

  static WebSocket connect(
      ApiServer server, String symbol, String token, WebSocket.Listener client) {
    URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws/sentiment/" + symbol);
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder.buildAsync(uri, client).join();
  }

  static int handshakeStatus(CompletionException e) {
    assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
    return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
  }

  @Test
  void pointIngestedOnOneReplicaIsPushedToClientsOfAnother() throws Exception {
    TestStack stack = TestStack.shared();
    try (ApiServer a = stack.startServer();
        ApiServer b = stack.startServer()) {
      Api writer = new Api(a).login();
      String symbol = ApiIT.symbol();
      Client onB = new Client();
      Client otherSymbol = new Client();
      WebSocket ws = connect(b, symbol, writer.token(), onB);
      connect(b, "OTHER" + symbol, writer.token(), otherSymbol);
      assertThat(onB.next().get("type").asText()).isEqualTo("subscribed");
      assertThat(otherSymbol.next().get("type").asText()).isEqualTo("subscribed");

      assertThat(
              writer
                  .post(
                      "/api/sentiment",
                      ApiIT.batch(ApiIT.point(symbol, "2024-06-01T09:00:00Z", 0.42, 0.9)))
                  .statusCode())
          .isEqualTo(200);

      JsonNode pushed = onB.next();
      assertThat(pushed.get("type").asText()).isEqualTo("points");
      assertThat(pushed.get("symbol").asText()).isEqualTo(symbol);
      assertThat(pushed.get("points").get(0).get("overall_score").asDouble()).isEqualTo(0.42);
      assertThat(otherSymbol.messages.poll(500, TimeUnit.MILLISECONDS)).isNull();
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
  }

  @Test
  void pingsSentRightAfterSubscribedAreAllAnswered() {
    TestStack stack = TestStack.shared();
    int sessions = 40;
    int pingsEach = 5;
    try (ApiServer server = stack.startServer()) {
      String token = new Api(server).login().token();
      long started = System.nanoTime();
      EagerPinger[] clients = new EagerPinger[sessions];
      WebSocket[] sockets = new WebSocket[sessions];
      for (int i = 0; i < sessions; i++) {
        clients[i] = new EagerPinger(pingsEach);
        sockets[i] = connect(server, "AAPL", token, clients[i]);
      }
      try {
        await()
            .atMost(Duration.ofSeconds(15))
            .untilAsserted(() -> assertThat(pongs(clients)).isEqualTo(sessions * pingsEach));
      } finally {
        long missedSessions = Arrays.stream(clients).filter(c -> c.pongs.get() < pingsEach).count();
        System.out.printf(
            "eager pings: %d sessions x %d pings, %d pongs, %d sessions missing pongs, %d ms%n",
            sessions,
            pingsEach,
            pongs(clients),
            missedSessions,
            (System.nanoTime() - started) / 1_000_000);
        Arrays.stream(sockets).forEach(WebSocket::abort);
      }
    }
  }

  private static int pongs(EagerPinger[] clients) {
    return Arrays.stream(clients).mapToInt(c -> c.pongs.get()).sum();
  }

  @Test
  void aDrainingReplicaStillAcceptsWebSockets() throws Exception {
    TestStack stack = TestStack.shared();
    try (ApiServer server = stack.startServer()) {
      Api api = new Api(server).login();
      // Draining responses say Connection: close; a handshake must still be upgraded.
      server.context().getBean(com.supernovaai.api.web.Lifecycle.class).startDraining();
      Client client = new Client();
      WebSocket ws = connect(server, "AAPL", api.token(), client);
      assertThat(client.next().get("type").asText()).isEqualTo("subscribed");
      ws.abort();
      assertThat(api.get("/version").headers().firstValue("Connection")).hasValue("close");
    }
  }

  @Test
  void handshakeWithoutValidTokenIsRefused() {
    TestStack stack = TestStack.shared();
    try (ApiServer server = stack.startServer()) {
      Client client = new Client();
      boolean refused;
      try {
        connect(server, "AAPL", "forged.token.value", client);
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(client.closeCode).isNotEqualTo(-1));
        refused = true;
      } catch (CompletionException e) {
        assertThat(handshakeStatus(e)).isEqualTo(401);
        refused = true;
      }
      assertThat(refused).isTrue();
      assertThat(client.messages).noneMatch(m -> m.contains("subscribed"));
    }
  }

  @Test
  void aHandshakePastTheRateLimitIsRefusedWith429() throws Exception {
    TestStack stack = TestStack.shared();
    String token;
    try (ApiServer roomy = stack.startServer()) {
      token = new Api(roomy).login().token();
    }
    // 3 tokens of burst, refilled at one per 20 s: the 4th quick handshake is over budget.
    try (ApiServer tight =
        stack.startServer(
            Map.of("RATE_LIMIT_BURST_SIZE", "3", "RATE_LIMIT_REQUESTS_PER_HOUR", "180"))) {
      for (int i = 0; i < 3; i++) {
        Client client = new Client();
        WebSocket ws = connect(tight, "AAPL", token, client);
        assertThat(client.next().get("type").asText()).isEqualTo("subscribed");
        ws.abort();
      }
      Client refused = new Client();
      CompletionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              CompletionException.class, () -> connect(tight, "AAPL", token, refused));
      assertThat(handshakeStatus(e)).isEqualTo(429);
      java.net.http.HttpHeaders headers =
          ((WebSocketHandshakeException) e.getCause()).getResponse().headers();
      assertThat(headers.firstValue("Retry-After")).isPresent();
      assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(refused.messages).isEmpty();
    }
  }

  @Test
  void websocketsCanBeSwitchedOff() {
    TestStack stack = TestStack.shared();
    try (ApiServer server = stack.startServer(Map.of("ENABLE_WEBSOCKETS", "false"))) {
      Api api = new Api(server).login();
      Client client = new Client();
      try {
        connect(server, "AAPL", api.token(), client);
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(client.closeCode).isNotEqualTo(-1));
      } catch (CompletionException e) {
        assertThat(handshakeStatus(e)).isEqualTo(404);
      }
      assertThat(client.messages).isEmpty();
    }
  }
}
