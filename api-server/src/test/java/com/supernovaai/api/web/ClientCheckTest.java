package com.supernovaai.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** Which requests take the WebSocket handshake path ({@link WebSocketClientFilter}). */
class ClientCheckTest {

  @Test
  void aWebSocketUpgradeOnAWsRouteIsAHandshake() {
    assertThat(
            ClientCheck.isWebSocketHandshake(
                HttpRequest.GET("/ws/sentiment/AAPL").header("Upgrade", "WebSocket")))
        .isTrue();
  }

  @Test
  void plainRequestsAndUpgradesElsewhereAreNot() {
    assertThat(ClientCheck.isWebSocketHandshake(HttpRequest.GET("/ws/sentiment/AAPL"))).isFalse();
    assertThat(
            ClientCheck.isWebSocketHandshake(
                HttpRequest.GET("/api/sentiment/AAPL").header("Upgrade", "websocket")))
        .isFalse();
    assertThat(
            ClientCheck.isWebSocketHandshake(
                HttpRequest.GET("/ws/sentiment/AAPL").header("Upgrade", "h2c")))
        .isFalse();
  }
}
